/**
 * The classifier may cite one log line for several reasons (a kill line proves both the victim and
 * the cgroup OOM); a reader should see the line once with each reason, in the order first cited.
 */
import type { Evidence } from '../analysis/report/report-schema.js';

export interface MergedEvidence {
  file: string | null;
  line: number;
  text: string;
  whys: string[];
}

export function mergeEvidence(evidence: readonly Evidence[]): MergedEvidence[] {
  const byLine = new Map<string, MergedEvidence>();
  for (const ev of evidence) {
    // Keyed by line and text: an rsyslog #012 line holds several logical lines under one number.
    const key = `${ev.file ?? ''}\u0000${ev.line}\u0000${ev.text}`;
    const seen = byLine.get(key);
    if (seen) {
      if (!seen.whys.includes(ev.why)) seen.whys.push(ev.why);
    } else {
      byLine.set(key, { file: ev.file, line: ev.line, text: ev.text, whys: [ev.why] });
    }
  }
  return [...byLine.values()];
}
