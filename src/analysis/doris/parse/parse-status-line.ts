/**
 * The process memory status line (reference §2), three shapes:
 * - 2.1.x GlobalMemoryArbitrator era (≈2.1.3+/2.1.5) and 3.x:
 *   `os physical memory 43.95 GB. process memory used 37.12 GB(= 38.28 GB[vm/rss] - 1.16 GB[tc/jemalloc_cache] + 0[reserved] + 0B[waiting_refresh]), limit 39.55 GB, soft limit 35.60 GB. sys available memory 6.05 GB(= …), low water mark 2.20 GB, warning water mark 4.39 GB.`
 * - 2.0 / 2.1.0–2.1.1 (MemTrackerLimiter::process_mem_log_str):
 *   `os physical memory 62.48 GB. process memory used 54.59 GB, limit 56.23 GB, soft limit 50.61 GB. sys available memory 7.94 GB, low water mark 1.60 GB, warning water mark 3.20 GB. Refresh interval memory growth 0 B`
 *   The same format capitalised in 1.2.2 and early 2.0 (apache/doris#18509, Doris 1.2.2):
 *   `OS physical memory 15.64 GB. Process memory usage 14.84 GB, limit 12.51 GB, soft limit 11.26 GB. Sys available memory 0, low water mark 1.56 GB, warning water mark 3.13 GB. Refresh interval memory growth 0 B`
 *   In this shape the process memory is VmRSS (`PerfCounters::get_vm_rss_str()` in that
 *   `mem_tracker_limiter.cpp`; the 2.1.0/2.1.1 pastes print the same value as `process resident memory`).
 * - 1.2: `process memory used 2.68 GB limit 2.47 GB, sys mem available 50.95 GB min reserve 3.20 GB, tc/jemalloc allocator cache 51.97 MB`
 * Only pretty values are printed here (1024-based, two decimals), so bytes are rounded.
 */
import { sizeAfter } from './read-byte-size.js';

export type StatusShape = 'arbitrator' | 'mem-tracker-limiter' | 'v1.2';

export interface ProcessStatus {
  shape: StatusShape;
  physicalBytes: number | null;
  processUsedBytes: number | null;
  /** `[vm/rss]` term (arbitrator shape), or the process memory itself (mem-tracker-limiter shape: it is VmRSS). */
  vmRssBytes: number | null;
  /** `[tc/jemalloc_cache]` term (arbitrator shape) or 1.2's `tc/jemalloc allocator cache`. */
  jemallocCacheBytes: number | null;
  limitBytes: number | null;
  softLimitBytes: number | null;
  sysAvailableBytes: number | null;
  lowWaterMarkBytes: number | null;
  warningWaterMarkBytes: number | null;
}

/** Parses the status text found anywhere in `text` (it may follow `Process Memory Summary: `). */
export function parseStatusLine(text: string): ProcessStatus | null {
  const lower = text.indexOf('os physical memory ');
  const at = lower !== -1 ? lower : text.indexOf('OS physical memory ');
  if (at !== -1) {
    const s = text.slice(at);
    const capitalised = lower === -1;
    const usedMarker = capitalised ? 'Process memory usage ' : 'process memory used ';
    const used = s.indexOf(usedMarker);
    const processUsedBytes = used === -1 ? null : sizeAfter(s, usedMarker, used);
    const arbitrator = s.includes('[vm/rss]');
    return {
      shape: arbitrator ? 'arbitrator' : 'mem-tracker-limiter',
      physicalBytes: sizeAfter(s, capitalised ? 'OS physical memory ' : 'os physical memory '),
      processUsedBytes,
      vmRssBytes: arbitrator ? sizeAfter(s, '(= ', used === -1 ? 0 : used) : processUsedBytes,
      jemallocCacheBytes: arbitrator ? sizeAfter(s, '[vm/rss] - ') : null,
      limitBytes: sizeAfter(s, ', limit '),
      softLimitBytes: sizeAfter(s, ', soft limit '),
      sysAvailableBytes: sizeAfter(s, capitalised ? 'Sys available memory ' : 'sys available memory '),
      lowWaterMarkBytes: sizeAfter(s, 'low water mark '),
      warningWaterMarkBytes: sizeAfter(s, 'warning water mark '),
    };
  }
  const used = text.indexOf('process memory used ');
  if (used !== -1 && text.includes(' sys mem available ')) {
    const s = text.slice(used);
    return {
      shape: 'v1.2',
      physicalBytes: null,
      processUsedBytes: sizeAfter(s, 'process memory used '),
      vmRssBytes: null,
      jemallocCacheBytes: sizeAfter(s, 'tc/jemalloc allocator cache '),
      limitBytes: sizeAfter(s, ' limit '),
      softLimitBytes: null,
      sysAvailableBytes: sizeAfter(s, 'sys mem available '),
      lowWaterMarkBytes: sizeAfter(s, 'min reserve '),
      warningWaterMarkBytes: null,
    };
  }
  return null;
}
