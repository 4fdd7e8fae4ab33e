/**
 * Report line numbers count across all inputs in order; a reader wants "kern.log:118". The CLI
 * builds a locator from the line count after each file; without one, a number reads "line 118".
 */
export type LineLocator = (line: number) => string;

export const plainLineLocator: LineLocator = (line) => `line ${line}`;

export interface SourceSpan {
  /** What the reader calls this input: the path as given, or "stdin". */
  name: string;
  /** Total lines read once this source had ended (analyzer.lines after endSource()). */
  endLine: number;
}

/** Maps a global 1-based line number to `name:line` within the source that holds it. */
export function createLineLocator(spans: readonly SourceSpan[]): LineLocator {
  if (spans.length === 0) return plainLineLocator;
  return (line) => {
    let start = 0;
    for (const span of spans) {
      if (line <= span.endLine) return `${span.name}:${line - start}`;
      start = span.endLine;
    }
    return plainLineLocator(line);
  };
}
