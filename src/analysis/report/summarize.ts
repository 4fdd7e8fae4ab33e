/** The one sentence (or two) a human reads first: what was killed and why, or why nothing was found. */
import type { CauseId, DorisFindingId, OomEvent, Report } from './report-schema.js';
import { CAUSE_PHRASES } from './cause-phrases.js';
import { eventSubject, headerWho, isHeaderOnly } from './event-subject.js';
import { NO_KILL_PHRASES } from './cause-phrases.js';
import { FREE_SHARE_NOT_EXHAUSTED } from './free-memory.js';

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
    if (e.noKill === 'memory_dump_only') {
      // Not an OOM at all: say what the dump shows, never that the OOM killer ran.
      const t = e.trigger;
      if (t !== null) {
        // The allocation-failure warning names who failed to get what (the Report's trigger).
        const what = t.order !== null ? `an order-${t.order} allocation` : 'memory';
        return `No OOM kill in this text: it is an allocation-failure warning${when}${where} (${t.comm} could not get ${what}) and the memory dump it printed${dumpShows(e)}.`;
      }
      return `No OOM kill in this text: it is a memory dump${when ? ` taken${when}` : ''}${where} (Mem-Info, zones, swap — SysRq m or an allocation-failure warning prints one)${dumpShows(e)}.`;
    }
    if (e.noKill !== null && e.noKill !== 'input_ends') {
      return `The OOM killer ran${when}${where}, but ${NO_KILL_PHRASES[e.noKill]}. Cause: ${CAUSE_PHRASES[e.cause]}.`;
    }
    if (isHeaderOnly(e)) {
      return `The input ends in the first lines of an OOM report${when}${where} (${headerWho(e)}), before any line that shows what ran out; the kill line is not in the input.`;
    }
    const unread = e.evidence.find((ev) => ev.why.startsWith('could not read this line'));
    const why = unread ? `a line of its report could not be read (line ${unread.line}: ${unread.why.replace('could not read this line: ', '')})` : 'the kill line is not in the input';
    return `The OOM killer ran${when}${where} (${why}): ${causeText(e)}.`;
  }
  const verb = e.source === 'kubectl' ? 'was OOMKilled (Kubernetes container status)' : 'was killed by the OOM killer';
  // Processes sharing the victim's memory die in the same kill: said, not counted as further kills.
  const sharers = e.sharedMemoryKills > 0 ? `, with ${e.sharedMemoryKills} process${e.sharedMemoryKills === 1 ? '' : 'es'} sharing its memory` : '';
  return `${subject} ${verb}${when}${where}${sharers}: ${causeText(e)}.`;
}

/** The cause in words; an unknown cause says what the dump does show (free memory, a kmem limit). */
function causeText(e: OomEvent): string {
  if (e.cause !== 'unknown') return CAUSE_PHRASES[e.cause];
  const seen: string[] = [];
  const mi = e.memInfo;
  if (zonesAboveHigh(e)) seen.push('the machine still had free memory (every zone above its high watermark), so it did not run out');
  else if (e.zones.length === 0 && mi !== null && mi.freeKb !== null && mi.ramKb !== null && mi.freeKb > mi.ramKb * FREE_SHARE_NOT_EXHAUSTED) {
    seen.push(`the machine still had ${Math.round((mi.freeKb / mi.ramKb) * 100)}% of its memory free, so it did not run out`);
  }
  if (e.factors.includes('kmem_limit')) seen.push("a memory cgroup's kernel-memory (kmem) limit was reached");
  if (seen.length === 0) return CAUSE_PHRASES.unknown;
  return e.factors.includes('kmem_limit') ? seen.join('; ') : `${seen.join('; ')}; the log does not show what failed`;
}

/**
 * Every zone above its high watermark (ZONE_DMA left out beside other zones of its node, as the
 * allocator keeps ordinary allocations out of it).
 */
function zonesAboveHigh(e: OomEvent): boolean {
  const zones = e.zones.filter((z) => z.zone !== 'DMA' || e.zones.every((o) => o.node !== z.node || o.zone === 'DMA'));
  return zones.length > 0 && zones.every((z) => z.highKb !== null && z.freeKb > z.highKb);
}

/** What a memory dump with no OOM shows, from its fields. */
function dumpShows(e: OomEvent): string {
  const bits: string[] = [];
  if (e.factors.includes('swap_exhausted')) bits.push('swap used up');
  if (e.factors.includes('no_swap')) bits.push('no swap configured');
  const belowMin = e.zones.filter((z) => z.minKb !== null && z.freeKb < z.minKb && z.zone !== 'DMA');
  if (belowMin.length > 0) bits.push(`${belowMin.length} zone${belowMin.length === 1 ? '' : 's'} below the min watermark`);
  else if (zonesAboveHigh(e)) bits.push('every zone above its high watermark');
  for (const f of ['slab_unreclaimable_high', 'shmem_high', 'page_tables_high', 'hugepages_reserved'] as const) {
    if (e.factors.includes(f)) bits.push(DUMP_FACTOR_WORDS[f]);
  }
  return bits.length > 0 ? `; it shows ${bits.join(', ')}` : '';
}

const DUMP_FACTOR_WORDS = {
  slab_unreclaimable_high: 'unreclaimable slab above 10% of RAM',
  shmem_high: 'shmem/tmpfs above 20% of RAM',
  page_tables_high: 'page tables above 5% of RAM',
  hugepages_reserved: 'a HugeTLB pool above a quarter of RAM',
} as const;

function describeMany(events: OomEvent[], totalKills: number): string {
  // A memory.oom.group pass is one OOM that kills several tasks: its further kills are not further OOMs.
  const groupFollowers = (e: OomEvent): boolean => e.victim !== null && e.oomGroup !== null && e.oomGroup.member > 1;
  // The last event may be an OOM whose first lines are all the input holds: it is said apart, with no cause it does not show.
  const last = events[events.length - 1]!;
  const cut = isHeaderOnly(last) && events.length === totalKills ? last : null;
  const byCause = new Map<CauseId, OomEvent[]>();
  for (const e of events) if (!groupFollowers(e) && e.noKill !== 'memory_dump_only' && e !== cut) byCause.set(e.cause, [...(byCause.get(e.cause) ?? []), e]);
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
  // A memory dump with no OOM context is not an OOM event at all.
  const dumps = events.filter((e) => e.noKill === 'memory_dump_only').length;
  const ooms = totalKills - followers - dumps;
  const groups = events.filter((e) => e.victim !== null && e.oomGroup !== null && e.oomGroup.member === 1 && e.oomGroup.kills > 1);
  const groupText = (e: OomEvent): string => `as one memory.oom.group, every task of ${e.oomGroup!.path}`;
  let head: string;
  const notes: string[] = [];
  if (kills !== totalKills - dumps) head = `${ooms} OOM event${ooms === 1 ? '' : 's'}, ${kills} with a kill in the input${beyond}`;
  else if (followers === 0) head = `${kills} OOM kill${kills === 1 ? '' : 's'}${beyond}`;
  else if (ooms === 1 && groups.length === 1 && groups[0]!.oomGroup!.kills === kills) head = `${kills} processes killed in one OOM, all ${groupText(groups[0]!)}`;
  else {
    head = `${kills} processes killed in ${ooms} OOMs${beyond}`;
    for (const g of groups) notes.push(`${g.oomGroup!.kills} of them ${groupText(g)}`);
  }
  const killed = [victimText ? `killed: ${victimText}` : '', ...notes].filter((x) => x !== '').join('; ');
  const why = ooms - (cut !== null ? 1 : 0) === 1 && causes.length === 1 ? CAUSE_PHRASES[[...byCause.keys()][0]!] : causes.join('; ');
  const dumpText = dumps > 0 ? ` Also ${dumps} memory dump${dumps === 1 ? '' : 's'} with no OOM in ${dumps === 1 ? 'it' : 'them'}.` : '';
  const cutText = cut !== null ? ` The input ends in the first lines of the last OOM report${cut.time ? ` (at ${cut.time}, ${headerWho(cut)})` : ` (${headerWho(cut)})`}, before any line that shows what ran out; its kill line is not in the input.` : '';
  return `${head}${killed ? ` (${killed})` : ''}: ${why}.${dumpText}${cutText}`;
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
