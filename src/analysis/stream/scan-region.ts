/**
 * The two states of the line driver (line-driver.ts) over a region of complete lines:
 *
 *   scan  ──keyword hit──▶ lines  (the hit line and its lookbehind go to the consumers whose keywords it holds)
 *   lines ──no consumer wantsMore()──▶ scan
 *
 * In `scan` no consumer is inside a multi-line structure: the search jumps from one hit to the
 * next and only counts the newlines it skips. In `lines` every line is read and dispatched.
 */
import { NL, MAX_LINE_BYTES, type LineDriverState } from './line-driver-state.js';
import { keywordMaskOf, maxLookbehind, wantMask } from './keyword-routing.js';
import { dispatchLine } from './dispatch-line.js';
import { pushFromHistory, rememberLines } from './line-history.js';

/** Processes the complete lines in data[from, end] (data[end] is a newline; `from` starts a line). */
export function processComplete(d: LineDriverState, data: Buffer, from: number, end: number): void {
  try {
    scanRegion(d, data, from, end);
  } finally {
    // The scanner may hold a copy of `data`, which the caller is free to reuse once feed returns.
    d.search.releaseWindow();
  }
  rememberLines(d, data, from, end);
}

function scanRegion(d: LineDriverState, data: Buffer, from: number, end: number): void {
  let pos = from;
  /** Lines starting at or before this offset go to `forcedMask` whatever the consumers want (lookbehind and hit line). */
  let forcedUntil = -1;
  let forcedMask = 0;
  while (pos <= end) {
    const want = wantMask(d);
    if (want !== 0 || pos <= forcedUntil) {
      pos = readLine(d, data, pos, want | (pos <= forcedUntil ? forcedMask : 0));
      continue;
    }
    const hit = d.search.find(data, pos, end + 1);
    if (hit === -1) {
      d.lineNo += d.search.countNewlines(data, pos, end + 1);
      break;
    }
    const lineStart = hit === 0 ? 0 : data.lastIndexOf(NL, hit - 1) + 1;
    const mask = keywordMaskOf(d, data, lineStart, data.indexOf(NL, hit));
    d.lineNo += d.search.countNewlines(data, pos, lineStart);
    pushLookbehind(d, data, from, lineStart, maxLookbehind(d, mask), mask);
    pos = lineStart;
    forcedUntil = lineStart;
    forcedMask = mask;
  }
}

/** `lines`: reads the line at `pos` for `mask`'s consumers; returns where the next line starts. */
function readLine(d: LineDriverState, data: Buffer, pos: number, mask: number): number {
  const nl = data.indexOf(NL, pos);
  // A line read for one consumer may hold another's keyword: it gets the line too.
  mask |= keywordMaskOf(d, data, pos, nl);
  const tooLong = nl - pos - (nl > pos && data[nl - 1] === 0x0d ? 1 : 0) > MAX_LINE_BYTES;
  if (tooLong && mask !== 0) d.longLines++;
  dispatchLine(d, mask, d.lineNo, data, pos, nl);
  d.lineNo++;
  return nl + 1;
}

/**
 * Pushes to `mask`'s consumers the `count` lines before the line starting at `lineStart` (line
 * number lineNo): from this region, then from the history of the regions before. Lines a
 * consumer already had are skipped (dispatchLine), so reaching back over lines read for another
 * consumer is safe.
 */
function pushLookbehind(d: LineDriverState, data: Buffer, from: number, lineStart: number, count: number, mask: number): void {
  if (count === 0) return;
  let start = lineStart;
  let back = 0;
  while (back < count && start > from) {
    start = previousLineStart(data, start);
    back++;
  }
  if (back < count) pushFromHistory(d, count - back, mask);
  for (let line = d.lineNo - back; line < d.lineNo; line++) {
    const nl = data.indexOf(NL, start);
    dispatchLine(d, mask, line, data, start, nl);
    start = nl + 1;
  }
}

/** Start of the line before the one starting at `start` (which must be > 0). */
function previousLineStart(data: Buffer, start: number): number {
  return start <= 1 ? 0 : data.lastIndexOf(NL, start - 2) + 1;
}
