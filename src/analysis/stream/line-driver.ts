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
 *
 * The stages, each in its own file over one LineDriverState (line-driver-state.ts): chunk → lines
 * (split-chunk-lines.ts), the scan/lines states over a region (scan-region.ts), keyword prefilter
 * (keyword-routing.ts), lookbehind history (line-history.ts), dispatch to consumers (dispatch-line.ts).
 */
import type { InputFormat } from '../input/input-line.js';
import type { LineConsumer } from './line-consumer.js';
import type { FingerprintPlans } from './byte-scan/plan-fingerprints.js';
import { createLineDriverState } from './line-driver-state.js';
import { rebuildSearch } from './keyword-routing.js';
import { feedChunk, finishSource } from './split-chunk-lines.js';

export { MAX_LINE_BYTES } from './line-driver-state.js';

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

export interface LineDriverOptions {
  /** Scan plans to reuse (a long-lived caller's, see FingerprintPlans). Default: the driver's own. */
  scanPlans?: FingerprintPlans;
}

export function createLineDriver(consumers: readonly LineConsumer[], options: LineDriverOptions = {}): LineDriver {
  if (consumers.length > 30) throw new Error('createLineDriver: at most 30 consumers (bit masks)');
  const d = createLineDriverState(consumers, options.scanPlans);
  rebuildSearch(d);
  return {
    feed(chunk) {
      feedChunk(d, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
    endSource() {
      finishSource(d);
    },
    get bytes() {
      return d.bytes;
    },
    get lines() {
      return d.lineNo - 1;
    },
    get formats() {
      return d.formats;
    },
    get longLines() {
      return d.longLines;
    },
  };
}
