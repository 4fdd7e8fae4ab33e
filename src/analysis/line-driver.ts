/**
 * The streaming driver: turns chunks of bytes into numbered lines for the consumers, without
 * decoding most of a large input.
 *
 * State is `scan` or `lines`. In `scan` no consumer is inside a multi-line structure, so the driver
 * jumps from one keyword hit to the next with `Buffer#indexOf` (native memmem) and only counts the
 * newlines it skips. A hit switches to `lines`: the hit's line (and up to `lookbehindLines` before
 * it) is decoded and pushed, and every following line is too while any consumer `wantsMore()`.
 *
 * Memory is bounded: at most one unfinished line is carried between chunks, and it is capped at
 * MAX_LINE_BYTES (the rest of an over-long line is counted but never kept).
 */
import { toInputLines } from './input/to-input-lines.js';
import type { InputLine, InputFormat } from './input/input-line.js';
import type { LineConsumer } from './line-consumer.js';

/** Longest line the driver decodes; kernel and Doris lines are far shorter, a pasted #012 dump fits. */
export const MAX_LINE_BYTES = 64 * 1024;
const NL = 0x0a;
const EMPTY = Buffer.alloc(0);

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
  const keywords = [...new Set(consumers.flatMap((c) => c.keywords))].map((k) => Buffer.from(k, 'utf8'));
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

  const emit = (data: Buffer, start: number, end: number, overflow: boolean): void => {
    let stop = end;
    if (stop > start && data[stop - 1] === 0x0d) stop--;
    if (stop - start > MAX_LINE_BYTES) {
      stop = start + MAX_LINE_BYTES;
      overflow = true;
    }
    if (overflow) longLines++;
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

  /** Processes the complete lines in data[0, end] (data[end] is a newline). */
  const processComplete = (data: Buffer, end: number, firstOverflow: boolean): void => {
    const next = new Array<number>(keywords.length).fill(-2);
    let pos = 0;
    /** Lines starting at or before this offset are pushed whatever the consumers want (the hit line). */
    let forcedUntil = -1;
    let overflow = firstOverflow;
    while (pos <= end) {
      if (pos <= forcedUntil || wantsMore()) {
        const nl = data.indexOf(NL, pos);
        emit(data, pos, nl, overflow);
        overflow = false;
        pos = nl + 1;
        continue;
      }
      let hit = -1;
      for (let k = 0; k < keywords.length; k++) {
        let at = next[k]!;
        if (at !== -1 && at < pos) {
          at = data.indexOf(keywords[k]!, pos);
          next[k] = at;
        }
        if (at !== -1 && at <= end && (hit === -1 || at < hit)) hit = at;
      }
      if (hit === -1) {
        lineNo += countNewlines(data, pos, end + 1);
        return;
      }
      let start = data.lastIndexOf(NL, hit) + 1;
      for (let k = 0; k < lookbehind && start > pos; k++) start = data.lastIndexOf(NL, start - 2) + 1;
      if (start < pos) start = pos;
      if (start > pos) overflow = false;
      lineNo += countNewlines(data, pos, start);
      pos = start;
      forcedUntil = hit;
    }
  };

  const feedBuffer = (chunk: Buffer): void => {
    bytes += chunk.length;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const overflowIn = carryOverflow;
    const end = data.lastIndexOf(NL);
    if (end === -1) {
      keepCarry(data, 0, overflowIn);
      return;
    }
    processComplete(data, end, overflowIn);
    keepCarry(data, end + 1, false);
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
        const data = Buffer.concat([carry, Buffer.from([NL])]);
        const overflow = carryOverflow;
        carry = EMPTY;
        carryOverflow = false;
        processComplete(data, data.length - 1, overflow);
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
