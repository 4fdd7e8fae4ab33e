/**
 * Sentences alert rules print ("Container api in pod payments/api-… has been OOMKilled 3 times in
 * the last 10 minutes"), matched word by word instead of by regular expression: each phrase is a
 * list of literal words and slots, so what it accepts is plain to read and it cannot backtrack.
 *
 * Slots:
 * - `{name}` one Kubernetes object name (`api`, `ip-10-0-3-17.eu-west-1.compute.internal`);
 * - `{(name)}` a name in parentheses (`(api)`), as `Pod ns/pod (container)` prints it;
 * - `{ns/name}` and `{ns/name/name}` names joined by `/`;
 * - `{number}` a count as Prometheus prints it (`3`, `2.0000`, `1.0169491525423728`);
 * - `{window}` a period: `10 minutes`, `hour`, `10m`, `1h` (one or two words);
 * - `{any}` any one word.
 * Literal words compare case-insensitively, ignoring the punctuation around them.
 */

export type PhraseCapture = string | readonly string[];

export interface PhraseMatch {
  /** Captures by slot index among the phrase's slots, in order. */
  slots: PhraseCapture[];
}

/** Word lists longer than this are pastes, not alert sentences; matching stays linear anyway. */
const MAX_WORDS = 4096;

/** Every place in `words` where the phrase matches, first to last. */
export function matchPhrase(words: readonly string[], phrase: readonly string[]): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  const n = Math.min(words.length, MAX_WORDS);
  for (let start = 0; start < n; start++) {
    const m = matchAt(words, n, start, phrase);
    if (m !== null) out.push(m);
  }
  return out;
}

function matchAt(words: readonly string[], n: number, start: number, phrase: readonly string[]): PhraseMatch | null {
  const slots: PhraseCapture[] = [];
  let w = start;
  for (const part of phrase) {
    if (w >= n) return null;
    const word = words[w]!;
    switch (part) {
      case '{name}': {
        const name = cleanName(word);
        if (name === null) return null;
        slots.push(name);
        w += 1;
        break;
      }
      case '{(name)}': {
        const bare = word.endsWith('.') || word.endsWith(',') ? word.slice(0, -1) : word;
        const name = bare.startsWith('(') && bare.endsWith(')') ? cleanName(bare) : null;
        if (name === null) return null;
        slots.push(name);
        w += 1;
        break;
      }
      case '{ns/name}':
      case '{ns/name/name}': {
        const want = part === '{ns/name}' ? 2 : 3;
        const parts = stripPunctuation(word).split('/');
        if (parts.length !== want || !parts.every(isObjectName)) return null;
        slots.push(parts);
        w += 1;
        break;
      }
      case '{number}': {
        const num = stripPunctuation(word);
        if (!isNumber(num)) return null;
        slots.push(num);
        w += 1;
        break;
      }
      case '{window}': {
        const win = readWindowWords(words, w, n);
        if (win === null) return null;
        slots.push(win.text);
        w += win.used;
        break;
      }
      case '{any}':
        slots.push(word);
        w += 1;
        break;
      default:
        if (stripPunctuation(word).toLowerCase() !== part) return null;
        w += 1;
    }
  }
  return { slots };
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
};

/** Seconds in a period as alerts print it (`10 minutes`, `hour`, `10m`, `1h`), or null. */
export function windowSeconds(text: string): number | null {
  const parts = text.trim().split(' ').filter((p) => p !== '');
  if (parts.length === 2) {
    const [num, unit] = parts as [string, string];
    const factor = UNIT_SECONDS[unit.toLowerCase()];
    return isNumber(num) && factor !== undefined && Number(num) > 0 ? Number(num) * factor : null;
  }
  if (parts.length !== 1) return null;
  const word = parts[0]!.toLowerCase();
  const bare = UNIT_SECONDS[word];
  if (bare !== undefined && word.length > 1) return bare; // "in last hour"
  let digits = 0;
  while (digits < word.length && isDigitCode(word.charCodeAt(digits))) digits++;
  if (digits === 0 || digits > 6) return null;
  const factor = UNIT_SECONDS[word.slice(digits)];
  const amount = Number(word.slice(0, digits));
  return factor === undefined || amount === 0 ? null : amount * factor;
}

function readWindowWords(words: readonly string[], at: number, n: number): { text: string; used: number } | null {
  const first = stripPunctuation(words[at]!);
  if (at + 1 < n && isNumber(first)) {
    const two = `${first} ${stripPunctuation(words[at + 1]!)}`;
    if (windowSeconds(two) !== null) return { text: two, used: 2 };
  }
  return windowSeconds(first) === null ? null : { text: first, used: 1 };
}

const EDGE_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', "'", '`', '*', '_', '<', '>']);

/** A word without the punctuation around it (`(api)` → `api`, `minutes.` → `minutes`). */
export function stripPunctuation(word: string): string {
  let a = 0;
  let b = word.length;
  while (a < b && EDGE_PUNCTUATION.has(word[a]!)) a++;
  while (b > a && EDGE_PUNCTUATION.has(word[b - 1]!)) b--;
  return word.slice(a, b);
}

/** The Kubernetes object name in a word, or null when the word is not one. */
export function cleanName(word: string): string | null {
  const name = stripPunctuation(word);
  return isObjectName(name) ? name : null;
}

/**
 * A DNS-1123 subdomain: lowercase letters, digits, `-` and `.`, starting and ending with a letter
 * or digit, at most 253 characters. Namespaces, pods, containers and nodes are all named so.
 */
export function isObjectName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 97 && c <= 122) || isDigitCode(c);
    if (!alnum && !((c === 45 || c === 46) && i > 0 && i < s.length - 1)) return false;
  }
  return true;
}

function isNumber(s: string): boolean {
  if (s.length === 0 || s.length > 32) return false;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      dots++;
      if (dots > 1 || i === 0 || i === s.length - 1) return false;
    } else if (!isDigitCode(c)) {
      return false;
    }
  }
  return true;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The words of a line, split on whitespace. */
export function wordsOf(line: string): string[] {
  return line.split(/\s+/).filter((w) => w !== '');
}
