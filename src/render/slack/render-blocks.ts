/**
 * Report → the Slack reply: Block Kit within Slack's limits, and a plain-text fallback. Everything
 * quoted from the log is escaped (escape-mrkdwn.ts), so a log can never ping or link anyone.
 */
import type { Report, Suggestion } from '../../analysis/report/report-schema.js';
import { CAUSE_TITLES } from '../../analysis/report/cause-phrases.js';
import { eventCount, killTitle } from '../describe-event.js';
import { groupEventsByCause } from '../group-events.js';
import { escapeCode, escapeMrkdwn, truncateEscaped } from './escape-mrkdwn.js';
import { commandGroups } from '../command-groups.js';
import { context, divider, fitMessage, header, section, type Block } from './block-kit.js';
import { eventBlocks, eventFields, whySection } from './render-event-blocks.js';
import { dorisBlocks } from './render-doris-blocks.js';
import { renderHistoryBlocks, type WorkloadHistory } from './render-history-block.js';
import { answersAlertOnly, renderAlertBlocks } from './render-alert-blocks.js';
import { alertTitle } from '../describe-alert.js';

export interface SlackMessage {
  /** Fallback for notifications and clients that cannot show blocks. */
  text: string;
  blocks: Block[];
}

export function headline(report: Report): string {
  const { events } = report;
  // "Killed: test (pid 30211) — parent cgroup limit", as the CLI says it; a kubectl-only kill names its container.
  if (events.length === 1) return killTitle(events[0]!);
  if (events.length > 1) {
    const causes = [...new Set(events.map((e) => CAUSE_TITLES[e.cause]))];
    return `${eventCount(events)} — ${causes.join(', ')}`;
  }
  if (report.doris !== null) return 'Apache Doris BE memory report';
  if (report.alert !== null) return alertTitle(report.alert);
  return 'No OOM kill found';
}

/** The one-line verdict: the text fallback, the broadcast line and the command's channel message. */
export function verdictLine(report: Report): string {
  return truncateEscaped(escapeMrkdwn(report.summary || headline(report)), 2900);
}

/** Earlier kills of the report's workloads that the reply's readers may see (render-history-block.ts). */
export interface ReplyHistory {
  workloads: WorkloadHistory[];
  now: number;
}

/** The full report. */
export function renderBlocks(report: Report, history: ReplyHistory | null = null): SlackMessage {
  if (answersAlertOnly(report)) return renderAlertBlocks(report.alert);
  const blocks: Block[] = [header(headline(report)), ...(history ? renderHistoryBlocks(history.workloads, history.now) : []), section(verdictLine(report))];
  const groups = groupEventsByCause(report.events);
  if (groups.length === 1 && groups[0]!.events.length === 1) {
    blocks.push(...eventBlocks(groups[0]!.example));
  } else {
    for (const g of groups) {
      const victims = g.victims.slice(0, 8).map((v) => `\`${escapeCode(v.comm)}\`${v.count > 1 ? ` ×${v.count}` : ''}`);
      blocks.push(divider);
      blocks.push(section(`*${g.events.length}× ${CAUSE_TITLES[g.cause]}* — killed: ${victims.join(', ')}${g.events.length > 1 ? ' (details of the first below)' : ''}`));
      blocks.push(eventFields(g.example), whySection(g.example, 3));
    }
  }
  if (report.doris !== null) {
    blocks.push(divider, ...dorisBlocks(report.doris));
  }
  const killSuggestions = mergeSuggestions(report.events.flatMap((e) => e.suggestions));
  const dorisSuggestions = report.doris?.suggestions ?? [];
  if (killSuggestions.length + dorisSuggestions.length > 0) blocks.push(divider, ...suggestionBlocks(killSuggestions, dorisSuggestions));
  blocks.push(footer(report));
  return { text: verdictLine(report), blocks: fitMessage(blocks) };
}

/** The short message a command posts in the channel; the full report goes in its thread. */
export function renderVerdict(report: Report, requestedBy: string | null): SlackMessage {
  const by = requestedBy && /^[UW][A-Z0-9]{2,30}$/.test(requestedBy) ? ` · requested by <@${requestedBy}>` : '';
  return {
    text: verdictLine(report),
    blocks: fitMessage([header(headline(report)), section(verdictLine(report)), context([`Details in the thread${by}`])]),
  };
}

function mergeSuggestions(list: Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  return list.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

/** Doris be.conf suggestions shown however many the kills bring: they hold the numbers computed from be.INFO. */
const KEPT_DORIS_SUGGESTIONS = 4;

/**
 * Numbered suggestions, each with its commands in a copy-paste code block; several per section.
 * The kills' own come first; the Doris section's keep at least KEPT_DORIS_SUGGESTIONS places
 * however many the kills bring, and take every place the kills leave.
 */
function suggestionBlocks(kill: Suggestion[], dorisAll: Suggestion[], max = 8): Block[] {
  const doris = dorisAll.slice(0, Math.max(KEPT_DORIS_SUGGESTIONS, max - kill.length));
  const shown = [...kill.slice(0, max - doris.length), ...doris];
  const items = shown.map((s, i) => {
    const cmds = commandGroups(s.commands)
      .map((g) => `\n_${g.label}_\n\`\`\`${escapeCode(g.runs.join('\n').slice(0, 600))}\`\`\``)
      .join('');
    return `*${i + 1}. ${escapeMrkdwn(s.title)}*\n${escapeMrkdwn(s.detail)}${cmds}`;
  });
  const blocks: Block[] = [];
  let current = '*Suggestions*';
  for (const item of items) {
    if (current.length + item.length + 1 > 2900) {
      blocks.push(section(current));
      current = item;
    } else current += `\n${item}`;
  }
  blocks.push(section(current));
  const more = kill.length + dorisAll.length - items.length;
  if (more > 0) blocks.push(context([`_${more} more suggestion(s) in the CLI report._`]));
  return blocks;
}

function footer(report: Report): Block {
  const n = report.events.length;
  const formats = report.input.formats.length > 0 ? report.input.formats.join(', ') : 'none recognised';
  return context([
    `${n} OOM event${n === 1 ? '' : 's'} found · ${report.input.lines} line${report.input.lines === 1 ? '' : 's'} read · formats: ${escapeMrkdwn(formats)} · oom-triage`,
  ]);
}
