/**
 * The worker's alert step: the message an alert came in (text, attachments, blocks) → its facts
 * (readOomAlert) → what the cluster adds, when configured → the Report's `alert`. A message that
 * names no OOM kill leaves the report as it was.
 */
import type { AlertFacts } from '../analysis/alerts/alert-facts.js';
import { readOomAlert } from '../analysis/alerts/read-alert.js';
import { triageAlert, withAlert } from '../analysis/alerts/triage-alert.js';
import type { ClusterFacts, Report } from '../analysis/report/report-schema.js';
import type { Logger } from '../logger.js';

/**
 * Looks the alert's pod, node, events and memory up. Never throws and never waits past its own
 * deadlines: a part that did not come back is a gap in the ClusterFacts.
 */
export type AlertEnricher = (facts: AlertFacts, log: Logger) => Promise<ClusterFacts>;

export async function addAlert(report: Report, message: unknown, enrich: AlertEnricher | null, log: Logger): Promise<Report> {
  if (message === null || message === undefined) return report;
  const facts = readOomAlert(message);
  if (facts === null) return report;
  const cluster = enrich !== null ? await enrich(facts, log) : null;
  return withAlert(report, triageAlert(facts, cluster));
}
