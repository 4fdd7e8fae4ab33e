/** `/oom history`'s private answer: the matching kills, newest first, each linking to its analysis. */
import { CAUSE_TITLES } from '../../analysis/report/cause-phrases.js';
import type { CauseId } from '../../analysis/report/report-schema.js';
import { formatKb } from '../../analysis/units.js';
import { escapeCode } from './escape-mrkdwn.js';
import { shortPath, when } from './render-history-block.js';

export interface ListedKill {
  analysedAt: number;
  permalink: string | null;
  program: string;
  pid: number | null;
  host: string | null;
  cgroup: string | null;
  /** A Kubernetes container's `namespace/kind/name`, shown in place of a cgroup. */
  workload?: string | null;
  cause: CauseId;
  limitKb: number | null;
  usageKb: number | null;
}

export function renderHistoryList(kills: ListedKill[], query: string, more: number, retentionDays: number): string {
  const matching = query === '' ? '' : ` matching ${code(query.slice(0, 200))}`;
  if (kills.length === 0) return `No OOM kills${matching} that you can see in the last ${retentionDays} days.`;
  const lines = kills.map((k) => {
    const where = [k.workload ? ` in ${code(k.workload)}` : k.cgroup !== null && k.cgroup !== '/' ? ` in ${code(shortPath(k.cgroup))}` : '', k.host !== null ? ` on ${code(k.host)}` : ''].join('');
    const numbers = k.limitKb !== null ? `; usage ${formatKb(k.usageKb)} of limit ${formatKb(k.limitKb)}` : '';
    return `• ${when({ at: k.analysedAt, permalink: k.permalink })} — ${code(k.program)}${k.pid !== null ? ` (pid ${k.pid})` : ''}${where} — ${CAUSE_TITLES[k.cause]}${numbers}`;
  });
  const tail = more > 0 ? `\n_${more} more; narrow it down with a program, host or cgroup._` : '';
  return `*Recent OOM kills${matching}*, newest first:\n${lines.join('\n')}${tail}`;
}

function code(text: string): string {
  return `\`${escapeCode(text)}\``;
}
