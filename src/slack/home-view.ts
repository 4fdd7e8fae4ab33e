/**
 * The Home tab: what the bot reads, how to bring it a log, a button for the form, and below the
 * recent kills the person may see (from the kill history) — or, with the history off, their own
 * recent analyses.
 */
import { escapeMrkdwn } from '../render/slack/escape-mrkdwn.js';
import { renderHistoryList, type ListedKill } from '../render/slack/render-history-list.js';

export const HOME_ANALYZE_ACTION = 'oom_home_analyze';

export interface HomeItem {
  headline: string;
  permalink: string | null;
  at: number;
}

/** The last section: the recent kills the person may see, as `/oom history` lists them. */
export function recentKillsSection(kills: readonly ListedKill[], retentionDays: number): string {
  return `${renderHistoryList([...kills], '', 0, retentionDays)}\n_\`/oom history\` with a program, host, cgroup or workload finds older ones._`;
}

/** The last section with the history off: the person's own recent analyses (recent-analyses.ts). */
export function yourRecentAnalyses(recent: readonly HomeItem[]): string {
  const items = recent.length === 0
    ? '_None yet. Paste or upload a log in a DM here, or use the button above._'
    : recent
        .map((r) => {
          const title = escapeMrkdwn(r.headline).replace(/\|/g, '¦');
          const when = `<!date^${Math.floor(r.at / 1000)}^{date_short_pretty} {time}|${new Date(r.at).toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
          return `• ${r.permalink ? `<${r.permalink}|${title}>` : title} — ${when}`;
        })
        .join('\n');
  return `*Your recent analyses*\n${items}`;
}

/** `recent`: the last section's mrkdwn, the recent kills or `yourRecentAnalyses`. */
export function homeView(recent: string, maxFileMiB: number) {
  const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });
  return {
    type: 'home' as const,
    blocks: [
      { type: 'header' as const, text: { type: 'plain_text' as const, text: 'oom-triage' } },
      section('I explain why Linux killed a process for memory (the OOM killer), and how Apache Doris BE used its memory — from the log, in a minute.'),
      section(
        [
          '*What I read*',
          '• `dmesg`, `dmesg -T`, `/var/log/kern.log`, `/var/log/messages`, `journalctl -k`',
          '• `kubectl describe pod` and `kubectl get pod -o yaml` (OOMKilled containers)',
          '• Apache Doris `be.INFO` (memory tracker summaries, GC, query cancels)',
          `• \`.log\`, \`.txt\` and \`.gz\` files up to ${maxFileMiB} MiB`,
        ].join('\n'),
      ),
      section(
        [
          '*How to ask*',
          '• Here: paste a log or upload a file in the *Messages* tab.',
          '• In a channel: `/invite @oom-triage`, then paste or upload the log there, or run `/oom analyze`.',
          '• On any message: *⋯ → Analyze OOM*.',
        ].join('\n'),
      ),
      { type: 'actions' as const, elements: [{ type: 'button' as const, action_id: HOME_ANALYZE_ACTION, style: 'primary' as const, text: { type: 'plain_text' as const, text: 'Analyze a log' }, value: 'home' }] },
      { type: 'divider' as const },
      section(recent),
    ],
  };
}
