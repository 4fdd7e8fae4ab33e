/**
 * Comparing the naive local times of a Doris be.INFO with the time of a kill.
 *
 * glog prints `20240718 15:03:41.123902` (2.1+) or, in 2.0 and older, `0103 08:02:27.237190` with
 * no year (reference §0); parse-glog-prefix.ts turns them into `2024-07-18T15:03:41.123902` and
 * `--01-03T08:02:27.237190`. Kill times come as `2024-07-18T15:03:59` (dmesg -T), possibly with a
 * zone offset (journalctl -o short-iso), or as the user typed `--kill-time` (`2024-07-18 15:03:59`).
 * Everything is local wall-clock time: a zone offset is ignored, and when either side has no year
 * the comparison is by month, day and time of day only.
 */

export interface LogTime {
  year: number | null;
  month: number;
  day: number;
  /** Seconds since midnight, with the fraction. */
  seconds: number;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?/;
const NO_YEAR = /^--(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?/;
/** Syslog without a year, as the input layer may leave it: `Aug 11 03:48:24`. */
const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function build(year: number | null, month: number, day: number, h: string, m: string, s: string, frac: string | undefined): LogTime | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s) + (frac === undefined ? 0 : Number(`0.${frac}`));
  return { year, month, day, seconds };
}

export function parseLogTime(text: string | null): LogTime | null {
  if (text === null) return null;
  let m = ISO.exec(text);
  if (m !== null) return build(Number(m[1]), Number(m[2]), Number(m[3]), m[4]!, m[5]!, m[6]!, m[7]);
  m = NO_YEAR.exec(text);
  if (m !== null) return build(null, Number(m[1]), Number(m[2]), m[3]!, m[4]!, m[5]!, m[6]);
  m = SYSLOG.exec(text);
  if (m !== null) {
    const month = MONTHS.indexOf(m[1]!) + 1;
    return month === 0 ? null : build(null, month, Number(m[2]), m[3]!, m[4]!, m[5]!, undefined);
  }
  return null;
}

/** Milliseconds on a common axis; a missing year (on either side) is read as 2000, a leap year. */
function axis(t: LogTime, useYear: boolean): number {
  return Date.UTC(useYear && t.year !== null ? t.year : 2000, t.month - 1, t.day) + t.seconds * 1000;
}

/** Seconds from `earlier` to `later` (negative when `later` is in fact earlier). */
export function secondsBetween(earlier: LogTime, later: LogTime): number {
  const useYear = earlier.year !== null && later.year !== null;
  return (axis(later, useYear) - axis(earlier, useYear)) / 1000;
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareLogTimes(a: LogTime, b: LogTime): number {
  return -secondsBetween(a, b);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Canonical naive ISO (`2024-07-18T15:03:59`, `--01-03T08:02:27.237190`), for the report. */
export function formatLogTime(t: LogTime): string {
  const whole = Math.floor(t.seconds);
  const micros = Math.round((t.seconds - whole) * 1e6);
  const clock = `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
  const date = t.year === null ? `--${pad(t.month)}-${pad(t.day)}` : `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  return `${date}T${clock}${micros > 0 ? `.${pad(micros, 6)}` : ''}`;
}
