/**
 * How far apart two line times are, when they can be compared: both naive/offset ISO 8601 (the
 * prefix stripper's normal form), both syslog `Mmm dd hh:mm:ss` (no year, so only within a year),
 * or both seconds since boot (`4612204.758208`). Null when they are of different kinds or unreadable:
 * the caller then does not judge by time at all.
 */

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/;
const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)/;
const UPTIME = /^\d{1,12}(?:\.\d{1,9})?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Stamp = { kind: 'iso' | 'syslog' | 'uptime'; seconds: number };

function readStamp(time: string): Stamp | null {
  const iso = ISO.exec(time);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s] = iso.map(Number) as number[];
    return { kind: 'iso', seconds: Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) / 1000 };
  }
  const sys = SYSLOG.exec(time);
  if (sys !== null) {
    const month = MONTHS.indexOf(sys[1]!);
    if (month === -1) return null;
    return { kind: 'syslog', seconds: Date.UTC(2000, month, Number(sys[2]), Number(sys[3]), Number(sys[4]), Number(sys[5])) / 1000 };
  }
  if (UPTIME.test(time)) return { kind: 'uptime', seconds: Number(time) };
  return null;
}

/** |b − a| in seconds, or null when the two times cannot be compared. */
export function secondsBetween(a: string | null, b: string | null): number | null {
  if (a === null || b === null) return null;
  const x = readStamp(a);
  const y = readStamp(b);
  if (x === null || y === null || x.kind !== y.kind) return null;
  return Math.abs(y.seconds - x.seconds);
}
