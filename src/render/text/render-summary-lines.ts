/**
 * Report → one line per kill (`oom-triage analyze --summary`): when, where, and the verdict, e.g.
 * `2021-09-10T16:15:14 web-1: test (pid 30211) was killed because a parent memory cgroup reached its
 * limit.` — for grep, a ticket title or a chat line. With no kill, the report's one summary line.
 */
import type { Report } from '../../analysis/report/report-schema.js';
import { killSentence } from '../describe-event.js';
import { terminalSafe } from './terminal-safe.js';

export function renderSummaryLines(report: Report): string {
  if (report.events.length === 0) return `${terminalSafe(report.summary)}\n`;
  return report.events
    .map((e) => {
      const where = [e.time ?? 'time unknown', e.host].filter((x) => x !== null && x !== '').join(' ');
      return terminalSafe(`${where}: ${killSentence(e)}`);
    })
    .join('\n')
    .concat('\n');
}
