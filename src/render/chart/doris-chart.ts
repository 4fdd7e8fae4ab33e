/** The Doris BE's memory trackers against its resident memory and mem_limit. */
import { formatBytes } from '../../analysis/units.js';
import type { DorisReport } from '../../analysis/report/report-schema.js';
import { COLOR } from './chart-colors.js';
import type { BarChart, BarRow } from './svg-bars.js';

export function dorisChart(d: DorisReport): BarChart | null {
  const resident = d.processResidentBytes ?? d.processUsedBytes;
  if (resident === null && d.trackers.length === 0) return null;
  const markers = [
    ...(d.limitBytes !== null && d.limitBytes > 0 ? [{ name: 'mem_limit', value: d.limitBytes, color: COLOR.bad }] : []),
    ...(d.softLimitBytes !== null && d.softLimitBytes > 0 ? [{ name: 'soft', value: d.softLimitBytes, color: COLOR.warn }] : []),
  ];
  const rows: BarRow[] = [];
  if (resident !== null) {
    rows.push({ label: 'process resident', segments: [{ name: 'resident', color: COLOR.anon, value: resident }], markers, note: formatBytes(resident) });
  }
  if (d.sumOfTrackersBytes !== null) {
    rows.push({ label: 'sum of trackers', segments: [{ name: 'tracked', color: COLOR.tracker, value: d.sumOfTrackersBytes }], markers, note: formatBytes(d.sumOfTrackersBytes) });
  }
  for (const t of d.trackers.filter((t) => t.usedBytes !== null && t.usedBytes > 0).slice(0, 8)) {
    rows.push({ label: t.label, segments: [{ name: 'tracker', color: COLOR.slabReclaimable, value: t.usedBytes! }], note: formatBytes(t.usedBytes!) });
  }
  if (rows.length === 0) return null;
  const max = Math.max(resident ?? 0, d.limitBytes ?? 0, d.sumOfTrackersBytes ?? 0, ...d.trackers.map((t) => t.usedBytes ?? 0));
  return { title: 'Doris BE: trackers against resident memory and mem_limit', rows, max };
}
