/**
 * Finds the first occurrence of any of several byte strings in one left-to-right pass (Wu–Manber
 * with 2-byte blocks).
 *
 * Why not `Buffer#indexOf` per keyword: each call is a full pass over the chunk, so the cost grows
 * with the number of keywords (≈ 0.15–0.3 s per keyword on 500 MB here). Wu–Manber looks at one
 * 2-byte block per window and usually shifts by nearly the shortest keyword's length, so the whole
 * keyword set costs about one pass that reads a fraction of the bytes.
 */
import { BYTE_FREQUENCY } from './byte-frequency.js';
import { matchesAt } from './matches-at.js';

export interface MultiSearch {
  /** Offset of the first byte of the leftmost match starting in [from, to), or -1. */
  find(data: Uint8Array, from: number, to: number): number;
  /** Index (in the keywords given) of the keyword the last successful `find` matched. */
  readonly lastPattern: number;
}

export function createMultiSearch(keywords: readonly Uint8Array[]): MultiSearch {
  const patterns = keywords.map((bytes, index) => ({ bytes, index, offset: 0 })).filter((p) => p.bytes.length > 0);
  if (patterns.length === 0) return { find: () => -1, lastPattern: -1 };
  const m = Math.min(...patterns.map((p) => p.bytes.length));
  if (m < 2) return createNaiveSearch(patterns);

  // Each keyword is looked for through one m-byte window of it: the one whose last two bytes are
  // the least common in log text, because the scan stops to verify wherever a window's last block
  // occurs (classic Wu–Manber uses the first m bytes; "describe " would stop at every "e ").
  for (const p of patterns) p.offset = rarestWindow(p.bytes, m);
  const maxOffset = Math.max(...patterns.map((p) => p.offset));

  // shift[block] = how far the window end may move when the two bytes ending at it are `block`.
  // (Three-byte blocks make fewer stops, but their table misses the cache: slower here.)
  const shift = new Uint8Array(65536).fill(Math.min(255, m - 1));
  // Window-ending blocks → the keywords whose window ends with them.
  const candidates = new Map<number, Pattern[]>();
  for (const p of patterns) {
    for (let j = 1; j < m; j++) {
      const block = (p.bytes[p.offset + j - 1]! << 8) | p.bytes[p.offset + j]!;
      const s = m - 1 - j;
      if (s < shift[block]!) shift[block] = s;
    }
    const last = (p.bytes[p.offset + m - 2]! << 8) | p.bytes[p.offset + m - 1]!;
    const list = candidates.get(last);
    if (list) list.push(p);
    else candidates.set(last, [p]);
  }

  const search = {
    lastPattern: -1,
    find(data: Uint8Array, from: number, to: number): number {
      const limit = Math.min(to, data.length);
      let best = -1;
      // A match starting at s has its window end at s + offset + m - 1: scan every window end a
      // match starting before `limit` (once one is found: before it) can have.
      let lastEnd = limit - 1 + maxOffset + m - 1;
      let pos = from + m - 1;
      while (pos <= lastEnd && pos < data.length) {
        const block = (data[pos - 1]! << 8) | data[pos]!;
        const s = shift[block]!;
        if (s !== 0) {
          pos += s;
          continue;
        }
        const list = candidates.get(block);
        if (list !== undefined) {
          for (const p of list) {
            const start = pos - m + 1 - p.offset;
            if (start >= from && start < limit && (best === -1 || start < best) && matchesAt(data, start, p.bytes)) {
              best = start;
              search.lastPattern = p.index;
              lastEnd = Math.min(lastEnd, best - 1 + maxOffset + m - 1);
            }
          }
        }
        pos++;
      }
      return best;
    },
  };
  return search;
}

/** Offset of the m-byte window of `bytes` whose last two bytes are the least common pair. */
function rarestWindow(bytes: Uint8Array, m: number): number {
  let best = 0;
  let bestScore = Infinity;
  for (let offset = 0; offset + m <= bytes.length; offset++) {
    const score = BYTE_FREQUENCY[bytes[offset + m - 2]!]! * BYTE_FREQUENCY[bytes[offset + m - 1]!]!;
    if (score < bestScore) {
      best = offset;
      bestScore = score;
    }
  }
  return best;
}

interface Pattern {
  bytes: Uint8Array;
  /** Position in the keywords given to createMultiSearch. */
  index: number;
  /** Where in `bytes` the m-byte window the scan looks for begins. */
  offset: number;
}

/** For a one-byte keyword, where Wu–Manber's 2-byte blocks do not apply. */
function createNaiveSearch(patterns: Pattern[]): MultiSearch {
  const search = {
    lastPattern: -1,
    find(data: Uint8Array, from: number, to: number): number {
      const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      let best = -1;
      for (const p of patterns) {
        const at = buf.indexOf(p.bytes, from);
        if (at !== -1 && at < to && (best === -1 || at < best)) {
          best = at;
          search.lastPattern = p.index;
        }
      }
      return best;
    },
  };
  return search;
}
