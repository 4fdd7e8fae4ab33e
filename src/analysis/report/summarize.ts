/** The one sentence (or two) a human reads first: what was killed and why, or why nothing was found. */
import type { CauseId, DorisFindingId, OomEvent, Report } from './report-schema.js';
import { CAUSE_PHRASES } from './cause-phrases.js';
import { eventSubject } from './event-subject.js';
import { NO_KILL_PHRASES } from './cause-phrases.js';

export interface SummaryContext {
  /** Kills found, including those beyond the events kept in the report. */
  totalKills: number;
  /** Things the analyser could not read, in words. */
  problems: string[];
}

export function summarize(report: Report, ctx: SummaryContext): string {
  const parts: string[] = [];
  const { events } = report;
  if (events.length === 0 && report.doris === null) {
    parts.push(`No OOM-killer kill found in ${report.input.lines} line${report.input.lines === 1 ? '' : 's'}.`);
  } else if (events.length === 1) {
    parts.push(describeOne(events[0]!));
  } else if (events.length > 1) {
    parts.push(describeMany(events, ctx.totalKills));
  }
  if (report.doris !== null) parts.push(describeDoris(report.doris));
  if (ctx.problems.length > 0) parts.push(`Could not read everything: ${ctx.problems.join('; ')}.`);
  return parts.join(' ');
}

function describeOne(e: OomEvent): string {
  const when = e.time ? ` at ${e.time}` : '';
  const where = e.host ? ` on ${e.host}` : '';
  const subject = eventSubject(e);
  if (subject === null) {
    if (e.noKill !== null && e.noKill !== 'input_ends') {
      return `The OOM killer ran${when}${where}, but ${NO_KILL_PHRASES[e.noKill]}. Cause: ${CAUSE_PHRASES[e.cause]}.`;
    }
    const unread = e.evidence.find((ev) => ev.why.startsWith('could not read this line'));
    const why = unread ? `a line of its report could not be read (line ${unread.line}: ${unread.why.replace('could not read this line: ', '')})` : 'the kill line is not in the input';
    return `The OOM killer ran${when}${where} (${why}): ${CAUSE_PHRASES[e.cause]}.`;
  }
  const verb = e.source === 'kubectl' ? 'was OOMKilled (Kubernetes container status)' : 'was killed by the OOM killer';
  // Processes sharing the victim's memory die in the same kill: said, not counted as further kills.
  const sharers = e.sharedMemoryKills > 0 ? `, with ${e.sharedMemoryKills} process${e.sharedMemoryKills === 1 ? '' : 'es'} sharing its memory` : '';
  return `${subject} ${verb}${when}${where}${sharers}: ${CAUSE_PHRASES[e.cause]}.`;
}

function describeMany(events: OomEvent[], totalKills: number): string {
  // A memory.oom.group pass is one OOM that kills several tasks: its further kills are not further OOMs.
  const groupFollowers = (e: OomEvent): boolean => e.victim !== null && e.oomGroup !== null && e.oomGroup.member > 1;
  const byCause = new Map<CauseId, OomEvent[]>();
  for (const e of events) if (!groupFollowers(e)) byCause.set(e.cause, [...(byCause.get(e.cause) ?? []), e]);
  const causes = [...byCause.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([cause, list]) => `${list.length}× ${CAUSE_PHRASES[cause]}`);
  const victims = new Map<string, number>();
  for (const e of events) if (e.victim) victims.set(e.victim.comm, (victims.get(e.victim.comm) ?? 0) + 1);
  const victimText = [...victims.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([comm, n]) => (n > 1 ? `${comm} ×${n}` : comm))
    .join(', ');
  const beyond = totalKills > events.length ? ` (${totalKills - events.length} more not detailed)` : '';
  // Kills are events that name a victim (plus those beyond the kept events); a dump without its kill line is an OOM, not a kill.
  const kills = events.filter((e) => e.victim !== null).length + Math.max(0, totalKills - events.length);
  const followers = events.filter(groupFollowers).length;
  const ooms = totalKills - followers;
  const groups = events.filter((e) => e.victim !== null && e.oomGroup !== null && e.oomGroup.member === 1 && e.oomGroup.kills > 1);
  const groupText = (e: OomEvent): string => `as one memory.oom.group, every task of ${e.oomGroup!.path}`;
  let head: string;
  const notes: string[] = [];
  if (kills !== totalKills) head = `${ooms} OOM events, ${kills} with a kill in the input${beyond}`;
  else if (followers === 0) head = `${kills} OOM kills${beyond}`;
  else if (ooms === 1 && groups.length === 1 && groups[0]!.oomGroup!.kills === kills) head = `${kills} processes killed in one OOM, all ${groupText(groups[0]!)}`;
  else {
    head = `${kills} processes killed in ${ooms} OOMs${beyond}`;
    for (const g of groups) notes.push(`${g.oomGroup!.kills} of them ${groupText(g)}`);
  }
  const killed = [victimText ? `killed: ${victimText}` : '', ...notes].filter((x) => x !== '').join('; ');
  const why = ooms === 1 && causes.length === 1 ? CAUSE_PHRASES[[...byCause.keys()][0]!] : causes.join('; ');
  return `${head}${killed ? ` (${killed})` : ''}: ${why}.`;
}

function describeDoris(d: NonNullable<Report['doris']>): string {
  const bits: string[] = [];
  if (d.trackedRatio !== null) bits.push(`memory trackers explain ${Math.round(d.trackedRatio * 100)}% of the BE's resident memory`);
  if (d.findings.length > 0) bits.push(d.findings.map((f) => DORIS_FINDING_PHRASES[f.id]).join('; '));
  const when = d.summaryTime ? ` (summary at ${d.summaryTime})` : '';
  const found = d.trackers.length > 0 || d.processUsedBytes !== null || d.processResidentBytes !== null;
  const none = found ? 'the memory summary shows nothing that stands out' : 'no memory summary block found';
  return `Doris BE memory${when}: ${bits.length > 0 ? bits.join('; ') : none}.`;
}

/** Each Doris finding in words, for the summary sentence (the ids stay in the JSON). */
const DORIS_FINDING_PHRASES: Record<DorisFindingId, string> = {
  frequent_gc: 'memory GC ran often (memory pressure)',
  tracker_coverage_low: 'the memory trackers miss much of the resident memory',
  orphan_large: 'the Orphan tracker is large',
  jemalloc_metadata_large: 'jemalloc metadata is large',
  jemalloc_cache_large: 'the jemalloc cache is large',
  query_cancel_stuck: 'a cancelled query kept its memory',
  dominant_task: 'one query or load holds most of the tracked memory',
  cache_large: 'a cache holds much of the memory',
};
