/**
 * The streaming driver: turns chunks of bytes into numbered lines for the consumers, without
 * decoding most of a large input.
 *
 * State is `scan` or `lines`. In `scan` no consumer is inside a multi-line structure, so the driver
 * jumps from one keyword hit to the next with a one-pass multi-keyword search (multi-search.ts) and
 * only counts the newlines it skips (native memchr through `Buffer#indexOf`). A hit switches to `lines`: the hit's line (and up to `lookbehindLines` before
 * it) is decoded and pushed, and every following line is too while any consumer `wantsMore()`.
 *
 * Memory is bounded: at most one unfinished line is carried between chunks, and it is capped at
 * MAX_LINE_BYTES (the rest of an over-long line is counted but never kept).
 */
import { toInputLines } from './input/to-input-lines.js';
import type { InputLine, InputFormat } from './input/input-line.js';
import type { LineConsumer } from './line-consumer.js';
import { createMultiSearch } from './multi-search.js';

/** Longest line the driver decodes; kernel and Doris lines are far shorter, a pasted #012 dump fits. */
export const MAX_LINE_BYTES = 64 * 1024;
const NL = 0x0a;
const EMPTY = Buffer.alloc(0);
const NL_BUFFER = Buffer.from([NL]);

export interface LineDriver {
  feed(chunk: Uint8Array | string): void;
  /** The current source ended: its unterminated last line is a line of its own. */
  endSource(): void;
  readonly bytes: number;
  readonly lines: number;
  readonly formats: ReadonlySet<InputFormat>;
  /** Lines longer than MAX_LINE_BYTES (only their start was read). */
  readonly longLines: number;
}

export function createLineDriver(consumers: readonly LineConsumer[]): LineDriver {
  const search = createMultiSearch([...new Set(consumers.flatMap((c) => c.keywords))].map((k) => Buffer.from(k, 'utf8')));
  const lookbehind = Math.min(16, Math.max(0, ...consumers.map((c) => c.lookbehindLines)));
  const formats = new Set<InputFormat>();

  let bytes = 0;
  /** Number of the next line to be read (1-based). */
  let lineNo = 1;
  /** The unfinished last line of the previous chunk (capped). */
  let carry: Buffer = EMPTY;
  /** Bytes of the carried line dropped beyond the cap. */
  let carryOverflow = false;
  let longLines = 0;

  const wantsMore = (): boolean => {
    for (const c of consumers) if (c.wantsMore()) return true;
    return false;
  };

  const emit = (data: Buffer, start: number, end: number): void => {
    let stop = end;
    if (stop > start && data[stop - 1] === 0x0d) stop--;
    if (stop - start > MAX_LINE_BYTES) {
      stop = start + MAX_LINE_BYTES;
      longLines++;
    }
    const raw = data.toString('utf8', start, stop);
    for (const input of toInputLines(lineNo, raw)) pushAll(input);
    lineNo++;
  };

  const pushAll = (input: InputLine): void => {
    if (input.format !== 'plain') formats.add(input.format);
    for (const c of consumers) c.push(input);
  };

  const countNewlines = (data: Buffer, from: number, to: number): number => {
    let n = 0;
    let i = data.indexOf(NL, from);
    while (i !== -1 && i < to) {
      n++;
      i = data.indexOf(NL, i + 1);
    }
    return n;
  };

  /** Processes the complete lines in data[from, end] (data[end] is a newline; `from` starts a line). */
  const processComplete = (data: Buffer, from: number, end: number): void => {
    let pos = from;
    /** Lines starting at or before this offset are pushed whatever the consumers want (the hit line). */
    let forcedUntil = -1;
    while (pos <= end) {
      if (pos <= forcedUntil || wantsMore()) {
        const nl = data.indexOf(NL, pos);
        emit(data, pos, nl);
        pos = nl + 1;
        continue;
      }
      const hit = search.find(data, pos, end + 1);
      if (hit === -1) {
        lineNo += countNewlines(data, pos, end + 1);
        return;
      }
      let start = data.lastIndexOf(NL, hit) + 1;
      for (let k = 0; k < lookbehind && start > pos; k++) start = data.lastIndexOf(NL, start - 2) + 1;
      if (start < pos) start = pos;
      lineNo += countNewlines(data, pos, start);
      pos = start;
      forcedUntil = hit;
    }
  };

  const feedBuffer = (chunk: Buffer): void => {
    bytes += chunk.length;
    let from = 0;
    if (carry.length > 0) {
      // Finish the carried line on its own, so the (large) chunk is never copied.
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        keepCarry(Buffer.concat([carry, chunk.subarray(0, MAX_LINE_BYTES + 1)]), 0, carryOverflow || chunk.length > MAX_LINE_BYTES + 1);
        return;
      }
      const room = Math.max(0, MAX_LINE_BYTES - carry.length);
      const line = Buffer.concat([carry.subarray(0, MAX_LINE_BYTES), chunk.subarray(0, Math.min(nl, room)), NL_BUFFER]);
      // A line cut at the cap: only its start was searched and can be read.
      if (carryOverflow || carry.length > MAX_LINE_BYTES || nl > room) longLines++;
      carry = EMPTY;
      carryOverflow = false;
      processComplete(line, 0, line.length - 1);
      from = nl + 1;
    }
    const end = chunk.lastIndexOf(NL);
    if (end < from) {
      keepCarry(chunk, from, false);
      return;
    }
    processComplete(chunk, from, end);
    keepCarry(chunk, end + 1, false);
  };

  const keepCarry = (data: Buffer, from: number, overflowBefore: boolean): void => {
    const len = data.length - from;
    if (len <= 0) {
      carry = EMPTY;
      carryOverflow = false;
      return;
    }
    // Copy, so the caller's chunk can be collected; keep one byte over the cap to know it overflowed.
    const keep = Math.min(len, MAX_LINE_BYTES + 1);
    carry = Buffer.from(data.subarray(from, from + keep));
    carryOverflow = overflowBefore || len > keep;
  };

  return {
    feed(chunk) {
      feedBuffer(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
    endSource() {
      if (carry.length > 0) {
        const data = Buffer.concat([carry.subarray(0, MAX_LINE_BYTES), NL_BUFFER]);
        if (carryOverflow || carry.length > MAX_LINE_BYTES) longLines++;
        carry = EMPTY;
        carryOverflow = false;
        processComplete(data, 0, data.length - 1);
      }
    },
    get bytes() {
      return bytes;
    },
    get lines() {
      return lineNo - 1;
    },
    get formats() {
      return formats;
    },
    get longLines() {
      return longLines;
    },
  };
}
