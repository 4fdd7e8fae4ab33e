/**
 * The first lines a reader sees, in plain words (no markup): what was killed, why and where; one
 * line of the numbers that prove it; for Apache Doris, the finding itself ("query 5f1c2a3b… used
 * 38.0 GiB of its 2.00 GiB limit and was cancelled 18 s before the kill"), never a finding id.
 */
import type { CauseId, DorisReport, DorisTracker, OomEvent, Report } from '../analysis/report/report-schema.js';
import { eventSubject } from '../analysis/report/event-subject.js';
import { formatBytes, formatKb, formatSeconds, formatShare } from '../analysis/units.js';
import { NO_KILL_PHRASES } from '../analysis/report/cause-phrases.js';
import { eventCgroups, eventCount } from './describe-event.js';

/** Long cgroup paths keep their start and their end ("/kubepods/burstable/…/cri-containerd-1f2e.scope"). */
export function shortPath(path: string, max = 56): string {
  if (path.length <= max) return path;
  const head = Math.floor((max - 1) * 0.4);
  return `${path.slice(0, head)}…${path.slice(path.length - (max - 1 - head))}`;
}

/** "5f1c2a3b4c5d6e7f-8a9b…" → "query 5f1c2a3b…"; other labels as they are. */
export function dorisTaskName(label: string): string {
  const m = /^(Query|Load)#Id=([0-9a-f]{8})[0-9a-f-]*$/i.exec(label);
  return m ? `${m[1]!.toLowerCase()} ${m[2]}…` : label;
}

/** Worst first: a whole machine out of memory before a single cgroup, and both before "unknown". */
export const CAUSE_SEVERITY: Record<CauseId, number> = {
  system_memory_exhausted: 0,
  numa_node_exhausted: 1,
  mempolicy_restricted: 2,
  fragmentation: 3,
  parent_cgroup_limit: 4,
  cgroup_limit: 5,
  manual_trigger: 6,
  unknown: 7,
};

function why(e: OomEvent): string {
  // The cgroup whose limit was hit, never the task's own standing in for a parent's.
  const path = eventCgroups(e).limit;
  switch (e.cause) {
    case 'cgroup_limit':
      return path ? `its cgroup ${shortPath(path)} hit its memory limit` : 'its memory cgroup hit its limit';
    case 'parent_cgroup_limit':
      return path ? `parent cgroup ${shortPath(path)} hit its memory limit` : 'a parent memory cgroup hit its limit';
    case 'system_memory_exhausted':
      return `${e.host ? `host ${e.host}` : 'the machine'} ran out of memory`;
    case 'numa_node_exhausted':
      return 'its NUMA node(s) ran out of memory while other nodes had free memory';
    case 'mempolicy_restricted':
      return 'a NUMA memory policy confined the allocation';
    case 'fragmentation':
      return `memory was too fragmented for an order-${e.trigger?.order ?? '?'} allocation`;
    case 'manual_trigger':
      return 'the OOM killer was triggered by hand (SysRq f)';
    case 'unknown':
      return 'the log does not show why';
  }
}

/** "test (pid 30211) killed: parent cgroup /mm_test hit its memory limit (host ecs-prod-7)". */
export function killHeadline(e: OomEvent): string {
  if (e.noKill === 'memory_dump_only') return `No OOM kill: a memory dump only${e.host ? ` (host ${e.host})` : ''}`;
  const subject = eventSubject(e);
  const reason = why(e);
  const where = e.host && e.cause !== 'system_memory_exhausted' ? ` on ${e.host}` : '';
  if (!subject) {
    const noKill = e.noKill ? ` — ${NO_KILL_PHRASES[e.noKill].replace(/:.*/, '')}` : '';
    return `OOM killer ran${where}: ${reason}${noKill}`;
  }
  return `${subject} killed${where}: ${reason}`;
}

/** The numbers that prove the cause: usage against the limit, free memory against the watermark. */
export function killNumbers(e: OomEvent): string | null {
  const parts: string[] = [];
  const m = e.memcg;
  if (m && (m.usageKb !== null || m.limitKb !== null)) {
    let usage = `usage ${formatKb(m.usageKb)} of a ${formatKb(m.limitKb)} limit`;
    if (m.usageKb !== null && m.limitKb !== null && m.limitKb > 0 && m.limitKb < 2 ** 52) usage += ` (${formatShare(m.usageKb / m.limitKb)})`;
    parts.push(usage);
    if (m.failcnt !== null) parts.push(`limit hit ${m.failcnt} time${m.failcnt === 1 ? '' : 's'}`);
  }
  const low = lowestZone(e);
  if (low) parts.push(`free ${formatKb(low.freeKb)} vs min watermark ${formatKb(low.minKb)} in ${low.node !== null ? `node ${low.node} ` : ''}${low.zone}`);
  const mi = e.memInfo;
  if (mi?.swapTotalKb === 0) parts.push('no swap');
  else if (mi && mi.swapTotalKb !== null && mi.swapFreeKb !== null) parts.push(`swap free ${formatKb(mi.swapFreeKb)} of ${formatKb(mi.swapTotalKb)}`);
  if (mi?.ramKb) parts.push(`RAM ${formatKb(mi.ramKb)}`);
  return parts.length > 0 ? capitalise(parts.join(' · ')) : null;
}

/** The zone furthest below (or closest to) its min watermark. */
export function lowestZone(e: OomEvent): OomEvent['zones'][number] | null {
  let best: OomEvent['zones'][number] | null = null;
  for (const z of e.zones) {
    if (z.minKb === null || z.minKb === 0) continue;
    if (!best || z.freeKb / z.minKb < best.freeKb / best.minKb!) best = z;
  }
  return best && best.freeKb <= (best.highKb ?? best.minKb!) ? best : null;
}

/** anon + file + shmem RSS of the victim, or null when the kill line gave none. */
export function victimRssKb(e: OomEvent): number | null {
  const v = e.victim;
  if (!v) return null;
  const parts = [v.anonRssKb, v.fileRssKb, v.shmemRssKb].filter((x): x is number => x !== null);
  return parts.length > 0 ? parts.reduce((a, b) => a + b, 0) : null;
}

/**
 * The field naming the dump's biggest task: "Top consumer" (another task, or the killed task itself),
 * or "Next largest" for a sizeable runner-up when the killed task was the biggest — never a runner-up
 * labelled as the top.
 */
export function topConsumer(e: OomEvent): { label: string; text: string } | null {
  const top = e.topTasks[0];
  if (!top) return null;
  const other = e.topTasks.find((t) => t.pid !== e.victim?.pid);
  const describe = (t: typeof top): string => `${t.comm} (pid ${t.pid}) ${formatKb(t.rssKb)}, ${formatShare(t.share)} of the dump's RSS`;
  if (top.pid !== e.victim?.pid) return { label: 'Top consumer', text: describe(top) };
  // The killed task was the largest: a sizeable runner-up is worth naming, as what it is.
  if (other && other.share > 0.3) return { label: 'Next largest', text: describe(other) };
  return { label: 'Top consumer', text: `the killed task itself, ${formatShare(top.share)} of the dump's RSS` };
}

/** The query or load that dominates the BE, with its own limit and its cancel, when the report shows one. */
export function dominantDorisTask(d: DorisReport): { tracker: DorisTracker; cancel: DorisReport['cancels'][number] | null } | null {
  if (!d.findings.some((f) => f.id === 'dominant_task')) return null;
  const tasks = d.trackers.filter((t) => (t.type === 'query' || t.type === 'load') && (t.usedBytes ?? 0) > 0);
  const tracker = tasks.sort((a, b) => (b.usedBytes ?? 0) - (a.usedBytes ?? 0))[0];
  if (!tracker) return null;
  return { tracker, cancel: d.cancels.find((c) => c.task === tracker.label) ?? null };
}

/** "Query 5f1c2a3b… used 38.0 GiB of its 2.00 GiB limit and was cancelled 18 s before the kill". */
export function dorisHeadline(d: DorisReport): string {
  const dominant = dominantDorisTask(d);
  if (dominant) {
    const { tracker: t, cancel } = dominant;
    let text = `${capitalise(dorisTaskName(t.label))} used ${formatBytes(t.usedBytes)}`;
    if (t.limitBytes !== null && t.limitBytes > 0) text += ` of its ${formatBytes(t.limitBytes)} limit`;
    if (cancel) {
      text += cancel.secondsBeforeKill !== null ? ` and was cancelled ${formatSeconds(Math.round(cancel.secondsBeforeKill))} before the kill` : ' and was cancelled';
    }
    return text;
  }
  if (d.processUsedBytes !== null && d.limitBytes !== null && d.processUsedBytes > d.limitBytes) {
    return `Doris BE used ${formatBytes(d.processUsedBytes)}, over its ${formatBytes(d.limitBytes)} mem_limit`;
  }
  if (d.findings.some((f) => f.id === 'tracker_coverage_low') && d.trackedRatio !== null) {
    return `Doris BE: its memory trackers explain only ${formatShare(d.trackedRatio)} of its resident memory`;
  }
  if (d.findings.some((f) => f.id === 'frequent_gc')) return `Doris BE under memory pressure: ${d.gc.full} full and ${d.gc.minor} minor GC in ${d.gc.windowMinutes} min`;
  return `Doris BE memory: used ${formatBytes(d.processUsedBytes)} of ${formatBytes(d.limitBytes)} mem_limit`;
}

/** "Process 54.7 GiB of a 54.0 GiB mem_limit · RSS 56.1 GiB · available 2.90 GiB, below the 3.00 GiB low water mark". */
export function dorisNumbers(d: DorisReport): string {
  const parts = [`BE used ${formatBytes(d.processUsedBytes)} of a ${formatBytes(d.limitBytes)} mem_limit`];
  if (d.processResidentBytes !== null) parts.push(`RSS ${formatBytes(d.processResidentBytes)}`);
  if (d.sysAvailableBytes !== null) {
    let avail = `system available ${formatBytes(d.sysAvailableBytes)}`;
    if (d.lowWaterMarkBytes !== null && d.sysAvailableBytes < d.lowWaterMarkBytes) avail += `, below the ${formatBytes(d.lowWaterMarkBytes)} low water mark`;
    parts.push(avail);
  }
  if (d.physicalBytes !== null) parts.push(`RAM ${formatBytes(d.physicalBytes)}`);
  return parts.join(' · ');
}

/** The reply's title: one kill's headline, several kills counted, or the Doris finding. */
export function reportHeadline(report: Report): string {
  const { events } = report;
  if (events.length === 1) return killHeadline(events[0]!);
  if (events.length > 1) {
    const worst = worstEvent(events);
    return `${eventCount(events)} — worst: ${killHeadline(worst)}`;
  }
  if (report.doris) return dorisHeadline(report.doris);
  return 'No OOM kill found';
}

export function worstEvent(events: readonly OomEvent[]): OomEvent {
  return [...events].sort((a, b) => CAUSE_SEVERITY[a.cause] - CAUSE_SEVERITY[b.cause])[0]!;
}

/** The one sentence for notifications and the channel: the report's summary, with a Doris finding said in words. */
export function plainSummary(report: Report): string {
  if (report.events.length === 0 && report.doris) return `${dorisHeadline(report.doris)}.`;
  if (report.events.length === 1 && report.doris && dominantDorisTask(report.doris)) return `${report.summary} ${dorisHeadline(report.doris)}.`;
  return report.summary;
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}
