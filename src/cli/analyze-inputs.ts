/**
 * Streams every input, in order, into one analyser (so a dmesg file and a be.INFO correlate), and
 * records where each input's lines end so report line numbers can be shown as `file:line`.
 */
import { createAnalyzer } from '../analysis/analyze.js';
import type { Report } from '../analysis/report/report-schema.js';
import type { SourceSpan } from '../render/line-locator.js';
import type { InputSource } from './open-input.js';
import { basename } from 'node:path';

export interface AnalysedInputs {
  report: Report;
  spans: SourceSpan[];
}

export async function analyzeInputs(sources: readonly InputSource[], killTime: string | null): Promise<AnalysedInputs> {
  const analyzer = createAnalyzer({ killTime });
  const spans: SourceSpan[] = [];
  const names = displayNames(sources.map((s) => s.name));
  for (const [i, source] of sources.entries()) {
    for await (const chunk of source.chunks()) analyzer.feed(chunk);
    analyzer.endSource();
    spans.push({ name: names[i]!, endLine: analyzer.lines });
  }
  return { report: analyzer.end(), spans };
}

/** `kern.log:118` reads better than `/var/log/archive/kern.log:118`; full paths only when two names clash. */
export function displayNames(paths: readonly string[]): string[] {
  const short = paths.map((p) => (p === 'stdin' ? p : basename(p)));
  return short.map((name, i) => (short.indexOf(name) !== short.lastIndexOf(name) ? paths[i]! : name));
}
