/**
 * Small, linear-time readers for the pieces kernel OOM lines are made of: decimal numbers,
 * `NkB` sizes, `key:value` and `key=value` tokens. They scan character codes (one pass, no regex):
 * every line of a dump goes through them.
 */

/** A decimal integer as printed (may exceed 2^53 for "unlimited" cgroup limits), else null. */
export function toInt(text: string): number | null {
  return intBetween(text, 0, text.length);
}

/**
 * `-?digits{1,20}` filling text[from, to) exactly, as a number; else null. Checked by character
 * codes (this runs for every number of every dump line), converted by Number so that values beyond
 * 2^53 round as they always have.
 */
export function intBetween(text: string, from: number, to: number): number | null {
  const digitsFrom = text.charCodeAt(from) === 0x2d /* - */ ? from + 1 : from;
  const count = to - digitsFrom;
  if (count < 1 || count > 20) return null;
  let value = 0;
  for (let i = digitsFrom; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
    value = value * 10 + (c - 0x30);
  }
  // Up to 15 digits the sum is exact; longer numbers are converted as printed.
  if (count > 15) value = Number(text.slice(digitsFrom, to));
  return digitsFrom === from ? value : -value;
}

/** `47388kB` / `0KB` / `47388k` / `47388` → 47388; anything else → null. */
export function toKb(text: string): number | null {
  let end = text.length;
  if (text.endsWith('kB') || text.endsWith('KB')) end -= 2;
  else if (text.endsWith('k') || text.endsWith('K')) end -= 1;
  return toInt(text.slice(0, end));
}

/**
 * A size the kernel always prints with its unit (`total-vm:…kB`, a zone's `min:…kB`): a bare
 * number is a value cut at a line break or at the end of a paste (`total-vm:22239` whose `kB` is
 * on the next line, or gone), never a complete one, so it is null.
 */
export function toKbWithUnit(text: string): number | null {
  const c = text.charCodeAt(text.length - 1);
  return c === 0x42 /* B */ || c === 0x6b /* k */ || c === 0x4b /* K */ ? toKb(text) : null;
}

/**
 * Splits `a:1 b:2kB, c:3` (or `a=1 b=2`) into key/value pairs. Tokens without the separator are
 * skipped, so a line wrapped mid-word (seed 001's `unevi    ctable:0kB`) still yields its other keys.
 * A key followed by an empty value (`isolated_anon:` at a wrap point) is skipped too.
 */
export function readPairs(text: string, sep: ':' | '='): [string, string][] {
  const pairs: [string, string][] = [];
  const sepCode = sep.charCodeAt(0);
  let i = 0;
  while (i < text.length) {
    // One token: a run of characters that are neither white space nor commas.
    while (i < text.length && isPairSeparator(text.charCodeAt(i))) i++;
    const start = i;
    let at = -1;
    while (i < text.length && !isPairSeparator(text.charCodeAt(i))) {
      if (at === -1 && text.charCodeAt(i) === sepCode) at = i;
      i++;
    }
    if (at > start && at < i - 1) pairs.push([text.slice(start, at), text.slice(at + 1, i)]);
  }
  return pairs;
}

/** Splits on runs of white space, dropping empty ends. */
export function words(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < text.length && !isWhiteSpace(text.charCodeAt(i))) i++;
    if (i > start) out.push(text.slice(start, i));
  }
  return out;
}

/** JavaScript's `\s` (and what `trim` removes); the readers here run on every dump line, so by code rather than regex. */
export function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const isPairSeparator = (c: number): boolean => c === 0x2c /* , */ || isWhiteSpace(c);

/**
 * The comm inside `(…)` starting at `open` (the index of `(`), ending at the last `)` before `stop`
 * (so `((sd-pam))` and `(Web Content)` survive). Returns the comm and the index after `)`.
 */
export function readParenthesised(text: string, open: number, stop: number): { comm: string; end: number } | null {
  if (text.charCodeAt(open) !== 0x28) return null;
  // A comm is at most TASK_COMM_LEN - 1 = 15 characters, and may itself hold parentheses
  // (`(sd-pam)`): the closing one is the last `)` within reach that a delimiter follows, so a name
  // never swallows the next record glued onto the line (`(trashapplet)Out of memory: …`).
  const limit = Math.min(stop, open + 1 + MAX_COMM + 1);
  let close = -1;
  let fallback = -1;
  for (let i = open + 1; i < limit; i++) {
    if (text.charCodeAt(i) !== 0x29) continue;
    fallback = i;
    const next = text.charCodeAt(i + 1);
    if (i + 1 >= text.length || next === 0x20 || next === 0x2c || next === 0x29 || next === 0x3a || next === 0x09 || next === 0x2e) close = i;
  }
  if (close === -1) close = fallback;
  if (close <= open) return null;
  return { comm: text.slice(open + 1, close), end: close + 1 };
}

/** TASK_COMM_LEN (16) less the terminating NUL: the longest name the kernel prints for a task. */
export const MAX_COMM = 15;
