/**
 * What the line driver (line-driver.ts) keeps between chunks: one plain object, created once per
 * driver and handed to each stage (chunk splitting, keyword routing, lookbehind, dispatch), so
 * that the stages are small functions and none of them is a closure built per line.
 */
import type { InputFormat } from '../input/input-line.js';
import type { LineConsumer } from './line-consumer.js';
import { createByteScanner, type ByteScanner } from './byte-scan/byte-scanner.js';
import { createFingerprintPlans, type FingerprintPlans } from './byte-scan/plan-fingerprints.js';
import { createKeywordScanModule, type KeywordScanModule } from './byte-scan/keyword-scan-module.js';

/** Longest line the driver decodes; kernel and Doris lines are far shorter, a pasted #012 dump fits. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Lookbehind is capped so the history stays small. */
const MAX_LOOKBEHIND = 16;
export const NL = 0x0a;
export const EMPTY = Buffer.alloc(0);

export interface HistoryLine {
  line: number;
  bytes: Buffer;
}

export interface LineDriverState {
  readonly consumers: readonly LineConsumer[];
  /** Lines before a keyword hit each consumer wants (capped at MAX_LOOKBEHIND). */
  readonly lookbehinds: readonly number[];
  /** The most lines of history any consumer's lookbehind can reach. */
  readonly historySize: number;
  /** Number of the last line pushed to each consumer (lines go to a consumer once, in order). */
  readonly lastPushed: number[];
  readonly formats: Set<InputFormat>;
  /** One WebAssembly instance per driver, shared by the scanners it rebuilds as dynamic keywords change. */
  readonly scanModule: KeywordScanModule | null;
  /** And one set of fingerprint plans: the keyword set changes back and forth as tasks are awaited. */
  readonly plans: FingerprintPlans;
  /** The dynamic keyword lists last seen, per consumer (compared by identity). */
  readonly dynamicSeen: (readonly string[] | undefined)[];
  /** Every consumer's keywords, as bytes (keyword-routing.ts). */
  patterns: Buffer[];
  /** For each keyword, the consumers (as a bit mask) that asked for it. */
  keywordMasks: number[];
  search: ByteScanner;
  bytes: number;
  /** Number of the next line to be read (1-based). */
  lineNo: number;
  /** The unfinished last line of the previous chunk (capped). */
  carry: Buffer;
  /** Bytes of the carried line dropped beyond the cap. */
  carryOverflow: boolean;
  longLines: number;
  /** The last complete lines before the current region, oldest first (for lookbehind). */
  history: HistoryLine[];
}

export function createLineDriverState(consumers: readonly LineConsumer[], scanPlans: FingerprintPlans | undefined): LineDriverState {
  const scanModule = createKeywordScanModule();
  const plans = scanPlans ?? createFingerprintPlans();
  const lookbehinds = consumers.map((c) => Math.min(MAX_LOOKBEHIND, Math.max(0, c.lookbehindLines)));
  return {
    consumers,
    lookbehinds,
    historySize: Math.max(0, ...lookbehinds),
    lastPushed: consumers.map(() => 0),
    formats: new Set<InputFormat>(),
    scanModule,
    plans,
    dynamicSeen: consumers.map((c) => c.dynamicKeywords?.()),
    patterns: [],
    keywordMasks: [],
    search: createByteScanner([], { module: scanModule, plans }),
    bytes: 0,
    lineNo: 1,
    carry: EMPTY,
    carryOverflow: false,
    longLines: 0,
    history: [],
  };
}
