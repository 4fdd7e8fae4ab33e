/**
 * Kernel log records that carry their priority or facility, all reported as format `kmsg`:
 * - /dev/kmsg records `4,1234,5678,-;msg` (`prio,seq,usec,flags;`, Linux 3.5+), time = usec as seconds;
 * - /proc/kmsg and early-console lines `<4>msg` / `<4>[  12.3] msg`;
 * - `dmesg -x` (`--decode`, util-linux 2.19+) `kern  :warn  : [  123.4] msg`;
 * - `dmesg --time-format iso` (util-linux 2.29+) `2024-07-18T15:03:59,123456+08:00 msg`, which has
 *   no host, unlike journalctl short-iso.
 * A stamp after the record prefix (`-x` combines with `-T`) supplies the time.
 */
import { readBracketStamp } from './strip-bracket-stamp.js';
import { microsToSeconds, normaliseIsoStamp } from './parse-log-time.js';
import { restAfter, type StrippedLine } from './stripped-line.js';

const DEV_KMSG = /^\d{1,4},\d{1,20},(\d{1,20}),[^;\s]{0,8};/;
const PRIORITY = /^<\d{1,4}>/;
const DECODED =
  /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|res0|res1|res2|res3|local[0-7]) *:(?:emerg|alert|crit|err|warn|notice|info|debug) *: ?/;

export function stripKernelRecord(text: string): StrippedLine | null {
  const record = DEV_KMSG.exec(text);
  if (record !== null) {
    return { format: 'kmsg', time: microsToSeconds(record[1]!), host: null, body: text.slice(record[0].length).trimEnd() };
  }
  const decoration = PRIORITY.exec(text) ?? DECODED.exec(text);
  if (decoration !== null) {
    const at = decoration[0].length;
    const stamp = readBracketStamp(text, at);
    if (stamp === null) return { format: 'kmsg', time: null, host: null, body: text.slice(at).trimEnd() };
    return { format: 'kmsg', time: stamp.time, host: null, body: restAfter(text, stamp.end) };
  }
  return null;
}

/** `dmesg --time-format iso` line: an ISO stamp directly followed by the message. */
export function stripDmesgIsoStamp(text: string, stamp: string, end: number): StrippedLine | null {
  const time = normaliseIsoStamp(stamp);
  return time === null ? null : { format: 'kmsg', time, host: null, body: restAfter(text, end) };
}
