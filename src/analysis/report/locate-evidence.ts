/**
 * Line numbers are counted across all inputs while reading; a reader wants "kern.log:118". Once the
 * report is complete, each quoted line is given the input it came from and its line within it.
 */
import type { Report } from './report-schema.js';

export interface InputSpan {
  /** What the reader calls this input (a file name), or null for standard input or pasted text. */
  name: string | null;
  /** Lines read in total once this input had ended. */
  endLine: number;
}

export function locateEvidence(report: Report, spans: readonly InputSpan[]): Report {
  if (spans.length === 0 || (spans.length === 1 && spans[0]!.name === null)) return report;
  const locate = <T extends { line: number }>(ev: T): T & { file: string | null } => {
    let start = 0;
    for (const span of spans) {
      if (ev.line <= span.endLine) return { ...ev, file: span.name, line: ev.line - start };
      start = span.endLine;
    }
    return { ...ev, file: null };
  };
  return {
    ...report,
    events: report.events.map((e) => ({ ...e, evidence: e.evidence.map(locate) })),
    doris: report.doris === null ? null : { ...report.doris, findings: report.doris.findings.map((f) => ({ ...f, evidence: f.evidence.map(locate) })) },
  };
}
