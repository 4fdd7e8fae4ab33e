/**
 * The Doris BE's memory: its resident memory and what its trackers account for, then the largest
 * trackers, against mem_limit (the dashed line) and the soft limit (a tick on the resident row).
 */
import { formatBytes, formatShare } from '../../analysis/units.js';
import type { DorisReport } from '../../analysis/report/report-schema.js';
import { dorisTaskName } from '../describe-headline.js';
import { largestTrackers } from '../describe-doris.js';
import { COLOR } from './chart-colors.js';
import type { BarChart, BarRow } from './svg-bars.js';

/** Tracker rows: the picture stays one screen tall. */
const MAX_TRACKERS = 6;

export function dorisChart(d: DorisReport): BarChart | null {
  const resident = d.processResidentBytes ?? d.processUsedBytes;
  const limit = d.limitBytes !== null && d.limitBytes > 0 ? d.limitBytes : null;
  const soft = d.softLimitBytes !== null && d.softLimitBytes > 0 ? [{ name: 'soft limit', value: d.softLimitBytes, color: COLOR.warn }] : [];
  const rows: BarRow[] = [];
  if (resident !== null) {
    rows.push({ label: 'BE resident', segments: [{ name: 'resident', color: COLOR.total, value: resident }], markers: soft, note: limit === null ? formatBytes(resident) : `${formatBytes(resident)} of ${formatBytes(limit)}` });
  }
  if (d.sumOfTrackersBytes !== null) {
    rows.push({ label: 'sum of trackers', segments: [{ name: 'tracked', color: COLOR.slabUnreclaimable, value: d.sumOfTrackersBytes }], note: formatBytes(d.sumOfTrackersBytes) });
  }
  for (const { tracker, share } of largestTrackers(d, MAX_TRACKERS)) {
    rows.push({
      label: dorisTaskName(tracker.label),
      segments: [{ name: 'one tracker', color: COLOR.slabReclaimable, value: tracker.usedBytes ?? 0 }],
      note: share === null ? formatBytes(tracker.usedBytes) : `${formatBytes(tracker.usedBytes)} (${formatShare(share)} of RSS)`,
    });
  }
  if (rows.length === 0) return null;
  return {
    title: 'Apache Doris BE memory',
    subtitle: limit === null ? 'resident memory and the largest trackers' : 'resident memory and the largest trackers against mem_limit',
    rows,
    ...(limit === null ? {} : { limit: { value: limit, name: `mem_limit ${formatBytes(limit)}` } }),
  };
}
