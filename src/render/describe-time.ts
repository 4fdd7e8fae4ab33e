/**
 * An event's time for people: a dmesg stamp is seconds since boot ("1000.100001" reads
 * "1000.1 s after boot", not as a clock time), an ISO time loses its `T`; anything else as printed.
 */
export function describeTime(time: string): string {
  if (/^\d+\.\d+$/.test(time)) return `${Number(time).toFixed(1)} s after boot`;
  return time.replace(/^(\d{4}-\d\d-\d\d)T/, '$1 ');
}
