/**
 * Worker-thread side of analysis-pool.ts: analyses one pasted text per message and answers with the
 * Report (structured clone), or rasterises one chart's SVG and answers with the PNG's bytes
 * (transferred, not copied). The same calls as gather-report.ts makes for a paste.
 */
import { parentPort } from 'node:worker_threads';
import { createAnalyzer } from '../analysis/analyze.js';
import type { Report } from '../analysis/report/report-schema.js';
import { renderChartPng } from './render-chart-png.js';

export type ThreadRequest = { id: number; kind: 'analyse'; text: string } | { id: number; kind: 'png'; svg: string };
export type ThreadAnswer = { id: number; report: Report } | { id: number; png: ArrayBuffer } | { id: number; error: string };

function analyse(text: string): Report {
  const analyzer = createAnalyzer();
  if (text.trim() !== '') {
    analyzer.feed(text);
    analyzer.endSource();
  }
  return analyzer.end();
}

/** The PNG's bytes in an ArrayBuffer of their own, so handing it over moves it instead of copying it. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

parentPort?.on('message', (request: ThreadRequest) => {
  if (request.kind === 'analyse') {
    parentPort?.postMessage({ id: request.id, report: analyse(request.text) } satisfies ThreadAnswer);
    return;
  }
  let png: ArrayBuffer;
  try {
    png = ownBuffer(renderChartPng(request.svg));
  } catch (err) {
    parentPort?.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) } satisfies ThreadAnswer);
    return;
  }
  parentPort?.postMessage({ id: request.id, png } satisfies ThreadAnswer, [png]);
});
