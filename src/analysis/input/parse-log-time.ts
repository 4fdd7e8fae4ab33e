/**
 * Timestamps of the line prefixes, normalised so that times from different sources compare:
 * wall-clock stamps without a zone become naive local ISO 8601 (`2024-07-18T15:03:59`, the shape
 * Doris glog times take), stamps that carry an offset keep it (`2024-07-18T15:03:59.123456+08:00`;
 * their first 19 characters are still the local wall-clock time). Stamps that cannot be placed on a
 * calendar (seconds since boot, syslog without a year) are returned as printed.
 */
import { monthNumber } from './localised-names.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

const DAY = /^\d{1,2}$/;
const CLOCK = /^\d\d:\d\d:\d\d$/;
const YEAR = /^\d{4}$/;

/** The last stamp read and what it gave (a memo: the result depends on the text alone). */
let lastCtimeInner: string | null = null;
let lastCtimeStamp: string | null = null;

/**
 * The inside of a `dmesg -T` stamp, `Thu Jul 18 15:03:59 2024` (util-linux `%a %b %e %H:%M:%S %Y`,
 * any locale). Day, clock and year decide whether it is one; the month name is looked up in many
 * languages. Returns naive ISO, or the text as printed when the month name is unknown, or null when
 * this is not a ctime stamp at all.
 */
export function parseCtimeStamp(inner: string): string | null {
  // Every line of a `dmesg -T` dump printed in the same second carries the same stamp.
  if (inner !== lastCtimeInner) {
    lastCtimeInner = inner;
    lastCtimeStamp = readCtimeStamp(inner);
  }
  return lastCtimeStamp;
}

function readCtimeStamp(inner: string): string | null {
  const tokens = inner.trim().split(/\s+/);
  // `%a %b %e …` is five tokens; four when a locale's weekday is empty or the paste lost it.
  if (tokens.length !== 5 && tokens.length !== 4) return null;
  const [month, day, clock, year] = tokens.slice(-4) as [string, string, string, string];
  if (!DAY.test(day) || !CLOCK.test(clock) || !YEAR.test(year)) return null;
  const m = monthNumber(month);
  const d = Number(day);
  if (m === null || d < 1 || d > 31) return tokens.join(' ');
  return `${year}-${pad2(m)}-${pad2(d)}T${clock}`;
}

/** `2024-07-18T15:03:59`, optional `,123456`/`.123456`, optional `Z`/`+0800`/`+08:00`. */
const ISO_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?$/;

/**
 * An ISO stamp as journalctl `-o short-iso` (`+0800`, systemd 206+), `-o short-iso-precise`,
 * rsyslog's RFC 3339 file format or `dmesg --time-format iso` (`,123456+08:00`, util-linux 2.29)
 * print it, rewritten to strict ISO 8601 (`.` for the fraction, `+08:00`). Null if it is not one.
 */
export function normaliseIsoStamp(stamp: string): string | null {
  const m = ISO_STAMP.exec(stamp);
  if (m === null) return null;
  const fraction = m[2] === undefined ? '' : `.${m[2]}`;
  const zone = m[3] ?? '';
  const offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  return `${m[1]!}${fraction}${offset}`;
}

/**
 * The microseconds field of a /dev/kmsg record (`4,1234,5678,-;msg`, Linux 3.5+) as dmesg prints
 * seconds since boot: `5678` → `0.005678`.
 */
export function microsToSeconds(micros: string): string {
  const digits = micros.replace(/^0+(?=\d)/, '');
  const whole = digits.length > 6 ? digits.slice(0, -6) : '0';
  const fraction = digits.padStart(6, '0').slice(-6);
  return `${whole}.${fraction}`;
}
