/**
 * Chooses, for the SIMD scan in keyword-scan.wat, each keyword's 4-byte fingerprint and its
 * bucket, and builds the nibble tables.
 *
 * The scan stops wherever the text's bytes pass a bucket's nibble sets at all four fingerprint
 * positions, so every choice is judged by how often ordinary log text would pass: a keyword's
 * window is the one, and its bucket the one, that adds the least to that probability. Two keywords
 * in one bucket pass each other's nibble combinations too ("Name" and "om-k" share a bucket that
 * also passes "name"), which is why the choice is made jointly and not keyword by keyword.
 */
import { BYTE_FREQUENCY } from './byte-frequency.js';

export const FINGERPRINT_BYTES = 4;
const BUCKETS = 8;
/** Windows considered per keyword: the first ones are as good, and planning stays cheap for long keywords. */
const MAX_WINDOWS = 32;
/** Plans a cache keeps: a driver's keyword set changes back and forth as tasks are awaited. */
const CACHED_PLANS = 16;

export interface FingerprintedKeyword {
  bytes: Uint8Array;
  /** Position in the keywords given. */
  index: number;
  /** Where in `bytes` the fingerprint window starts. */
  offset: number;
}

/** The keywords sharing one fingerprint. */
export interface FingerprintGroup {
  /** Those with fewer than 4 bytes after the fingerprint, checked one by one. */
  few: FingerprintedKeyword[];
  /** The others by the 4 bytes after their fingerprint: many keywords can share one (`queryId=<id>`). */
  byNext: Map<number, FingerprintedKeyword[]>;
}

export interface FingerprintPlan {
  /** 128 bytes, laid out as keyword-scan.wat's TABLES. */
  tables: Uint8Array;
  /** Fingerprint (its 4 bytes read little-endian) → the keywords with that window. */
  byFingerprint: Map<number, FingerprintGroup>;
  /** Largest `offset`: a match starts at most this far before its fingerprint. */
  maxOffset: number;
}

interface Bucket {
  lo: number[];
  hi: number[];
  /** Per fingerprint byte: the probability that a byte of log text passes lo and hi. */
  pass: number[];
  used: boolean;
}

/**
 * Plans already made, by keyword set. Owned by the caller, never by this module: a line driver
 * makes one for its analysis, and a long-lived caller (a worker thread, the web page's server) may
 * pass the same one to all its analyses (AnalyzeOptions.scanPlans), since a plan costs about as
 * much as analysing a typical paste. At most CACHED_PLANS are kept.
 */
export type FingerprintPlans = Map<string, FingerprintPlan | null>;

export function createFingerprintPlans(): FingerprintPlans {
  return new Map();
}

/** Null when a keyword is shorter than a fingerprint (the caller then uses the scalar search). */
export function planFingerprints(keywords: readonly Uint8Array[], plans: FingerprintPlans = createFingerprintPlans()): FingerprintPlan | null {
  const key = keywords.map((k) => Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1')).join('\0');
  const cached = plans.get(key);
  if (cached !== undefined) return cached;
  const plan = keywords.some((k) => k.length < FINGERPRINT_BYTES) ? null : buildPlan(keywords);
  if (plans.size >= CACHED_PLANS) plans.delete(plans.keys().next().value!);
  plans.set(key, plan);
  return plan;
}

function buildPlan(keywords: readonly Uint8Array[]): FingerprintPlan {
  const buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ lo: [0, 0, 0, 0], hi: [0, 0, 0, 0], pass: [0, 0, 0, 0], used: false }));
  const planned: FingerprintedKeyword[] = [];
  // Short keywords have the fewest windows to choose from: they choose first.
  const order = keywords.map((bytes, index) => ({ bytes, index })).sort((a, b) => a.bytes.length - b.bytes.length);
  for (const { bytes, index } of order) {
    let best = { added: Infinity, offset: 0, bucket: buckets[0]! };
    const windows = Math.min(MAX_WINDOWS, bytes.length - FINGERPRINT_BYTES + 1);
    for (let offset = 0; offset < windows; offset++) {
      for (const bucket of buckets) {
        const added = passRateWith(bucket, bytes, offset) - (bucket.used ? product(bucket.pass) : 0);
        if (added < best.added) best = { added, offset, bucket };
      }
    }
    addWindow(best.bucket, bytes, best.offset);
    planned.push({ bytes, index, offset: best.offset });
  }

  const tables = new Uint8Array(32 * FINGERPRINT_BYTES);
  buckets.forEach((bucket, b) => {
    for (let k = 0; k < FINGERPRINT_BYTES; k++) {
      for (let nibble = 0; nibble < 16; nibble++) {
        if (bucket.lo[k]! & (1 << nibble)) tables[32 * k + nibble]! |= 1 << b;
        if (bucket.hi[k]! & (1 << nibble)) tables[32 * k + 16 + nibble]! |= 1 << b;
      }
    }
  });
  const byFingerprint = new Map<number, FingerprintGroup>();
  for (const p of planned.sort((a, b) => a.index - b.index)) {
    const fingerprint = readFingerprint(p.bytes, p.offset);
    let group = byFingerprint.get(fingerprint);
    if (group === undefined) byFingerprint.set(fingerprint, (group = { few: [], byNext: new Map() }));
    const nextAt = p.offset + FINGERPRINT_BYTES;
    if (p.bytes.length - nextAt < FINGERPRINT_BYTES) {
      group.few.push(p);
      continue;
    }
    const next = readFingerprint(p.bytes, nextAt);
    const list = group.byNext.get(next);
    if (list) list.push(p);
    else group.byNext.set(next, [p]);
  }
  return { tables, byFingerprint, maxOffset: Math.max(0, ...planned.map((p) => p.offset)) };
}

/** The bucket's pass rate if the window of `bytes` at `offset` joined it. */
function passRateWith(bucket: Bucket, bytes: Uint8Array, offset: number): number {
  let rate = 1;
  for (let k = 0; k < FINGERPRINT_BYTES; k++) {
    const byte = bytes[offset + k]!;
    const lo = bucket.lo[k]! | (1 << (byte & 15));
    const hi = bucket.hi[k]! | (1 << (byte >> 4));
    rate *= lo === bucket.lo[k] && hi === bucket.hi[k] ? bucket.pass[k]! : passRate(lo, hi);
  }
  return rate;
}

function addWindow(bucket: Bucket, bytes: Uint8Array, offset: number): void {
  for (let k = 0; k < FINGERPRINT_BYTES; k++) {
    const byte = bytes[offset + k]!;
    bucket.lo[k]! |= 1 << (byte & 15);
    bucket.hi[k]! |= 1 << (byte >> 4);
    bucket.pass[k] = passRate(bucket.lo[k]!, bucket.hi[k]!);
  }
  bucket.used = true;
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** Probability that one byte of log text has its low nibble in `lo` and its high nibble in `hi` (bit masks). */
function passRate(lo: number, hi: number): number {
  let pass = 0;
  for (let h = hi; h !== 0; h &= h - 1) {
    const high = 31 - Math.clz32(h & -h);
    for (let l = lo; l !== 0; l &= l - 1) pass += BYTE_FREQUENCY[(high << 4) | (31 - Math.clz32(l & -l))]!;
  }
  return pass;
}

/** The 4 bytes at `at`, little-endian, as an unsigned number (the key of `byFingerprint`). */
export function readFingerprint(data: Uint8Array, at: number): number {
  return (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
}
