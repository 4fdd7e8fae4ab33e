/**
 * `finish`: pick the summary for the kill and fill `Report.doris` (DESIGN §2 DorisReport).
 *
 * The reference time is `--kill-time` if given, else the latest doris_be kill in the same input,
 * else none; the summary is the last one at or before it (seed 000: "find the last Memory Tracker
 * Summary before the OOM-killer time"), or without a kill the last one in the file. A summary after
 * the kill is never used: it describes the restarted process.
 */
import type { DorisReport, DorisTracker } from '../../report/report-schema.js';
import type { CandidateStore } from '../parse/candidate-store.js';
import type { DorisSummary, LineRef, OverviewRole, SummaryCandidate, SummaryTracker } from '../parse/summary-block.js';
import type { GcHistogram } from '../parse/gc-histogram.js';
import type { CancelRecord, PendingCancel } from '../parse/cancel-log.js';
import type { ProcessStatus } from '../parse/parse-status-line.js';
import type { DorisContext, StartupInfo } from './doris-context.js';
import { overviewRole } from '../parse/summary-block.js';
import { compareLogTimes, formatLogTime, parseLogTime, secondsBetween, type LogTime } from '../../input/doris-log-time.js';
import { deriveFindings } from './doris-findings.js';

export type { StartupInfo } from './doris-context.js';

export interface StatusSeen {
  time: string | null;
  line: number;
  status: ProcessStatus;
  at: LineRef;
}

export interface BeInfoFacts {
  summaries: CandidateStore<SummaryCandidate>;
  taskSummaries: CandidateStore<SummaryCandidate>;
  statuses: CandidateStore<StatusSeen>;
  gcs: GcHistogram;
  cancels: CancelRecord[];
  pendings: readonly PendingCancel[];
  startups: StartupInfo[];
  /** doris_be kill times this parser saw itself (canonical ISO). */
  killsSeen: string[];
  /** Time of the last be.INFO line read. */
  lastTime: string | null;
}

/**
 * GC window: seed 000 says to search upward from the kill for "GC" and judge whether GC ran
 * frequently; ten minutes covers the build-up before a kill (the GC thread can start a GC every
 * second under pressure, memory_gc_sleep_time_ms = 1000) without reaching back into unrelated load.
 */
export const GC_WINDOW_MINUTES = 10;
/** Cancels listed: those in the hour before the kill or the end of the log (a stuck cancel can be minutes old). */
export const CANCEL_WINDOW_MINUTES = 60;
export const MAX_TRACKERS = 40;
export const MAX_CANCELS = 20;

/** Rows that are totals of other rows, reported in their own fields rather than as trackers. */
const AGGREGATES: ReadonlySet<OverviewRole> = new Set(['sum', 'rss', 'vm', 'reserved']);

function latestTime(times: readonly string[]): string | null {
  let best: { t: LogTime; s: string } | null = null;
  for (const s of times) {
    const t = parseLogTime(s);
    if (t !== null && (best === null || compareLogTimes(t, best.t) > 0)) best = { t, s: formatLogTime(t) };
  }
  return best?.s ?? null;
}

function canonical(time: string | null): string | null {
  const t = parseLogTime(time);
  return t === null ? null : formatLogTime(t);
}

const within = (t: LogTime | null, end: LogTime, minutes: number, notBefore: LogTime | null): boolean => {
  if (t === null) return false;
  const d = secondsBetween(t, end);
  return d >= 0 && d <= minutes * 60 && (notBefore === null || compareLogTimes(t, notBefore) >= 0);
};

/** The report and the facts it was built from (the advice stage reads them). */
export interface DorisVerdict {
  report: DorisReport;
  context: DorisContext;
}

export function buildDorisReport(facts: BeInfoFacts, opts: { killTimes: string[]; killTimeOverride: string | null }): DorisVerdict {
  const killTime = canonical(opts.killTimeOverride) ?? latestTime([...opts.killTimes, ...facts.killsSeen]);
  const summary = (facts.summaries.lastBefore(killTime) ?? facts.taskSummaries.lastBefore(killTime))?.read() ?? null;
  const statusSeen =
    summary?.status != null && summary.statusAt !== null
      ? { status: summary.status, at: summary.statusAt }
      : facts.statuses.lastBefore(killTime ?? summary?.time ?? null);
  const status = statusSeen?.status ?? null;

  const roles: Partial<Record<OverviewRole, SummaryTracker>> = {};
  const trackers: SummaryTracker[] = [];
  for (const row of summary?.rows ?? []) {
    const role = overviewRole(row);
    if (role !== null && roles[role] === undefined) roles[role] = row;
    if (role === null || !AGGREGATES.has(role)) trackers.push(row);
  }
  trackers.sort((a, b) => (b.usedBytes ?? -Infinity) - (a.usedBytes ?? -Infinity));

  const windowEnd = killTime ?? canonical(summary?.time ?? null) ?? canonical(facts.gcs.lastTime);
  // Cancels up to the kill; without one, up to the end of the log (the GC that printed the summary
  // cancels its queries just after it).
  const end = parseLogTime(killTime ?? facts.lastTime ?? windowEnd);
  const restart = end === null ? null : lastStartBefore(facts.startups, end);
  const restartTime = parseLogTime(restart?.time ?? null);
  const startup = restart ?? facts.startups[facts.startups.length - 1] ?? null;

  // Each time is read once: up to 512 cancels are filtered and sorted here.
  const cancels =
    end === null
      ? []
      : facts.cancels
          .map((record) => ({ record, t: parseLogTime(record.time) }))
          .filter(({ t }) => within(t, end, CANCEL_WINDOW_MINUTES, restartTime))
          .sort((a, b) => compareLogTimes(a.t!, b.t!))
          .slice(-MAX_CANCELS)
          .map(({ record }) => record);
  const pendings = end === null ? [] : facts.pendings.filter((p) => within(parseLogTime(p.time), end, GC_WINDOW_MINUTES, restartTime));

  const processResident = roles.rss?.usedBytes ?? status?.vmRssBytes ?? null;
  const sumOfTrackers = roles.sum?.usedBytes ?? computedSum(summary, roles);

  const ctx: DorisContext = {
    summary,
    family: summary?.family ?? 'unknown',
    status,
    statusAt: statusSeen?.at ?? null,
    roles,
    trackers,
    physicalBytes: status?.physicalBytes ?? startup?.physicalBytes ?? null,
    limitBytes: status?.limitBytes ?? startup?.limitBytes ?? null,
    processResidentBytes: processResident,
    sumOfTrackersBytes: sumOfTrackers,
    killTime,
    windowEnd,
    gcWindowMinutes: GC_WINDOW_MINUTES,
    gc: windowEnd === null ? { minor: 0, full: 0, first: null, last: null } : facts.gcs.countBefore(windowEnd, GC_WINDOW_MINUTES),
    cancels,
    pendings,
    startup,
  };
  const findings = deriveFindings(ctx);
  const killAt = parseLogTime(killTime);

  const report: DorisReport = {
    summaryTime: summary?.time ?? null,
    killTime,
    physicalBytes: ctx.physicalBytes,
    processUsedBytes: status?.processUsedBytes ?? null,
    limitBytes: ctx.limitBytes,
    softLimitBytes: status?.softLimitBytes ?? null,
    sysAvailableBytes: status?.sysAvailableBytes ?? null,
    lowWaterMarkBytes: status?.lowWaterMarkBytes ?? null,
    warningWaterMarkBytes: status?.warningWaterMarkBytes ?? null,
    processResidentBytes: processResident,
    sumOfTrackersBytes: sumOfTrackers,
    // A negative total (1.2.2's `Type=process, Used=-28.04 GB`, apache/doris#18509) is broken accounting, not a share.
    trackedRatio:
      sumOfTrackers !== null && sumOfTrackers >= 0 && processResident !== null && processResident > 0
        ? Math.round((sumOfTrackers / processResident) * 10000) / 10000
        : null,
    orphanBytes: roles.orphan?.usedBytes ?? null,
    jemallocCacheBytes: roles.jemallocCache?.usedBytes ?? status?.jemallocCacheBytes ?? null,
    jemallocMetadataBytes: roles.jemallocMetadata?.usedBytes ?? null,
    trackers: trackers.slice(0, MAX_TRACKERS).map(toTracker),
    gc: { minor: ctx.gc.minor, full: ctx.gc.full, windowMinutes: GC_WINDOW_MINUTES },
    cancels: cancels.map((c) => {
      const t = parseLogTime(c.time);
      return {
        time: canonical(c.time),
        task: c.task,
        consumptionBytes: c.consumptionBytes,
        secondsBeforeKill: killAt !== null && t !== null ? Math.round(secondsBetween(t, killAt) * 1000) / 1000 : null,
      };
    }),
    findings,
    suggestions: [],
  };
  return { report, context: ctx };
}

function toTracker(t: SummaryTracker): DorisTracker {
  return { label: t.label, type: t.type, parent: t.parent, usedBytes: t.usedBytes, peakBytes: t.peakBytes, limitBytes: t.limitBytes };
}

function lastStartBefore(startups: readonly StartupInfo[], end: LogTime): StartupInfo | null {
  let best: StartupInfo | null = null;
  for (const s of startups) {
    const t = parseLogTime(s.time);
    if (t !== null && compareLogTimes(t, end) <= 0) best = s;
  }
  return best;
}

/**
 * 2.0 prints no `sum of all trackers` row (reference §3c): add the per-type totals and the
 * jemalloc rows, as 2.1's make_process_snapshots does.
 */
function computedSum(summary: DorisSummary | null, roles: Partial<Record<OverviewRole, SummaryTracker>>): number | null {
  if (summary === null || summary.family !== '2.0') return null;
  let sum = 0;
  for (const r of summary.rows) {
    if (r.type !== 'overview' || r.usedBytes === null) continue;
    const role = overviewRole(r);
    if (role === null || role === 'jemallocCache' || role === 'jemallocMetadata') sum += r.usedBytes;
  }
  return roles.rss === undefined && sum === 0 ? null : sum;
}
