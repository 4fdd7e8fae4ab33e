/**
 * Small, linear-time readers for the pieces kernel OOM lines are made of: decimal numbers,
 * `NkB` sizes, `key:value` and `key=value` tokens. No regex here can backtrack: each is anchored
 * and has at most one quantified class per position.
 */

const INT = /^-?\d{1,20}$/;

/** A decimal integer as printed (may exceed 2^53 for "unlimited" cgroup limits), else null. */
export function toInt(text: string): number | null {
  if (!INT.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** `47388kB` / `0KB` / `47388k` / `47388` → 47388; anything else → null. */
export function toKb(text: string): number | null {
  let end = text.length;
  if (text.endsWith('kB') || text.endsWith('KB')) end -= 2;
  else if (text.endsWith('k') || text.endsWith('K')) end -= 1;
  return toInt(text.slice(0, end));
}

/**
 * Splits `a:1 b:2kB, c:3` (or `a=1 b=2`) into key/value pairs. Tokens without the separator are
 * skipped, so a line wrapped mid-word (seed 001's `unevi    ctable:0kB`) still yields its other keys.
 * A key followed by an empty value (`isolated_anon:` at a wrap point) is skipped too.
 */
export function readPairs(text: string, sep: ':' | '='): [string, string][] {
  const pairs: [string, string][] = [];
  for (const token of text.split(/[\s,]+/)) {
    const at = token.indexOf(sep);
    if (at <= 0 || at === token.length - 1) continue;
    pairs.push([token.slice(0, at), token.slice(at + 1)]);
  }
  return pairs;
}

/** Splits on runs of white space, dropping empty ends. */
export function words(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/**
 * The comm inside `(…)` starting at `open` (the index of `(`), ending at the last `)` before `stop`
 * (so `((sd-pam))` and `(Web Content)` survive). Returns the comm and the index after `)`.
 */
export function readParenthesised(text: string, open: number, stop: number): { comm: string; end: number } | null {
  if (text.charCodeAt(open) !== 0x28) return null;
  const close = text.lastIndexOf(')', stop - 1);
  if (close <= open) return null;
  return { comm: text.slice(open + 1, close), end: close + 1 };
}
