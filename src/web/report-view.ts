/**
 * What the page receives: the Report as it is (the JSON contract), the sentences the other
 * renderers say about each event (one wording everywhere), every size already written out by
 * src/analysis/units.ts (so a number reads the same on the page as in Slack and the CLI; the page
 * formats no size of the report itself), and the charts (the same SVG as Slack's PNG).
 */
import { CAUSE_TITLES } from '../analysis/report/cause-phrases.js';
import type { Report } from '../analysis/report/report-schema.js';
import { renderCharts, type Chart } from '../render/chart/render-charts.js';
import { eventContext, factorLabel, factorList, killSentence, killTitle, cgroupLines, triggerLine, victimIdentity, victimSizes } from '../render/describe-event.js';
import { memInfoRows, TASK_COLUMNS, taskCells, zoneRows } from '../render/describe-memory.js';
import { formatBytes, formatLimitBytes, formatShare } from '../analysis/units.js';
import type { DorisReport } from '../analysis/report/report-schema.js';

export interface EventView {
  title: string;
  cause: string;
  context: string;
  sentence: string;
  factors: string | null;
  /** "Contributing", or "It shows" for a memory dump with no OOM. */
  factorsLabel: string;
  victim: string | null;
  cgroup: string[];
  trigger: string | null;
  memInfo: [string, string][];
  /** One row per zone: zone, free, min, low, high, state, buddy counts. */
  zones: string[][];
  /** One row per task of the dump, in `taskColumns` order. */
  tasks: string[][];
}

export interface DorisView {
  facts: [string, string][];
  /** One row per tracker: label, type, used, peak, limit. */
  trackers: string[][];
}

export interface ReportView {
  report: Report;
  events: EventView[];
  charts: Chart[];
  /** "24 lines, 1.95 KiB". */
  inputSize: string;
  taskColumns: readonly string[];
  doris: DorisView | null;
}

function dorisView(d: DorisReport): DorisView {
  const size = (n: number | null): string => (n === null ? '' : formatBytes(n));
  const facts: [string, string][] = [
    ['Summary time', d.summaryTime ?? ''],
    ['Kill time', d.killTime ?? ''],
    ['Process resident', size(d.processResidentBytes)],
    ['mem_limit', d.limitBytes === null ? '' : formatLimitBytes(d.limitBytes)],
    ['Sum of trackers', size(d.sumOfTrackersBytes)],
    ['Tracked share', d.trackedRatio === null ? '' : formatShare(d.trackedRatio)],
  ];
  return {
    facts: facts.filter(([, v]) => v !== ''),
    trackers: d.trackers.map((t) => [t.label, t.type ?? '', size(t.usedBytes), size(t.peakBytes), t.limitBytes === null ? '' : formatLimitBytes(t.limitBytes)]),
  };
}

export function buildReportView(report: Report): ReportView {
  const events = report.events.map((e): EventView => ({
    title: killTitle(e),
    cause: CAUSE_TITLES[e.cause],
    context: eventContext(e).join(' · '),
    sentence: killSentence(e),
    factors: factorList(e),
    factorsLabel: factorLabel(e),
    victim: e.victim ? `${victimIdentity(e.victim)} — ${victimSizes(e.victim)}` : null,
    cgroup: cgroupLines(e),
    trigger: e.trigger ? triggerLine(e.trigger) : null,
    memInfo: e.memInfo ? memInfoRows(e.memInfo) : [],
    zones: zoneRows(e.zones),
    tasks: e.tasks.map(taskCells),
  }));
  return {
    report,
    events,
    charts: renderCharts(report),
    inputSize: formatBytes(report.input.bytes),
    taskColumns: TASK_COLUMNS,
    doris: report.doris ? dorisView(report.doris) : null,
  };
}
