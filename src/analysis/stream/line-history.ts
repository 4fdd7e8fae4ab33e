/**
 * The line driver's history (line-driver.ts): the last few lines of each region, copied, so that a
 * keyword hit near the start of a chunk still gets its lookbehind from the chunk before.
 */
import { NL, MAX_LINE_BYTES, type HistoryLine, type LineDriverState } from './line-driver-state.js';
import { dispatchLine } from './dispatch-line.js';

/** Keeps the last lines of data[from, end] (numbered up to lineNo - 1) as history. */
export function rememberLines(d: LineDriverState, data: Buffer, from: number, end: number): void {
  const historySize = d.historySize;
  if (historySize === 0) return;
  const kept: HistoryLine[] = [];
  let stop = end;
  let line = d.lineNo - 1;
  while (kept.length < historySize && stop >= from) {
    const start = Math.max(from, stop === 0 ? 0 : data.lastIndexOf(NL, stop - 1) + 1);
    kept.unshift({ line, bytes: Buffer.from(data.subarray(start, Math.min(stop, start + MAX_LINE_BYTES))) });
    line--;
    stop = start - 1;
  }
  d.history = kept.length >= historySize ? kept : d.history.concat(kept).slice(-historySize);
}

/** Pushes the last `count` history lines to `mask`'s consumers (those they had are skipped). */
export function pushFromHistory(d: LineDriverState, count: number, mask: number): void {
  for (const h of d.history.slice(-count)) dispatchLine(d, mask, h.line, h.bytes, 0, h.bytes.length);
}
