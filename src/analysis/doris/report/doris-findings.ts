/**
 * Findings about the BE's memory, each only from evidence in the log (seed 000 "OOM Killer Crash
 * 分析", seed 002 "内存跟踪器", reference/doris-memory-logs.md §7). Where the docs give a threshold
 * it is used; where they only say "large" or "frequent", the threshold chosen is documented here.
 */
import type { DorisFinding } from '../../report/report-schema.js';
import type { DorisContext } from './doris-context.js';
import type { SummaryTracker, LineRef } from '../parse/summary-block.js';
import { formatBytes, formatShare } from '../../units.js';
import { parseLogTime, secondsBetween } from '../../input/doris-log-time.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Seed 002 / docs: `sum of all trackers` under 70% of `process resident memory` = statistics missing. */
export const COVERAGE_MIN = 0.7;
/**
 * Seed 000 says only "frequent GC" (频繁执行内存 GC). A BE under normal load GCs only above its soft
 * limit (mem_limit × 0.9); one GC start a minute on average over the window, or three full GCs (each
 * means the hard limit or the low water mark was crossed), is sustained pressure, not one spike.
 */
export const FREQUENT_GC_TOTAL = 10;
export const FREQUENT_GC_FULL = 3;
/**
 * Seed 002: Orphan should be ≈ 0, "the larger, the less trustworthy" the trackers; no number is
 * given. 5% of resident memory is where it starts to move the 70% coverage judgement; the 512 MiB
 * floor keeps small hosts' noise out (real logs show a few MB, e.g. −2.80 MB in apache/doris#34168).
 */
export const ORPHAN_MIN_BYTES = 512 * MiB;
export const ORPHAN_MIN_SHARE = 0.05;
/**
 * jemalloc-memory-analysis.md: metadata is normally ≈ 1/300–1/500 of virtual memory, well under 1%
 * of RSS; GC cannot free it. 5% of RSS (and at least 1 GiB) is several times the normal share.
 */
export const METADATA_MIN_BYTES = GiB;
export const METADATA_MIN_SHARE = 0.05;
/**
 * Seed 000 / jemalloc-memory-analysis.md: a large thread cache is common with 2.0's
 * `lg_tcache_max:20`. 10% of RSS (and at least 1 GiB) is memory the process holds but does not use.
 */
export const JEMALLOC_CACHE_MIN_BYTES = GiB;
export const JEMALLOC_CACHE_MIN_SHARE = 0.1;
/** "Most of the tracked memory": more than half of `sum of all trackers`. */
export const DOMINANT_TASK_SHARE = 0.5;
/**
 * A cache "dominating": 30% of the tracked memory, above the page cache's own default budget
 * (`storage_page_cache_limit` = 20% of mem_limit, be.conf defaults, reference §5).
 */
export const CACHE_SHARE = 0.3;
/** Reference §7 rule 6 (docs "query cancelled after process memory exceeded"): > 3 s from cancel to end = stuck. */
export const CANCEL_STUCK_SECONDS = 3;

const ev = (at: LineRef): { file: string | null; line: number; text: string } => ({ file: null, line: at.line, text: at.text });

const isTask = (t: SummaryTracker): boolean =>
  (t.type === 'query' || t.type === 'load') && t.label !== 'MemTableTrackerSet' && (t.usedBytes ?? 0) > 0;

/** Cache trackers: `DataPageCache[size](AllocByAllocator)`, `SegmentCache[size]`, `SchemaCache[number]` (lru_cache_policy.h). */
const isCache = (t: SummaryTracker): boolean => t.type !== 'overview' && t.label.includes('Cache') && (t.usedBytes ?? 0) > 0;

export function deriveFindings(ctx: DorisContext): DorisFinding[] {
  const out: DorisFinding[] = [];
  const rss = ctx.processResidentBytes;
  const sum = ctx.sumOfTrackersBytes;

  const total = ctx.gc.minor + ctx.gc.full;
  if ((total >= FREQUENT_GC_TOTAL || ctx.gc.full >= FREQUENT_GC_FULL) && ctx.gc.last !== null) {
    out.push({
      id: 'frequent_gc',
      detail: `${total} memory GCs (${ctx.gc.full} full, ${ctx.gc.minor} minor) started in the ${ctx.gcWindowMinutes} minutes before ${ctx.killTime !== null ? 'the kill' : 'the summary'}: the BE was under sustained memory pressure.`,
      evidence: [ctx.gc.first, ctx.gc.last].filter((x, i, a): x is LineRef => x !== null && (i === 0 || x !== a[0])).map(ev),
    });
  }

  const sumRow = ctx.roles.sum;
  const rssRow = ctx.roles.rss;
  if (sum !== null && rss !== null && rss > 0 && sum / rss < COVERAGE_MIN) {
    const oldSegmentCache = ctx.family === '2.0' || ctx.family === '2.1.0-2.1.4';
    out.push({
      id: 'tracker_coverage_low',
      detail:
        sum < 0
          ? `The memory trackers add up to ${formatBytes(sum)}, a negative total against ${formatBytes(rss)} resident memory: ` +
            `the trackers counted frees without their allocations, so the tracker statistics do not show where the memory is.`
          : `The memory trackers account for ${formatBytes(sum)} of ${formatBytes(rss)} resident memory (${formatShare(sum / rss)}, under 70%): ` +
            `${formatBytes(rss - sum)} is not tracked (metadata, RPC, memory not allocated through the Doris Allocator, or a leak)` +
            (oldSegmentCache ? `; this is a Doris version before 2.1.5, where the Segment Cache is under-counted.` : '.'),
      evidence: [sumRow?.at, rssRow?.at ?? ctx.statusAt].filter((x): x is LineRef => x != null).map(ev),
    });
  }

  const orphan = ctx.roles.orphan;
  if (orphan !== undefined && orphan.usedBytes !== null) {
    const o = Math.abs(orphan.usedBytes);
    if (o >= ORPHAN_MIN_BYTES && (rss === null || o >= rss * ORPHAN_MIN_SHARE)) {
      out.push({
        id: 'orphan_large',
        detail: `The Orphan tracker holds ${formatBytes(orphan.usedBytes)}${rss !== null ? ` (${formatShare(o / rss)} of resident memory)` : ''}: memory allocated with no task attached, or left behind by finished queries and loads, so the tracker totals are not trustworthy.`,
        evidence: [ev(orphan.at)],
      });
    }
  }

  const meta = ctx.roles.jemallocMetadata;
  if (meta !== undefined && meta.usedBytes !== null && meta.usedBytes >= METADATA_MIN_BYTES && (rss === null || meta.usedBytes >= rss * METADATA_MIN_SHARE)) {
    out.push({
      id: 'jemalloc_metadata_large',
      detail: `jemalloc metadata is ${formatBytes(meta.usedBytes)}${rss !== null ? ` (${formatShare(meta.usedBytes / rss)} of resident memory)` : ''}; memory GC cannot free it.`,
      evidence: [ev(meta.at)],
    });
  }

  const cache = ctx.roles.jemallocCache;
  const cacheBytes = cache?.usedBytes ?? ctx.status?.jemallocCacheBytes ?? null;
  const cacheAt = cache?.at ?? ctx.statusAt;
  if (cacheBytes !== null && cacheAt !== null && cacheBytes >= JEMALLOC_CACHE_MIN_BYTES && (rss === null || cacheBytes >= rss * JEMALLOC_CACHE_MIN_SHARE)) {
    out.push({
      id: 'jemalloc_cache_large',
      detail: `The jemalloc cache holds ${formatBytes(cacheBytes)}${rss !== null ? ` (${formatShare(cacheBytes / rss)} of resident memory)` : ''}: freed memory kept in thread caches or dirty pages${ctx.family === '2.0' ? ', common with Doris 2.0’s default lg_tcache_max:20' : ''}.`,
      evidence: [ev(cacheAt)],
    });
  }

  out.push(...stuckCancels(ctx));

  if (sum !== null && sum > 0) {
    const task = ctx.trackers.find(isTask);
    if (task !== undefined && task.usedBytes! / sum > DOMINANT_TASK_SHARE) {
      out.push({
        id: 'dominant_task',
        detail: `${task.label} (${task.type}) uses ${formatBytes(task.usedBytes!)}, ${formatShare(task.usedBytes! / sum)} of the ${formatBytes(sum)} tracked${task.limitBytes !== null ? `, against its own limit of ${formatBytes(task.limitBytes)}` : ''}.`,
        evidence: [ev(task.at)],
      });
    }
    const big = ctx.trackers.find(isCache);
    if (big !== undefined && big.usedBytes! / sum >= CACHE_SHARE) {
      out.push({
        id: 'cache_large',
        detail: `The cache ${big.label} holds ${formatBytes(big.usedBytes!)}, ${formatShare(big.usedBytes! / sum)} of the ${formatBytes(sum)} tracked.`,
        evidence: [ev(big.at)],
      });
    }
  }
  return out;
}

/** Cancels that took (or are taking) more than 3 s to free their memory. */
function stuckCancels(ctx: DorisContext): DorisFinding[] {
  const details: string[] = [];
  const evidence: LineRef[] = [];
  const summaryTime = parseLogTime(ctx.summary?.time ?? null);
  for (const c of ctx.cancels) {
    const cancelled = parseLogTime(c.time);
    if (cancelled === null) continue;
    const ended = parseLogTime(c.endTime);
    if (ended !== null) {
      const took = secondsBetween(cancelled, ended);
      if (took > CANCEL_STUCK_SECONDS) {
        details.push(`${c.task} took ${took.toFixed(1)} s from cancel to release`);
        evidence.push(c.at, c.endAt!);
      }
      continue;
    }
    // Still holding memory in the summary chosen, well after it was cancelled.
    const row = ctx.summary?.rows.find((r) => r.label === c.task || (r.label.includes('#Id=') && r.label.toLowerCase().endsWith(c.key)));
    if (row !== undefined && summaryTime !== null && (row.usedBytes ?? 0) > 0) {
      const since = secondsBetween(cancelled, summaryTime);
      if (since > CANCEL_STUCK_SECONDS) {
        details.push(`${c.task} was cancelled ${since.toFixed(1)} s before the summary and still held ${formatBytes(row.usedBytes!)}`);
        evidence.push(c.at, row.at);
      }
    }
  }
  const pending = ctx.pendings[ctx.pendings.length - 1];
  if (pending !== undefined) {
    details.push(`GC reported ${pending.count} task${pending.count === 1 ? '' : 's'} "being canceled and has not been completed yet"`);
    evidence.push(pending.at);
  }
  if (details.length === 0) return [];
  return [
    {
      id: 'query_cancel_stuck',
      detail: `A cancelled task did not release its memory in time (over ${CANCEL_STUCK_SECONDS} s; common before Doris 2.1.3): ${details.slice(0, 3).join('; ')}.`,
      evidence: evidence.slice(0, 6).map(ev),
    },
  ];
}
