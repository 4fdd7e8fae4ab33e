import type { InputLine } from '../input/input-line.js';

/**
 * What the streaming driver (analyze.ts) needs from each parser in the analysis core.
 *
 * The driver does not look at every line of a large input: while no consumer `wantsMore()`, it
 * skips ahead with a byte-level search for the union of all consumers' `keywords`, and only the
 * lines around a hit are decoded, prefix-stripped and pushed. So a consumer must be able to start
 * from the line holding one of its keywords (plus `lookbehindLines` lines before it) and must say,
 * through `wantsMore()`, when it needs every following line (an open OOM dump, an open Doris block).
 */
export interface LineConsumer {
  /** Case-sensitive byte strings; a line containing any of them is pushed. */
  readonly keywords: readonly string[];
  /** How many lines before a keyword hit this consumer wants to see too (kept small, ≤ 16). */
  readonly lookbehindLines: number;
  push(line: InputLine): void;
  /** True while the consumer is inside a multi-line structure and needs every next line. */
  wantsMore(): boolean;
  /**
   * Keywords learnt from the input so far (e.g. the id of a cancelled query, whose end line then
   * matters), checked after each line pushed to this consumer; return the same array while it is
   * unchanged. Keep it short: every keyword costs search time. Default: none.
   */
  dynamicKeywords?(): readonly string[];
}
