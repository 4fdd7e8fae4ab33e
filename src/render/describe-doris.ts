/** Plain-text phrases about a Doris BE memory report, shared by the text and markdown renderers. */
import type { DorisReport, DorisTracker } from '../analysis/report/report-schema.js';
import { formatBytes, formatShare } from '../analysis/units.js';

/** Process memory: used vs limit, soft limit, RSS, physical. */
export function dorisProcessLine(d: DorisReport): string {
  const parts = [`used ${formatBytes(d.processUsedBytes)} of limit ${formatBytes(d.limitBytes)}`];
  if (d.softLimitBytes !== null) parts.push(`soft limit ${formatBytes(d.softLimitBytes)}`);
  if (d.processResidentBytes !== null) parts.push(`resident (RSS) ${formatBytes(d.processResidentBytes)}`);
  if (d.physicalBytes !== null) parts.push(`physical memory ${formatBytes(d.physicalBytes)}`);
  return parts.join(' · ');
}

/** System available memory against the two water marks. */
export function dorisWaterMarkLine(d: DorisReport): string {
  const parts = [`sys available ${formatBytes(d.sysAvailableBytes)}`];
  parts.push(`low water mark ${formatBytes(d.lowWaterMarkBytes)}`);
  parts.push(`warning water mark ${formatBytes(d.warningWaterMarkBytes)}`);
  let text = parts.join(' · ');
  if (d.sysAvailableBytes !== null && d.lowWaterMarkBytes !== null && d.sysAvailableBytes < d.lowWaterMarkBytes) {
    text += ' — below the low water mark';
  } else if (d.sysAvailableBytes !== null && d.warningWaterMarkBytes !== null && d.sysAvailableBytes < d.warningWaterMarkBytes) {
    text += ' — below the warning water mark';
  }
  return text;
}

/** "trackers explain 50.9 GiB of 56.1 GiB resident (91%)". */
export function dorisTrackedLine(d: DorisReport): string {
  const ratio = d.trackedRatio !== null ? ` (${formatShare(d.trackedRatio)})` : '';
  return `sum of all trackers ${formatBytes(d.sumOfTrackersBytes)} of ${formatBytes(d.processResidentBytes)} resident${ratio}`;
}

export function dorisAllocatorLine(d: DorisReport): string {
  return [
    `Orphan ${formatBytes(d.orphanBytes)}`,
    `jemalloc cache ${formatBytes(d.jemallocCacheBytes)}`,
    `jemalloc metadata ${formatBytes(d.jemallocMetadataBytes)}`,
  ].join(' · ');
}

export function dorisGcLine(d: DorisReport): string {
  const { minor, full, windowMinutes } = d.gc;
  const anchor = d.killTime ? 'the kill' : 'the summary';
  return `${minor} minor and ${full} full GC in the ${windowMinutes} min before ${anchor}`;
}

/** Trackers worth a table row: not the overview rows that merely restate totals. */
const OVERVIEW_TOTALS = /^(sum[ _]of[ _]all[ _]trackers|.*process resident memory.*|.*process virtual memory.*|reserved_memory)$/;

/** The largest trackers, each with its share of the process's resident memory (or of the largest). */
export function largestTrackers(d: DorisReport, limit = 10): { tracker: DorisTracker; share: number | null }[] {
  const base = d.processResidentBytes ?? d.sumOfTrackersBytes;
  return d.trackers
    .filter((t) => t.type !== 'overview' && !OVERVIEW_TOTALS.test(t.label) && (t.usedBytes ?? 0) > 0)
    .sort((a, b) => (b.usedBytes ?? 0) - (a.usedBytes ?? 0))
    .slice(0, limit)
    .map((tracker) => ({ tracker, share: base !== null && base > 0 && tracker.usedBytes !== null ? tracker.usedBytes / base : null }));
}

const TYPE_TOTALS = new Set(['query', 'load', 'global', 'compaction', 'schema_change', 'other']);

/** "query 39.2 GiB · global 6.83 GiB · load 2.50 GiB" from the overview rows, largest first. */
export function dorisTypeTotals(d: DorisReport): string | null {
  const rows = d.trackers
    .filter((t) => t.type === 'overview' && TYPE_TOTALS.has(t.label) && (t.usedBytes ?? 0) > 0)
    .sort((a, b) => (b.usedBytes ?? 0) - (a.usedBytes ?? 0));
  return rows.length > 0 ? rows.map((t) => `${t.label} ${formatBytes(t.usedBytes)}`).join(' · ') : null;
}
