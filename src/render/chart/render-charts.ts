/**
 * Report → SVG charts: the one chart code for the web page and for Slack (whose PNG is this SVG
 * rasterised, src/worker/render-chart-png.ts), so a picture is the same in both. Pure: strings in,
 * strings out, everything from the log escaped. Every chart is drawn by svg-bars.ts.
 *
 *   replyChart(report)    → the picture Slack posts (id `reply`): the worst kill's tasks against
 *                           the limit it hit (memory-charts.ts tasksChart), else the Doris BE chart
 *   renderCharts(report)  → the reply's chart first, then every event's charts (`e1-memory`,
 *                           `e2-zones`…; the reply's own event without its tasks chart, which is
 *                           the reply's) and the Doris chart (`doris`, unless it is the reply's)
 *   renderCharts(event)   → that event's charts (ids `memory`, `zones`, `tasks`)
 *   alertChart(report)    → an enriched alert's memory over time against its limit (id `alert-memory`),
 *                           the picture Slack posts under the alert's answer
 */
import type { DorisReport, OomEvent, Report } from '../../analysis/report/report-schema.js';
import { reportHeadline, worstEvent } from '../describe-headline.js';
import { dorisChart } from './doris-chart.js';
import { memoryBreakdownChart, tasksChart, zonesChart } from './memory-charts.js';
import { renderBarChart, type BarChart } from './svg-bars.js';
import { memorySeriesChart } from './memory-series-chart.js';
import { renderSeriesChart } from './svg-series.js';

export interface Chart {
  /** Stable within one report: `reply`, `memory`, `zones`, `tasks`, `doris`, prefixed `e<N>-` per event of a report. */
  id: string;
  title: string;
  /** A complete standalone `<svg>` document (width 760, white background). */
  svg: string;
}

function toChart(id: string, c: BarChart | null): Chart[] {
  return c === null ? [] : [{ id, title: c.title, svg: renderBarChart(c) }];
}

/**
 * Which picture the reply shows: the worst kill's tasks chart under the reply's headline, or with no
 * kill the Doris chart. A worst kill with no numbers gets no picture: another kill's chart under its
 * headline would say something false.
 */
function replySource(report: Report): { event: OomEvent; chart: BarChart } | { event: null; chart: BarChart } | null {
  if (report.events.length > 0) {
    const event = worstEvent(report.events);
    const chart = tasksChart(event);
    return chart === null ? null : { event, chart: { ...chart, title: reportHeadline(report) } };
  }
  const doris = report.doris ? dorisChart(report.doris) : null;
  return doris ? { event: null, chart: doris } : null;
}

/** The reply's picture, or null when the log holds no numbers to draw. */
export function replyChart(report: Report): Chart | null {
  const source = replySource(report);
  return source === null ? null : toChart('reply', source.chart)[0]!;
}

/** An enriched alert's memory over time, or null when the alert has no series (Prometheus not asked, or no answer). */
export function alertChart(report: Report): Chart | null {
  const chart = report.alert ? memorySeriesChart(report.alert) : null;
  return chart === null ? null : { id: 'alert-memory', title: chart.title, svg: renderSeriesChart(chart) };
}

export function renderEventCharts(e: OomEvent, idPrefix = '', withTasks = true): Chart[] {
  return [
    ...toChart(`${idPrefix}memory`, memoryBreakdownChart(e)),
    ...toChart(`${idPrefix}zones`, zonesChart(e)),
    ...(withTasks ? toChart(`${idPrefix}tasks`, tasksChart(e)) : []),
  ];
}

export function renderDorisCharts(d: DorisReport): Chart[] {
  return toChart('doris', dorisChart(d));
}

export function renderCharts(input: Report | OomEvent): Chart[] {
  if (!('schemaVersion' in input)) return renderEventCharts(input);
  const source = replySource(input);
  return [
    ...(source === null ? [] : toChart('reply', source.chart)),
    ...input.events.flatMap((e, i) => renderEventCharts(e, `e${i + 1}-`, e !== source?.event)),
    ...(input.doris === null || (source !== null && source.event === null) ? [] : renderDorisCharts(input.doris)),
    ...[alertChart(input)].filter((c): c is Chart => c !== null),
  ];
}
