/**
 * The first message of a reply: one screen of Slack's thread pane (≈6 blocks). A headline saying
 * what was killed, why and where; the numbers that prove it; a few fields; the first suggestion
 * with its read-only commands; the buttons for the rest (reply-actions.ts). Everything else is one
 * button away (render-reply-parts.ts).
 */
import type { FactorId, NoKillReason, OomEvent, Report, Suggestion } from '../../analysis/report/report-schema.js';
import { formatBytes, formatShare } from '../../analysis/units.js';
import { CAUSE_TITLES, NO_KILL_TITLES } from '../../analysis/report/cause-phrases.js';
import { eventSubject } from '../../analysis/report/event-subject.js';
import { commandGroups } from '../command-groups.js';
import { dominantDorisTask, dorisHeadline, dorisNumbers, dorisTaskName, killHeadline, killNumbers, reportHeadline, shortPath, topConsumer, victimRssKb, worstEvent, CAUSE_SEVERITY } from '../describe-headline.js';
import { groupEventsByCause } from '../group-events.js';
import { eventCgroups, ranInCgroup } from '../describe-event.js';
import { formatKb } from '../../analysis/units.js';
import { FACTOR_TITLES } from '../labels.js';
import { context, fields, fitMessage, header, section, type Block } from './block-kit.js';
import { escapeCode, escapeMrkdwn } from './escape-mrkdwn.js';
import { replyActions, type ReplyPart } from './reply-actions.js';
import { plainSummary } from '../describe-headline.js';
import { wrapCommand } from '../wrap-command.js';
import { describeTime } from '../describe-time.js';

export interface SlackMessage {
  /** Fallback for notifications and clients that cannot show blocks. */
  text: string;
  blocks: Block[];
}

/** Every suggestion of a report in the order a reader should try them: the kills' own first, then Doris's. */
export function allSuggestions(report: Report): Suggestion[] {
  const seen = new Set<string>();
  const events = [...report.events].sort((a, b) => CAUSE_SEVERITY[a.cause] - CAUSE_SEVERITY[b.cause]);
  const dorisFirst = report.doris !== null && dominantDorisTask(report.doris) !== null;
  const kill = events.flatMap((e) => e.suggestions);
  const doris = report.doris?.suggestions ?? [];
  return [...(dorisFirst ? [...doris, ...kill] : [...kill, ...doris])].filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

/** Which buttons a report has something behind. */
export function replyParts(report: Report): ReplyPart[] {
  const parts: ReplyPart[] = [];
  const evidence = report.events.some((e) => e.evidence.length > 0) || (report.doris?.findings.some((f) => f.evidence.length > 0) ?? false);
  if (evidence) parts.push('evidence');
  const suggestions = allSuggestions(report);
  // The first message shows only the first suggestion's checks: its changes are behind this button too.
  if (suggestions.length > 1 || suggestions.some((s) => s.commands.some((c) => c.effect === 'change'))) parts.push('suggestions');
  const memory = report.events.some((e) => e.tasks.length > 0 || e.topTasks.length > 0 || e.zones.length > 0 || e.memInfo !== null || e.memcg?.usageKb != null) || (report.doris?.trackers.length ?? 0) > 0;
  if (memory) parts.push('memory');
  parts.push('report');
  return parts;
}

/** The one-line summary: notification text, channel broadcast, the command's channel message. */
export function summaryLine(report: Report): string {
  return escapeMrkdwn(plainSummary(report)).slice(0, 2900);
}

export function renderFirstMessage(report: Report, options: { jobId: string }): SlackMessage {
  const blocks: Block[] = [header(reportHeadline(report))];
  const lines: string[] = [];
  const worst = report.events.length > 0 ? worstEvent(report.events) : null;
  if (worst && report.events.length > 1) lines.push(...groupLines(report.events, worst));
  if (worst) {
    const numbers = killNumbers(worst);
    if (numbers) lines.push(escapeMrkdwn(numbers));
  }
  if (report.doris) {
    if (report.events.length > 0) lines.push(`*Doris BE:* ${escapeMrkdwn(dorisHeadline(report.doris))}`);
    lines.push(escapeMrkdwn(dorisNumbers(report.doris)));
  }
  if (lines.length > 0) blocks.push(section(lines.join('\n')));
  const pairs = worst ? killFields(worst) : report.doris ? dorisFields(report) : [];
  if (pairs.length > 0) blocks.push(fields(pairs));

  const suggestions = allSuggestions(report);
  const first = suggestions[0];
  if (first) blocks.push(...nextStep(first));
  const more: string[] = [];
  if (suggestions.length > 1) more.push(`${suggestions.length - 1} more suggestion${suggestions.length === 2 ? '' : 's'}, the evidence and the memory tables: buttons below`);
  more.push(`read ${report.input.lines} line${report.input.lines === 1 ? '' : 's'}${report.input.formats.length > 0 ? ` (${escapeMrkdwn(report.input.formats.join(', '))})` : ''}`);
  const rejoined = report.events.reduce((n, e) => n + e.rejoined, 0);
  if (rejoined > 0) more.push(`${rejoined} line${rejoined === 1 ? '' : 's'} wrapped by a mail client joined back`);
  blocks.push(context([more.join(' · ')]));
  blocks.push(replyActions({ jobId: options.jobId, parts: replyParts(report), suggestionCount: suggestions.length }));
  return { text: summaryLine(report), blocks: fitMessage(blocks) };
}

/** Dumps without a kill that a reader must not miss in a group: the kernel panicked, or nothing could be killed. */
const NOTABLE_NO_KILLS: readonly NoKillReason[] = ['panic_on_oom', 'interrupted', 'no_killable_process'];
/** Factors named on a group's line beyond those the fields already show (repeated_kills is the count itself). */
const GROUP_FACTORS_SHOWN = 2;

/**
 * "*3× system out of memory* — java, nginx, _nothing killed_ · the kernel panicked instead of
 * killing · also: unreclaimable slab above 10% of RAM" per cause, the worst cause first: a panic or
 * a factor found in a later event of a group is named, not hidden behind the count.
 */
function groupLines(events: readonly OomEvent[], worst: OomEvent): string[] {
  const groups = groupEventsByCause(events).sort((a, b) => CAUSE_SEVERITY[a.cause] - CAUSE_SEVERITY[b.cause]);
  const inFields = new Set<FactorId>([...shownFactors(worst), 'repeated_kills']);
  const shown = groups.slice(0, 5).map((g) => {
    const victims = g.victims.slice(0, 4).map((v) => `${v.killed ? escapeMrkdwn(v.comm) : `_${escapeMrkdwn(v.comm)}_`}${v.count > 1 ? ` ×${v.count}` : ''}`);
    const notes = [...new Set(g.events.flatMap((e) => (e.noKill !== null && NOTABLE_NO_KILLS.includes(e.noKill) ? [NO_KILL_TITLES[e.noKill]] : [])))];
    const factors = [...new Set(g.events.flatMap((e) => e.factors))].filter((f) => !inFields.has(f));
    if (factors.length > 0) {
      const more = factors.length - GROUP_FACTORS_SHOWN;
      notes.push(`also: ${factors.slice(0, GROUP_FACTORS_SHOWN).map((f) => FACTOR_TITLES[f]).join('; ')}${more > 0 ? ` and ${more} more` : ''}`);
    }
    return `• *${g.events.length}× ${CAUSE_TITLES[g.cause]}* — ${victims.join(', ')}${notes.map((n) => ` · ${escapeMrkdwn(n)}`).join('')}`;
  });
  if (groups.length > 5) shown.push(`• and ${groups.length - 5} more causes`);
  return shown;
}

/** The factors the first message's "Also" field names. */
function shownFactors(e: OomEvent): FactorId[] {
  return e.factors.slice(0, 3);
}

function killFields(e: OomEvent): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const subject = eventSubject(e);
  if (subject) {
    const rss = victimRssKb(e);
    pairs.push(['Killed', escapeMrkdwn(`${subject}${rss !== null ? `\n${formatKb(rss)} resident` : ''}`)]);
  }
  const where: string[] = [];
  if (e.host) where.push(`host ${e.host}`);
  // Where the victim ran; a cgroup that hit no limit is said as only that (the headline names a limit that was hit).
  const cgroups = eventCgroups(e);
  if (cgroups.task !== null) where.push(cgroups.cgroupOom ? `cgroup ${shortPath(cgroups.task, 48)}` : ranInCgroup(shortPath(cgroups.task, 48)));
  if (where.length > 0) pairs.push(['Where', escapeMrkdwn(where.join('\n'))]);
  const top = topConsumer(e);
  if (top) pairs.push([top.label, escapeMrkdwn(top.text)]);
  if (e.time) pairs.push(['Time', escapeMrkdwn(describeTime(e.time))]);
  if (e.factors.length > 0) pairs.push(['Also', escapeMrkdwn(shownFactors(e).map((f) => FACTOR_TITLES[f]).join('; '))]);
  return pairs.slice(0, 6);
}

function dorisFields(report: Report): Array<[string, string]> {
  const d = report.doris!;
  const pairs: Array<[string, string]> = [];
  const dominant = dominantDorisTask(d);
  if (dominant) pairs.push(['Top task', escapeMrkdwn(`${dorisTaskName(dominant.tracker.label)} ${formatBytes(dominant.tracker.usedBytes)}`)]);
  if (d.trackedRatio !== null) pairs.push(['Tracked', escapeMrkdwn(`${formatShare(d.trackedRatio)} of resident memory`)]);
  pairs.push(['GC before it', escapeMrkdwn(`${d.gc.full} full, ${d.gc.minor} minor in ${d.gc.windowMinutes} min`)]);
  const time = d.killTime ?? d.summaryTime;
  if (time) pairs.push([d.killTime ? 'Killed at' : 'Summary at', escapeMrkdwn(time.replace('T', ' ').replace(/\.\d+$/, ''))]);
  return pairs;
}

/** The first suggestion: what to do, then its read-only checks in their own block; its changes wait behind "All suggestions". */
function nextStep(s: Suggestion): Block[] {
  const blocks: Block[] = [section(`*Next: ${escapeMrkdwn(shortenPaths(s.title))}*\n${escapeMrkdwn(shortenPaths(firstSentences(s.detail, 420)))}`)];
  const read = commandGroups(s.commands).find((g) => g.effect === 'read');
  // Commands stay whole (they are copied); only prose shortens long paths.
  if (read) {
    // A screen holds a few short checks: the first always, more while they stay short; the rest are under All suggestions.
    const shown: string[] = [];
    for (const run of read.runs.map((r) => wrapCommand(r))) {
      if (shown.length > 0 && (shown.length >= 3 || shown.join('\n').length + run.length > 320)) break;
      shown.push(run);
    }
    const more = read.runs.length - shown.length;
    blocks.push(section(`_${read.label}_${more > 0 ? ` — ${more} more under *All suggestions*` : ''}\n\`\`\`${escapeCode(shown.join('\n'))}\`\`\``));
  }
  return blocks;
}

/** Whole sentences up to `max` characters (at least the first), so nothing is cut mid-word. */
export function firstSentences(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = -1;
  for (const m of text.matchAll(/[.!?](?=\s)/g)) {
    const end = m.index + 1;
    if (end > max && cut !== -1) break;
    cut = end;
    if (end > max) break;
  }
  return cut === -1 ? text : text.slice(0, cut);
}

/** Paths longer than the pane in prose keep their start and end (commands keep them whole). */
function shortenPaths(text: string): string {
  return text.replace(/\/[\w.@:+-]+(?:\/[\w.@:+-]+){2,}\/?/g, (p) => shortPath(p, 48));
}
