/**
 * What the page receives: the Report as it is (the JSON contract), the sentences the other
 * renderers say about each event (one wording everywhere), and the charts (the same SVG as Slack's).
 */
import { CAUSE_TITLES } from '../analysis/report/cause-phrases.js';
import type { Report } from '../analysis/report/report-schema.js';
import { renderCharts, type Chart } from '../render/chart/render-charts.js';
import { eventContext, factorLabel, factorList, killSentence, killTitle, memcgDetails, memcgUsage, triggerLine, victimIdentity, victimSizes } from '../render/describe-event.js';
import { memInfoRows, zoneState } from '../render/describe-memory.js';

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
  zoneStates: string[];
}

export interface ReportView {
  report: Report;
  events: EventView[];
  charts: Chart[];
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
    cgroup: e.memcg ? [memcgUsage(e.memcg), ...memcgDetails(e.memcg)] : [],
    trigger: e.trigger ? triggerLine(e.trigger) : null,
    memInfo: e.memInfo ? memInfoRows(e.memInfo) : [],
    zoneStates: e.zones.map(zoneState),
  }));
  return { report, events, charts: renderCharts(report) };
}
