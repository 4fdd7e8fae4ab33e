/**
 * Streams every input, in order, into one analyser (so a dmesg file and a be.INFO correlate), and
 * names each input so that evidence reads `file:line`.
 */
import { createAnalyzer } from '../analysis/analyze.js';
import type { Report } from '../analysis/report/report-schema.js';
import { CliError } from './cli-error.js';
import type { InputSource } from './open-input.js';
import { basename } from 'node:path';

export interface AnalysedInputs {
  report: Report;
  /** One line each for the inputs that could not be read (in full, or at all). */
  unreadable: CliError[];
  /** Inputs that gave at least one byte (all of it, or what came before a read error). */
  read: number;
}

/**
 * One input that cannot be read (missing, a directory, a gzip that breaks off) does not discard the
 * others, as with grep: what could be read is analysed, and each failure is reported beside it.
 */
export async function analyzeInputs(sources: readonly InputSource[], killTime: string | null): Promise<AnalysedInputs> {
  const analyzer = createAnalyzer({ killTime });
  // One piped input has no name worth repeating on every line; files are always named.
  const names = sources.length === 1 && sources[0]!.name === 'stdin' ? [null] : displayNames(sources.map((s) => s.name));
  const unreadable: CliError[] = [];
  let read = 0;
  for (const [i, source] of sources.entries()) {
    let fed = false;
    try {
      for await (const chunk of source.chunks()) {
        analyzer.feed(chunk);
        fed = true;
      }
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      unreadable.push(err);
    }
    // Lines before a read error still count, under the file's name.
    if (fed) {
      analyzer.endSource(names[i] ?? null);
      read++;
    }
  }
  return { report: analyzer.end(), unreadable, read };
}

/** `kern.log:118` reads better than `/var/log/archive/kern.log:118`; full paths only when two names clash. */
export function displayNames(paths: readonly string[]): string[] {
  const short = paths.map((p) => (p === 'stdin' ? p : basename(p)));
  return short.map((name, i) => (short.indexOf(name) !== short.lastIndexOf(name) ? paths[i]! : name));
}
