/**
 * Streams every input, in order, into one analyser (so a dmesg file and a be.INFO correlate), and
 * names each input so that evidence reads `file:line`.
 */
import { createAnalyzer } from '../analysis/analyze.js';
import type { Report } from '../analysis/report/report-schema.js';
import type { InputSource } from './open-input.js';
import { basename } from 'node:path';

export async function analyzeInputs(sources: readonly InputSource[], killTime: string | null): Promise<Report> {
  const analyzer = createAnalyzer({ killTime });
  // One piped input has no name worth repeating on every line; files are always named.
  const names = sources.length === 1 && sources[0]!.name === 'stdin' ? [null] : displayNames(sources.map((s) => s.name));
  for (const [i, source] of sources.entries()) {
    for await (const chunk of source.chunks()) analyzer.feed(chunk);
    analyzer.endSource(names[i] ?? null);
  }
  return analyzer.end();
}

/** `kern.log:118` reads better than `/var/log/archive/kern.log:118`; full paths only when two names clash. */
export function displayNames(paths: readonly string[]): string[] {
  const short = paths.map((p) => (p === 'stdin' ? p : basename(p)));
  return short.map((name, i) => (short.indexOf(name) !== short.lastIndexOf(name) ? paths[i]! : name));
}
