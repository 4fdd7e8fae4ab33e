/**
 * What the line driver asks of the bytes it skips: where the next keyword starts, and how many
 * newlines lie before it.
 *
 * Large stretches go through the WebAssembly SIMD scan (keyword-scan.wat, ~4 GB/s here against
 * ~1.6 GB/s for the scalar Wu–Manber search, which caps its skip at the shortest keyword's length);
 * short ones (one line, a carried line) and keyword sets it cannot fingerprint go through the
 * scalar search, which needs no copy. Both give the same answers (property-tested).
 */
import { createKeywordScanModule, type KeywordScanModule } from './keyword-scan-module.js';
import { matchesAt } from './matches-at.js';
import { createMultiSearch } from './multi-search.js';
import { FINGERPRINT_BYTES, planFingerprints, readFingerprint, type FingerprintedKeyword, type FingerprintPlan, type FingerprintPlans } from './plan-fingerprints.js';


/** Below this many bytes the scalar path is as fast and copies nothing. */
const SIMD_MIN_BYTES = 4096;
const NL = 0x0a;

export interface ByteScanner {
  /** Offset of the first byte of the leftmost keyword occurrence starting in [from, to), or -1. */
  find(data: Uint8Array, from: number, to: number): number;
  /** Number of newlines in data[from, to). */
  countNewlines(data: Uint8Array, from: number, to: number): number;
  /** Forgets the bytes copied for SIMD scans: call before changing a buffer already scanned. */
  releaseWindow(): void;
}

export interface ByteScannerOptions {
  /** Largest stretch copied for one SIMD scan. Default: the module's whole window (1 MiB); tests use less. */
  windowBytes?: number;
  /** The WebAssembly instance to scan with (a line driver shares one among its scanners). Default: a new one. */
  module?: KeywordScanModule | null;
  /** Plans of keyword sets seen before (a line driver keeps one for its scanners). Default: plan anew. */
  plans?: FingerprintPlans;
}

export function createByteScanner(keywords: readonly Uint8Array[], options: ByteScannerOptions = {}): ByteScanner {
  const scalar = createMultiSearch(keywords);
  const wasm = options.module === undefined ? createKeywordScanModule() : options.module;
  const plan = wasm && keywords.length > 0 ? planFingerprints(keywords, options.plans) : null;
  const windowBytes = options.windowBytes ?? Infinity;
  if (wasm === null || plan === null) {
    return { find: (data, from, to) => scalar.find(data, from, to), countNewlines: scalarCountNewlines, releaseWindow: () => {} };
  }
  return {
    find(data, from, to) {
      const limit = Math.min(to, data.length);
      if (limit - from < SIMD_MIN_BYTES) return scalar.find(data, from, limit);
      return simdFind(wasm, plan, windowBytes, data, from, limit);
    },
    countNewlines(data, from, to) {
      const { window } = wasm;
      // Only the part already copied is counted in WebAssembly: copying for a count alone costs more than it saves.
      if (window.data !== data || to - from < SIMD_MIN_BYTES) return scalarCountNewlines(data, from, to);
      const a = Math.max(from, window.start);
      const b = Math.min(to, window.end);
      if (a >= b) return scalarCountNewlines(data, from, to);
      const inside = wasm.countNewlines(wasm.windowAt + a - window.start, wasm.windowAt + b - window.start);
      return scalarCountNewlines(data, from, a) + inside + scalarCountNewlines(data, b, to);
    },
    releaseWindow: () => wasm.releaseWindow(),
  };
}

function simdFind(wasm: KeywordScanModule, plan: FingerprintPlan, windowBytes: number, data: Uint8Array, from: number, limit: number): number {
  wasm.useTables(plan.tables);
  const { window, candidates, windowAt } = wasm;
  let best = -1;
  // A match starting before `limit` has its fingerprint before limit + maxOffset (and inside the data).
  let end = Math.min(data.length - FINGERPRINT_BYTES + 1, limit + plan.maxOffset);
  let at = from;
  while (at < end) {
    if (window.data !== data || at < window.start || at >= window.end) wasm.loadWindow(data, at, windowBytes);
    const stop = Math.min(end, window.end);
    const blockStart = windowAt + at - window.start;
    const n = wasm.scan(blockStart, windowAt + stop - window.start);
    if (n === 0) {
      at = stop;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const position = candidates[i]! - windowAt + window.start;
      const group = plan.byFingerprint.get(readFingerprint(data, position));
      if (group === undefined) continue;
      best = leftmostMatch(group.few, data, position, from, limit, best);
      const nextAt = position + FINGERPRINT_BYTES;
      if (group.byNext.size > 0 && nextAt + FINGERPRINT_BYTES <= data.length) {
        const keywords = group.byNext.get(readFingerprint(data, nextAt));
        if (keywords !== undefined) best = leftmostMatch(keywords, data, position, from, limit, best);
      }
    }
    // A later fingerprint can only start a match before `best` if it lies within maxOffset of it.
    if (best !== -1) end = Math.min(end, best + plan.maxOffset);
    // The scan stopped after the 16-position block that held the candidates: go on after it.
    at += (((candidates[0]! - blockStart) >> 4) + 1) << 4;
  }
  return best;
}

/** `best`, or the start of a keyword whose fingerprint is at `position` if that starts in [from, limit) before it. */
function leftmostMatch(keywords: readonly FingerprintedKeyword[], data: Uint8Array, position: number, from: number, limit: number, best: number): number {
  for (const k of keywords) {
    const start = position - k.offset;
    if (start >= from && start < limit && (best === -1 || start < best) && matchesAt(data, start, k.bytes)) best = start;
  }
  return best;
}

function scalarCountNewlines(data: Uint8Array, from: number, to: number): number {
  const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let n = 0;
  let i = buffer.indexOf(NL, from);
  while (i !== -1 && i < to) {
    n++;
    i = buffer.indexOf(NL, i + 1);
  }
  return n;
}
