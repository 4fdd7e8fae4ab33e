/**
 * Report → SVG charts, the one chart code for the web page and for Slack (rasterised to PNG there),
 * so a picture means the same in both. Pure: strings in, strings out, everything escaped.
 *
 *   renderCharts(report)  → the reply's chart (id `reply`: memory-chart.ts, the PNG Slack posts),
 *                           every event's charts (ids `e1-memory`, `e2-zones`…) and the Doris chart
 *   renderCharts(event)   → that event's charts (ids `memory`, `zones`, `cgroup`)
 */
import type { DorisReport, OomEvent, Report } from '../../analysis/report/report-schema.js';
import { dorisChart } from './doris-chart.js';
import { cgroupChart, memoryBreakdownChart, zonesChart } from './memory-charts.js';
import { chartModel, memoryChartSvg } from './memory-chart.js';
import { renderBarChart, type BarChart } from './svg-bars.js';

export interface Chart {
  /** Stable within one report: `memory`, `zones`, `cgroup`, `doris`, prefixed `e<N>-` per event of a report. */
  id: string;
  title: string;
  /** A complete standalone `<svg>` document (width 760, white background). */
  svg: string;
}

function toChart(id: string, c: BarChart | null): Chart[] {
  return c === null ? [] : [{ id, title: c.title, svg: renderBarChart(c) }];
}

export function renderEventCharts(e: OomEvent, idPrefix = ''): Chart[] {
  return [
    ...toChart(`${idPrefix}memory`, memoryBreakdownChart(e)),
    ...toChart(`${idPrefix}zones`, zonesChart(e)),
    ...toChart(`${idPrefix}cgroup`, cgroupChart(e)),
  ];
}

export function renderDorisCharts(d: DorisReport): Chart[] {
  return toChart('doris', dorisChart(d));
}

export function renderCharts(input: Report | OomEvent): Chart[] {
  if ('schemaVersion' in input) {
    const reply = memoryChartSvg(input);
    return [
      ...(reply === null ? [] : [{ id: 'reply', title: chartModel(input)?.title ?? 'Memory', svg: reply }]),
      ...input.events.flatMap((e, i) => renderEventCharts(e, `e${i + 1}-`)),
      ...(input.doris === null ? [] : renderDorisCharts(input.doris)),
    ];
  }
  return renderEventCharts(input);
}
