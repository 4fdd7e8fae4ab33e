/**
 * The process the kernel killed. The kill line is the source; the task-table row of the same pid
 * fills in what an older kill line does not print (uid, page tables, oom_score_adj). When only the
 * "Kill process N … or sacrifice child" line survived, the victim is that process with unknown sizes.
 */
import type { Victim } from '../report-schema.js';
import type { RawOomEvent, RawTask } from './raw-event.js';
import type { Reason } from './classify-cause.js';
import { formatKb } from './sizes.js';

export interface VictimFacts {
  victim: Victim | null;
  /** The victim's row in the task dump, when kept. */
  row: RawTask | null;
  reasons: Reason[];
}

export function readVictim(raw: RawOomEvent): VictimFacts {
  const k = raw.killed;
  const sel = raw.killSelect;
  const rowOf = (pid: number): RawTask | null => raw.taskTable?.tasks.find((t) => t.pid === pid) ?? null;
  if (k !== null) {
    const row = rowOf(k.pid);
    const victim: Victim = {
      pid: k.pid,
      comm: k.comm,
      totalVmKb: k.totalVmKb,
      anonRssKb: k.anonRssKb,
      fileRssKb: k.fileRssKb,
      shmemRssKb: k.shmemRssKb,
      uid: k.uid ?? row?.uid ?? null,
      pgtablesKb: k.pgtablesKb ?? row?.pgtablesKb ?? null,
      oomScoreAdj: k.oomScoreAdj ?? row?.oomScoreAdj ?? null,
    };
    const reasons: Reason[] = [{ at: k.at, why: `the kernel killed ${k.comm} (pid ${k.pid})${rssPhrase(victim)}` }];
    if (sel !== null && sel.pid !== k.pid) {
      reasons.push({ at: sel.at, why: `the kernel selected ${sel.comm} (pid ${sel.pid}${sel.score !== null ? `, score ${sel.score}` : ''}) but killed its child ${k.comm} (pid ${k.pid}) instead ("sacrifice child", kernels before 5.1)` });
    } else if (sel !== null && sel.score !== null) {
      reasons.push({ at: sel.at, why: `the kernel chose ${sel.comm} (pid ${sel.pid}) with badness score ${sel.score}` });
    }
    return { victim, row, reasons };
  }
  if (sel !== null) {
    const row = rowOf(sel.pid);
    const victim: Victim = {
      pid: sel.pid,
      comm: sel.comm,
      totalVmKb: null,
      anonRssKb: null,
      fileRssKb: null,
      shmemRssKb: null,
      uid: row?.uid ?? null,
      pgtablesKb: row?.pgtablesKb ?? null,
      oomScoreAdj: row?.oomScoreAdj ?? null,
    };
    return { victim, row, reasons: [{ at: sel.at, why: `the kernel chose ${sel.comm} (pid ${sel.pid}) to kill; the "Killed process" line with its sizes is not in the input` }] };
  }
  return { victim: null, row: null, reasons: [] };
}

/** Resident memory of the victim as the kill line prints it (anon + file + shmem), null when unknown. */
export function victimRssKb(v: Victim): number | null {
  if (v.anonRssKb === null && v.fileRssKb === null && v.shmemRssKb === null) return null;
  return (v.anonRssKb ?? 0) + (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0);
}

function rssPhrase(v: Victim): string {
  const parts: string[] = [];
  if (v.anonRssKb !== null) parts.push(`anon-rss ${formatKb(v.anonRssKb)}`);
  if (v.fileRssKb !== null && v.fileRssKb > 0) parts.push(`file-rss ${formatKb(v.fileRssKb)}`);
  if (v.shmemRssKb !== null && v.shmemRssKb > 0) parts.push(`shmem-rss ${formatKb(v.shmemRssKb)}`);
  if (v.totalVmKb !== null) parts.push(`total-vm ${formatKb(v.totalVmKb)}`);
  return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}
