/**
 * The library, for programs that embed the analyser: `import { analyze } from 'oom-triage'`.
 *
 * ```ts
 * import { analyze, renderText } from 'oom-triage';
 * const report = analyze(readFileSync('/var/log/kern.log'));          // a Report (schema below)
 * for (const kill of report.events) console.log(kill.victim?.comm, kill.cause);
 * console.log(renderText(report));
 * ```
 *
 * The analysis is pure (no I/O, no logging) and never throws on any input. The Report's JSON Schema
 * ships beside it: `oom-triage/report.schema.json`.
 */
import { createAnalyzer, type AnalyzeOptions } from './analysis/analyze.js';
import type { Report } from './analysis/report/report-schema.js';

export { createAnalyzer, createScanPlans, DEFAULT_MAX_EVENTS, type AnalyzeOptions, type Analyzer, type ScanPlans } from './analysis/analyze.js';
export * from './analysis/report/report-schema.js';
export { renderText, type TextOptions } from './render/text/render-text.js';
export { renderMarkdown, type MarkdownOptions } from './render/markdown/render-markdown.js';
export { renderSummaryLines } from './render/text/render-summary-lines.js';

/** Analyses a whole log (text or bytes, gzip already undone): every OOM kill and the Doris memory report. */
export function analyze(input: string | Uint8Array, options: AnalyzeOptions = {}): Report {
  const analyzer = createAnalyzer(options);
  analyzer.feed(input);
  return analyzer.end();
}

/**
 * Analyses a log that arrives in chunks (a file or network stream), in bounded memory whatever its
 * size: `await analyzeStream(createReadStream('/var/log/kern.log'))`.
 */
export async function analyzeStream(chunks: AsyncIterable<string | Uint8Array>, options: AnalyzeOptions = {}): Promise<Report> {
  const analyzer = createAnalyzer(options);
  for await (const chunk of chunks) analyzer.feed(chunk);
  return analyzer.end();
}
