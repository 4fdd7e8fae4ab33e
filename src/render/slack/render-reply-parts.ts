/**
 * What the reply's buttons post in the thread: the evidence (the quoted lines, the task-dump header
 * over task rows, the time said once), every suggestion (numbered, read-only checks and changes in
 * separate blocks, split into several messages only between suggestions), and the memory tables
 * (each at most ~55 characters wide, so none wraps in the thread pane or on a phone).
 */
import type { DorisReport, OomEvent, Report, Suggestion } from '../../analysis/report/report-schema.js';
import { stripLinePrefix } from '../../analysis/input/strip-line-prefix.js';
import { formatBytes, formatKb, formatLimitBytes, formatShare } from '../../analysis/units.js';
import { clip } from '../clip.js';
import { commandGroups } from '../command-groups.js';
import { dorisTaskName, killHeadline, shortPath } from '../describe-headline.js';
import { largestTrackers, dorisAllocatorLine, dorisGcLine, dorisTrackedLine } from '../describe-doris.js';
import { groupEventsByCause } from '../group-events.js';
import { evidenceLocation } from '../line-locator.js';
import { mergeEvidence } from '../merge-evidence.js';
import { textTable } from '../text-table.js';
import { wrapCommand } from '../wrap-command.js';
import { DORIS_FINDING_TITLES } from '../labels.js';
import { LIMITS, blockChars, context, fields, header, section, table, type Block } from './block-kit.js';
import { escapeCode, escapeMrkdwn } from './escape-mrkdwn.js';
import { allSuggestions, type SlackMessage } from './render-first-message.js';
import { CAUSE_SEVERITY } from '../describe-headline.js';
import { eventCgroups, rejoinedNote } from '../describe-event.js';

/** The widest a table may be: the thread pane shows about 55 monospace characters. */
export const TABLE_WIDTH = 55;
/** Kills shown in the evidence and memory parts: one per cause, the worst first. */
const MAX_EVENTS = 3;

function shownEvents(report: Report): OomEvent[] {
  return groupEventsByCause(report.events)
    .sort((a, b) => CAUSE_SEVERITY[a.cause] - CAUSE_SEVERITY[b.cause])
    .slice(0, MAX_EVENTS)
    .map((g) => g.example);
}

/** The task dump's columns (4.19+: `[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name`), shortened to fit. */
const TASK_COLUMNS = ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'pgtables', 'swapents', 'adj', 'name'];
const TASK_ROW = /^\s*\[\s*\d+\]\s/;

/** Task rows re-aligned under their column header (pages as printed); rows of other kernel eras as quoted. */
function taskRows(bodies: string[]): string[] {
  const rows = bodies.map((b) => b.trim().replace(/^\[\s*(\d+)\]/, '$1').split(/\s+/));
  if (rows.some((r) => r.length !== TASK_COLUMNS.length)) return bodies.map((b) => clip(b.trim(), 200));
  return textTable([TASK_COLUMNS, ...rows.map((r) => [...r.slice(0, -1), clip(r.at(-1)!, 16)])], ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left']);
}

export function renderEvidence(report: Report): SlackMessage[] {
  const blocks: Block[] = [header('Evidence')];
  for (const e of shownEvents(report)) {
    if (report.events.length > 1) blocks.push(section(`*${escapeMrkdwn(killHeadline(e))}*`));
    const stamps = new Set<string>();
    const items = mergeEvidence(e.evidence).map((ev) => {
      const stripped = stripLinePrefix(ev.text);
      if (stripped.time) stamps.add(stripped.time);
      return { ...ev, body: stripped.body.trim().length > 0 ? stripped.body : ev.text };
    });
    const when = [...stamps];
    const rejoined = rejoinedNote(e);
    if (when.length > 0 || e.host || rejoined) {
      const at = when.length === 1 ? `every line at ${when[0]!.replace('T', ' ')}` : when.length > 1 ? `lines from ${when[0]!.replace('T', ' ')} to ${when[when.length - 1]!.replace('T', ' ')}` : '';
      blocks.push(context([escapeMrkdwn([at, e.host ? `host ${e.host}` : '', rejoined ?? ''].filter(Boolean).join(' · '))]));
    }
    // Task rows go together under the dump's own column header; every other line on its own.
    let i = 0;
    while (i < items.length) {
      const ev = items[i]!;
      if (TASK_ROW.test(ev.body)) {
        const rows = [ev];
        while (i + 1 < items.length && TASK_ROW.test(items[i + 1]!.body)) rows.push(items[++i]!);
        const whys = rows.map((r) => `• ${escapeMrkdwn(r.whys.join('; '))} _(${evidenceLocation(r)})_`).join('\n');
        blocks.push(section(`${whys}\n_Task dump (total_vm and rss in pages, pgtables in bytes)_\n\`\`\`${escapeCode(taskRows(rows.map((r) => r.body)).join('\n'))}\`\`\``));
      } else {
        blocks.push(section(`• ${escapeMrkdwn(ev.whys.join('; '))} _(${evidenceLocation(ev)})_\n\`\`\`${escapeCode(clip(ev.body.trim(), 400))}\`\`\``));
      }
      i++;
    }
  }
  if (report.events.length > MAX_EVENTS) blocks.push(context([`${report.events.length} kills in all; one of each cause is shown. The full report (button) lists every one.`]));
  if (report.doris) {
    const withEvidence = report.doris.findings.filter((f) => f.evidence.length > 0);
    for (const f of withEvidence) {
      const quote = f.evidence.slice(0, 3).map((ev) => clip(stripLinePrefix(ev.text).body || ev.text, 300));
      blocks.push(section(`• *Doris: ${escapeMrkdwn(DORIS_FINDING_TITLES[f.id])}* _(${evidenceLocation(f.evidence[0]!)})_\n\`\`\`${escapeCode(quote.join('\n'))}\`\`\``));
    }
  }
  return splitMessages(blocks, 'Evidence');
}

/** Every suggestion, numbered; each one's checks and changes in separate blocks. */
export function renderSuggestions(report: Report): SlackMessage[] {
  const list = allSuggestions(report);
  const units: Block[][] = list.map((s, i) => suggestionBlocks(s, i + 1));
  return packUnits([header(`All suggestions (${list.length})`)], units, 'All suggestions');
}

export function suggestionBlocks(s: Suggestion, n: number): Block[] {
  const blocks: Block[] = [section(`*${n}. ${escapeMrkdwn(s.title)}*\n${escapeMrkdwn(s.detail)}`)];
  for (const g of commandGroups(s.commands)) {
    const mark = g.effect === 'change' ? ':warning: ' : '';
    blocks.push(section(`${mark}_${g.label}_\n\`\`\`${escapeCode(g.runs.map((r) => wrapCommand(r)).join('\n'))}\`\`\``));
  }
  return blocks;
}

export function renderMemory(report: Report): SlackMessage[] {
  const units: Block[][] = [];
  for (const e of shownEvents(report)) {
    const unit: Block[] = [];
    if (report.events.length > 1) unit.push(section(`*${escapeMrkdwn(killHeadline(e))}*`));
    unit.push(...taskTable(e));
    const zones = zoneTable(e);
    if (zones) unit.push(zones);
    const mi = memInfoFields(e);
    if (mi) unit.push(mi);
    if (e.memcg && (e.memcg.usageKb !== null || e.memcg.limitKb !== null)) {
      const m = e.memcg;
      const rows = [['cgroup', 'usage', 'limit']];
      rows.push([shortPath(eventCgroups(e).limit ?? '?', 24), formatKb(m.usageKb), formatKb(m.limitKb)]);
      if (m.swapUsageKb !== null || m.swapLimitKb !== null) rows.push(['+ swap', formatKb(m.swapUsageKb), formatKb(m.swapLimitKb)]);
      unit.push(section(`*Memory cgroup*\n${codeTable(rows, ['left', 'right', 'right'])}`));
    }
    if (unit.length > (report.events.length > 1 ? 1 : 0)) units.push(unit);
  }
  if (report.doris) units.push(dorisMemory(report.doris));
  if (units.length === 0) units.push([section('The log shows no memory tables for this kill (no task dump, zones or Mem-Info).')]);
  return packUnits([header('Memory')], units, 'Memory');
}

function codeTable(rows: string[][], align: Array<'left' | 'right'>): string {
  return `\`\`\`${escapeCode(textTable(rows, align).join('\n'))}\`\`\``;
}

/** The largest tasks as a Slack table (real columns); the killed one says so in its row. */
function taskTable(e: OomEvent, max = 12): Block[] {
  const rows = [['pid', 'name', 'rss', 'share', 'adj']];
  const source = e.tasks.length > 0 ? e.tasks.map((t) => ({ pid: t.pid, comm: t.comm, rssKb: t.rssKb, adj: t.oomScoreAdj })) : e.topTasks.map((t) => ({ pid: t.pid, comm: t.comm, rssKb: t.rssKb, adj: t.oomScoreAdj }));
  if (source.length === 0) return [];
  const total = source.reduce((n, t) => n + t.rssKb, 0);
  const largest = [...source].sort((a, b) => b.rssKb - a.rssKb).slice(0, max);
  for (const t of largest) {
    rows.push([String(t.pid), `${clip(t.comm, 24).replace(/… \(.*$/, '…')}${t.pid === e.victim?.pid ? ' (killed)' : ''}`, formatKb(t.rssKb), total > 0 ? formatShare(t.rssKb / total) : '', t.adj === null ? '' : String(t.adj)]);
  }
  const hidden = source.length - largest.length + e.tasksOmitted;
  return [
    section('*Largest tasks in the dump* (resident memory)'),
    table(rows, ['right', 'left', 'right', 'right', 'right']),
    ...(hidden > 0 ? [context([`${hidden} smaller task(s) not shown.`])] : []),
  ];
}

function zoneTable(e: OomEvent): Block | null {
  if (e.zones.length === 0) return null;
  const rows = [['zone', 'free', 'min', 'low', 'high']];
  for (const z of e.zones.slice(0, 8)) {
    rows.push([`${z.node !== null ? `${z.node} ` : ''}${z.zone}`, formatKb(z.freeKb), formatKb(z.minKb), formatKb(z.lowKb), formatKb(z.highKb)]);
  }
  return section(`*Free memory per zone* (the kernel kills below min)\n${codeTable(rows, ['left', 'right', 'right', 'right', 'right'])}`);
}

function memInfoFields(e: OomEvent): Block | null {
  const mi = e.memInfo;
  if (!mi) return null;
  const pairs: Array<[string, string]> = [];
  const add = (label: string, kb: number | null) => {
    if (kb !== null) pairs.push([label, formatKb(kb)]);
  };
  add('RAM', mi.ramKb);
  add('Free', mi.freeKb);
  if (mi.activeAnonKb !== null || mi.inactiveAnonKb !== null) add('Anonymous', (mi.activeAnonKb ?? 0) + (mi.inactiveAnonKb ?? 0));
  if (mi.activeFileKb !== null || mi.inactiveFileKb !== null) add('Page cache', (mi.activeFileKb ?? 0) + (mi.inactiveFileKb ?? 0));
  add('Shmem', mi.shmemKb);
  add('Slab unreclaimable', mi.slabUnreclaimableKb);
  add('Page tables', mi.pageTablesKb);
  if (mi.hugepagesTotalKb) add('HugeTLB', mi.hugepagesTotalKb);
  if (mi.swapTotalKb !== null) pairs.push(['Swap', mi.swapTotalKb === 0 ? 'none' : `${formatKb(mi.swapFreeKb)} free of ${formatKb(mi.swapTotalKb)}`]);
  return pairs.length > 0 ? fields(pairs.slice(0, 10)) : null;
}

function dorisMemory(d: DorisReport): Block[] {
  const blocks: Block[] = [section('*Apache Doris BE*')];
  const top = largestTrackers(d, 10);
  if (top.length > 0) {
    const rows = [['tracker', 'used', 'limit', 'share']];
    for (const { tracker: t, share } of top) rows.push([clip(dorisTaskName(t.label), 24).replace(/… \(.*$/, '…'), formatBytes(t.usedBytes), t.limitBytes === null ? '' : formatLimitBytes(t.limitBytes), share === null ? '' : formatShare(share)]);
    blocks.push(section("*Largest memory trackers* (share of the BE's RSS)"), table(rows, ['left', 'right', 'right', 'right']));
  }
  blocks.push(fields([
    ['Tracked', escapeMrkdwn(dorisTrackedLine(d))],
    ['Allocator', escapeMrkdwn(dorisAllocatorLine(d))],
    ['GC', escapeMrkdwn(dorisGcLine(d))],
  ]));
  return blocks;
}

/**
 * Units (a suggestion, a kill's tables) packed into as few messages as Slack's limits allow, never
 * splitting a unit: a long list goes on in a second message, numbered on. Slack takes one table
 * block a message, so a unit with a second table opens the next message.
 */
function packUnits(head: Block[], units: Block[][], title: string): SlackMessage[] {
  const messages: Block[][] = [];
  let current = [...head];
  let chars = current.reduce((n, b) => n + blockChars(b), 0);
  const tables = (blocks: Block[]) => blocks.filter((b) => b.type === 'table').length;
  for (const unit of units) {
    const size = unit.reduce((n, b) => n + blockChars(b), 0);
    const tooMany = current.length + unit.length > LIMITS.blocks || chars + size > LIMITS.totalChars || tables(current) + tables(unit) > 1;
    if (current.length > head.length && tooMany) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(...unit);
    chars += size;
  }
  messages.push(current);
  return messages.map((blocks, i) => ({ text: messages.length > 1 ? `${title} (${i + 1}/${messages.length})` : title, blocks }));
}

function splitMessages(blocks: Block[], title: string): SlackMessage[] {
  const [head, ...rest] = blocks;
  return packUnits(head ? [head] : [], rest.map((b) => [b]), title);
}
