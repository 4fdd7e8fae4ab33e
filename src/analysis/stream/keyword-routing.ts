/**
 * The keyword prefilter of the line driver (line-driver.ts): which consumers a line goes to. A
 * consumer gets a line when its keywords occur in it, when it `wantsMore()`, or when the line is
 * within its lookbehind of a hit. Consumers are bits of a mask (at most 30).
 */
import { createByteScanner } from './byte-scan/byte-scanner.js';
import { matchesAt } from './byte-scan/matches-at.js';
import type { LineDriverState } from './line-driver-state.js';

/** Builds the search over every consumer's keywords (static, and the dynamic ones last seen). */
export function rebuildSearch(d: LineDriverState): void {
  const keywordsOf = d.consumers.map((c, i) => [...c.keywords, ...(d.dynamicSeen[i] ?? [])]);
  const keywords = [...new Set(keywordsOf.flat())];
  d.patterns = keywords.map((k) => Buffer.from(k, 'utf8'));
  d.keywordMasks = keywords.map((k) => keywordsOf.reduce((mask, list, i) => (list.includes(k) ? mask | (1 << i) : mask), 0));
  d.search = createByteScanner(d.patterns, { module: d.scanModule, plans: d.plans });
}

/** The consumers inside a multi-line structure, that want the next line whatever it holds. */
export function wantMask(d: LineDriverState): number {
  const consumers = d.consumers;
  let mask = 0;
  for (let i = 0; i < consumers.length; i++) if (consumers[i]!.wantsMore()) mask |= 1 << i;
  return mask;
}

/** The consumers whose keywords occur in data[start, end). */
export function keywordMaskOf(d: LineDriverState, data: Buffer, start: number, end: number): number {
  const { search, patterns, keywordMasks } = d;
  let mask = 0;
  let at = search.find(data, start, end);
  while (at !== -1) {
    // Several keywords may start at the same byte: take every one of them.
    for (let k = 0; k < patterns.length; k++) if (matchesAt(data, at, patterns[k]!)) mask |= keywordMasks[k]!;
    at = search.find(data, at + 1, end);
  }
  return mask;
}

/** The longest lookbehind among the consumers in `mask`. */
export function maxLookbehind(d: LineDriverState, mask: number): number {
  const lookbehinds = d.lookbehinds;
  let n = 0;
  for (let i = 0; i < lookbehinds.length; i++) if (mask & (1 << i) && lookbehinds[i]! > n) n = lookbehinds[i]!;
  return n;
}
