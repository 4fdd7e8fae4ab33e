/**
 * An enriched OOM alert's memory over time (Prometheus, src/worker/enrich/prometheus-lookup.ts):
 * the container's working set before the kill against its limit. The picture Slack posts under the
 * alert's answer, and the one thing there a sentence cannot say: how the memory got to the limit.
 */
import type { AlertReport } from '../../analysis/report/report-schema.js';
import { formatBytes, formatSeconds } from '../../analysis/units.js';
import { alertTitle } from '../describe-alert.js';
import type { SeriesChart } from './svg-series.js';

export function memorySeriesChart(alert: AlertReport): SeriesChart | null {
  const series = alert.cluster?.memory ?? null;
  if (series === null || series.points.length < 2) return null;
  const span = series.points.at(-1)![0] - series.points[0]![0];
  return {
    title: alertTitle(alert),
    subtitle: `${series.metric} over the ${formatSeconds(span)} before the kill, every ${formatSeconds(series.stepSeconds)}`,
    points: series.points,
    ...(series.limitBytes !== null && series.limitBytes > 0 ? { limit: { value: series.limitBytes, name: `limit ${formatBytes(series.limitBytes)}` } } : {}),
  };
}
