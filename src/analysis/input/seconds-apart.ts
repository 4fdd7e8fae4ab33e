/**
 * How far apart two line times are, when they can be compared: both naive/offset ISO 8601 (the
 * prefix stripper's normal form), both syslog `Mmm dd hh:mm:ss` (no year, so only within a year),
 * or both seconds since boot (`4612204.758208`). Null when they are of different kinds or unreadable:
 * the caller then does not judge by time at all.
 *
 * The dump machine asks this for every line of an open dump, and consecutive lines nearly always
 * carry the same one or two stamps, so each distance function remembers the last two stamps it
 * read (its own state: one per parser, none at module level) and the readers below go by character
 * codes, not regexes.
 *
 * Unsigned on purpose: the dump machine asks "how far apart", never "which came first" (that is the
 * Doris reader's signed `secondsBetween` in doris-log-time.ts, on its own time model).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type StampKind = 'iso' | 'syslog' | 'uptime';
type Stamp = { kind: StampKind; seconds: number };

/** The digit at `i` as a number, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
}

/** Two digits at `i` as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** `hh:mm:ss` at `i` as [h, m, s], or null. */
function clockAt(s: string, i: number): [number, number, number] | null {
  const h = twoDigits(s, i);
  const m = twoDigits(s, i + 3);
  const sec = twoDigits(s, i + 6);
  if (h < 0 || m < 0 || sec < 0 || s.charCodeAt(i + 2) !== 0x3a || s.charCodeAt(i + 5) !== 0x3a) return null;
  return [h, m, sec];
}

/** `YYYY-MM-DDThh:mm:ss` at the start (anything may follow: a fraction, an offset). */
function readIso(time: string): Stamp | null {
  const y1 = twoDigits(time, 0);
  const y2 = twoDigits(time, 2);
  const mo = twoDigits(time, 5);
  const d = twoDigits(time, 8);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || time.charCodeAt(4) !== 0x2d || time.charCodeAt(7) !== 0x2d || time.charCodeAt(10) !== 0x54) return null;
  const clock = clockAt(time, 11);
  if (clock === null) return null;
  return { kind: 'iso', seconds: Date.UTC(y1 * 100 + y2, mo - 1, d, clock[0], clock[1], clock[2]) / 1000 };
}

/** `Mmm dd hh:mm:ss` / `Mmm  d hh:mm:ss` at the start; the month must be an English abbreviation. */
function readSyslog(time: string): Stamp | null {
  const month = MONTHS.indexOf(time.slice(0, 3));
  if (month === -1) return null;
  let i = 3;
  if (time.charCodeAt(i) === 0x20) i++;
  else return null;
  if (time.charCodeAt(i) === 0x20) i++;
  let day = digitAt(time, i);
  if (day < 0) return null;
  i++;
  const second = digitAt(time, i);
  if (second >= 0) {
    day = day * 10 + second;
    i++;
  }
  if (time.charCodeAt(i) !== 0x20) return null;
  const clock = clockAt(time, i + 1);
  if (clock === null) return null;
  return { kind: 'syslog', seconds: Date.UTC(2000, month, day, clock[0], clock[1], clock[2]) / 1000 };
}

/** `digits{1,12}` with an optional `.digits{1,9}`, and nothing else. */
function readUptime(time: string): Stamp | null {
  let i = 0;
  while (digitAt(time, i) >= 0) i++;
  if (i === 0 || i > 12) return null;
  if (i < time.length) {
    if (time.charCodeAt(i) !== 0x2e) return null;
    const from = ++i;
    while (digitAt(time, i) >= 0) i++;
    if (i === from || i - from > 9 || i !== time.length) return null;
  }
  return { kind: 'uptime', seconds: Number(time) };
}

function readStamp(time: string): Stamp | null {
  return digitAt(time, 0) >= 0 ? (readIso(time) ?? readUptime(time)) : readSyslog(time);
}

/** |b − a| in seconds between two line times, or null when they cannot be compared. */
export type SecondsApart = (a: string | null, b: string | null) => number | null;

/** A distance function with its own memory of the last two stamps read. */
export function createSecondsApart(): SecondsApart {
  let lastText: string | null = null;
  let lastStamp: Stamp | null = null;
  let prevText: string | null = null;
  let prevStamp: Stamp | null = null;
  const remembered = (time: string): Stamp | null => {
    if (time === lastText) return lastStamp;
    if (time === prevText) return prevStamp;
    const stamp = readStamp(time);
    prevText = lastText;
    prevStamp = lastStamp;
    lastText = time;
    lastStamp = stamp;
    return stamp;
  };
  return (a, b) => {
    if (a === null || b === null) return null;
    const x = remembered(a);
    const y = remembered(b);
    if (x === null || y === null || x.kind !== y.kind) return null;
    return Math.abs(y.seconds - x.seconds);
  };
}
