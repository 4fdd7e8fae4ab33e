/**
 * The streaming driver: turns chunks of bytes into numbered lines for the consumers, without
 * decoding most of a large input.
 *
 * State is `scan` or `lines`. In `scan` no consumer is inside a multi-line structure, so the driver
 * jumps from one keyword hit to the next with a multi-keyword search (byte-scan/byte-scanner.ts:
 * WebAssembly SIMD on long stretches) and only counts the newlines it skips. A hit line, and up to
 * `lookbehindLines` before it, go to the consumers whose keywords it holds; then every following
 * line goes to each consumer that `wantsMore()` (and to any other whose keyword it holds), until
 * none does. Routing a line only to the consumers that asked for it keeps one parser's frequent
 * keyword (a busy Doris BE logs a query-end line every few lines) from costing the others.
 *
 * What a consumer sees never depends on where the input is cut into chunks: the last lines of each
 * chunk are kept (a bounded history) so that lookbehind reaches across a chunk boundary, and each
 * consumer gets every line at most once, in order.
 *
 * Memory is bounded: at most one unfinished line is carried between chunks, capped at
 * MAX_LINE_BYTES (the rest of an over-long line is counted but never kept), plus the history.
 */
import { toInputLines } from '../input/to-input-lines.js';
import type { InputFormat } from '../input/input-line.js';
import type { LineConsumer } from './line-consumer.js';
import { createByteScanner } from './byte-scan/byte-scanner.js';
import { createFingerprintPlans, type FingerprintPlans } from './byte-scan/plan-fingerprints.js';
import { createKeywordScanModule } from './byte-scan/keyword-scan-module.js';
import { matchesAt } from './byte-scan/matches-at.js';

/** Longest line the driver decodes; kernel and Doris lines are far shorter, a pasted #012 dump fits. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Lookbehind is capped so the history stays small. */
const MAX_LOOKBEHIND = 16;
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
  /** Lines longer than MAX_LINE_BYTES (only their start was searched and read). */
  readonly longLines: number;
}

interface HistoryLine {
  line: number;
  bytes: Buffer;
}

export interface LineDriverOptions {
  /** Scan plans to reuse (a long-lived caller's, see FingerprintPlans). Default: the driver's own. */
  scanPlans?: FingerprintPlans;
}

export function createLineDriver(consumers: readonly LineConsumer[], options: LineDriverOptions = {}): LineDriver {
  if (consumers.length > 30) throw new Error('createLineDriver: at most 30 consumers (bit masks)');
  let patterns: Buffer[] = [];
  /** For each keyword, the consumers (as a bit mask) that asked for it. */
  let keywordMasks: number[] = [];
  // One WebAssembly instance per driver, shared by the scanners it rebuilds as dynamic keywords change.
  const scanModule = createKeywordScanModule();
  // And one set of fingerprint plans: the keyword set changes back and forth as tasks are awaited.
  const plans = options.scanPlans ?? createFingerprintPlans();
  let search = createByteScanner([], { module: scanModule, plans });
  /** The dynamic keyword lists last seen, per consumer (compared by identity). */
  const dynamicSeen: (readonly string[] | undefined)[] = consumers.map((c) => c.dynamicKeywords?.());
  const rebuildSearch = (): void => {
    const keywordsOf = consumers.map((c, i) => [...c.keywords, ...(dynamicSeen[i] ?? [])]);
    const keywords = [...new Set(keywordsOf.flat())];
    patterns = keywords.map((k) => Buffer.from(k, 'utf8'));
    keywordMasks = keywords.map((k) => keywordsOf.reduce((mask, list, i) => (list.includes(k) ? mask | (1 << i) : mask), 0));
    search = createByteScanner(patterns, { module: scanModule, plans });
  };
  rebuildSearch();
  const lookbehinds = consumers.map((c) => Math.min(MAX_LOOKBEHIND, Math.max(0, c.lookbehindLines)));
  const historySize = Math.max(0, ...lookbehinds);
  const formats = new Set<InputFormat>();
  /** Number of the last line pushed to each consumer (lines go to a consumer once, in order). */
  const lastPushed = consumers.map(() => 0);

  let bytes = 0;
  /** Number of the next line to be read (1-based). */
  let lineNo = 1;
  /** The unfinished last line of the previous chunk (capped). */
  let carry: Buffer = EMPTY;
  /** Bytes of the carried line dropped beyond the cap. */
  let carryOverflow = false;
  let longLines = 0;
  /** The last complete lines before the current region, oldest first (for lookbehind). */
  let history: HistoryLine[] = [];

  const wantMask = (): number => {
    let mask = 0;
    for (let i = 0; i < consumers.length; i++) if (consumers[i]!.wantsMore()) mask |= 1 << i;
    return mask;
  };

  /** The consumers whose keywords occur in data[start, end). */
  const keywordMaskOf = (data: Buffer, start: number, end: number): number => {
    let mask = 0;
    let at = search.find(data, start, end);
    while (at !== -1) {
      // Several keywords may start at the same byte: take every one of them.
      for (let k = 0; k < patterns.length; k++) if (matchesAt(data, at, patterns[k]!)) mask |= keywordMasks[k]!;
      at = search.find(data, at + 1, end);
    }
    return mask;
  };

  const maxLookbehind = (mask: number): number => {
    let n = 0;
    for (let i = 0; i < consumers.length; i++) if (mask & (1 << i) && lookbehinds[i]! > n) n = lookbehinds[i]!;
    return n;
  };

  /** Decodes one line and pushes it to the consumers in `mask` that have not had it yet. */
  const pushTo = (mask: number, line: number, data: Buffer, start: number, end: number): void => {
    let targets = 0;
    for (let i = 0; i < consumers.length; i++) if (mask & (1 << i) && lastPushed[i]! < line) targets |= 1 << i;
    if (targets === 0) return;
    let stop = end;
    if (stop > start && data[stop - 1] === 0x0d) stop--;
    if (stop - start > MAX_LINE_BYTES) stop = start + MAX_LINE_BYTES;
    const raw = data.toString('utf8', start, stop);
    for (const input of toInputLines(line, raw)) {
      if (input.format !== 'plain') formats.add(input.format);
      for (let i = 0; i < consumers.length; i++) if (targets & (1 << i)) consumers[i]!.push(input);
    }
    let changed = false;
    for (let i = 0; i < consumers.length; i++) {
      if (!(targets & (1 << i))) continue;
      lastPushed[i] = line;
      const dynamic = consumers[i]!.dynamicKeywords?.();
      if (dynamic !== dynamicSeen[i]) {
        dynamicSeen[i] = dynamic;
        changed = true;
      }
    }
    if (changed) rebuildSearch();
  };

  /** Start of the line before the one starting at `start` (which must be > 0). */
  const previousLineStart = (data: Buffer, start: number): number => (start <= 1 ? 0 : data.lastIndexOf(NL, start - 2) + 1);

  /** Processes the complete lines in data[from, end] (data[end] is a newline; `from` starts a line). */
  const processComplete = (data: Buffer, from: number, end: number): void => {
    try {
      scanComplete(data, from, end);
    } finally {
      // The scanner may hold a copy of `data`, which the caller is free to reuse once feed returns.
      search.releaseWindow();
    }
    remember(data, from, end);
  };

  const scanComplete = (data: Buffer, from: number, end: number): void => {
    let pos = from;
    /** Lines starting at or before this offset go to `forcedMask` whatever the consumers want (lookbehind and hit line). */
    let forcedUntil = -1;
    let forcedMask = 0;
    while (pos <= end) {
      const want = wantMask();
      if (want !== 0 || pos <= forcedUntil) {
        const nl = data.indexOf(NL, pos);
        let mask = want | (pos <= forcedUntil ? forcedMask : 0);
        // A line read for one consumer may hold another's keyword: it gets the line too.
        mask |= keywordMaskOf(data, pos, nl);
        const tooLong = nl - pos - (nl > pos && data[nl - 1] === 0x0d ? 1 : 0) > MAX_LINE_BYTES;
        if (tooLong && mask !== 0) longLines++;
        pushTo(mask, lineNo, data, pos, nl);
        lineNo++;
        pos = nl + 1;
        continue;
      }
      const hit = search.find(data, pos, end + 1);
      if (hit === -1) {
        lineNo += search.countNewlines(data, pos, end + 1);
        break;
      }
      const lineStart = hit === 0 ? 0 : data.lastIndexOf(NL, hit - 1) + 1;
      const mask = keywordMaskOf(data, lineStart, data.indexOf(NL, hit));
      lineNo += search.countNewlines(data, pos, lineStart);
      pushLookbehind(data, from, lineStart, maxLookbehind(mask), mask);
      pos = lineStart;
      forcedUntil = lineStart;
      forcedMask = mask;
    }
  };

  /**
   * Pushes to `mask`'s consumers the `count` lines before the line starting at `lineStart` (line
   * number lineNo): from this region, then from the history of the regions before. Lines a
   * consumer already had are skipped (pushTo), so reaching back over lines read for another
   * consumer is safe.
   */
  const pushLookbehind = (data: Buffer, from: number, lineStart: number, count: number, mask: number): void => {
    if (count === 0) return;
    let start = lineStart;
    let back = 0;
    while (back < count && start > from) {
      start = previousLineStart(data, start);
      back++;
    }
    if (back < count) for (const h of history.slice(-(count - back))) pushTo(mask, h.line, h.bytes, 0, h.bytes.length);
    for (let line = lineNo - back; line < lineNo; line++) {
      const nl = data.indexOf(NL, start);
      pushTo(mask, line, data, start, nl);
      start = nl + 1;
    }
  };

  /** Keeps the last lines of data[from, end] (numbered up to lineNo - 1) as history. */
  const remember = (data: Buffer, from: number, end: number): void => {
    if (historySize === 0) return;
    const kept: HistoryLine[] = [];
    let stop = end;
    let line = lineNo - 1;
    while (kept.length < historySize && stop >= from) {
      const start = Math.max(from, stop === 0 ? 0 : data.lastIndexOf(NL, stop - 1) + 1);
      kept.unshift({ line, bytes: Buffer.from(data.subarray(start, Math.min(stop, start + MAX_LINE_BYTES))) });
      line--;
      stop = start - 1;
    }
    history = kept.length >= historySize ? kept : history.concat(kept).slice(-historySize);
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
    // Copy, so the caller's chunk can be reused; keep one byte over the cap to know it overflowed.
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
