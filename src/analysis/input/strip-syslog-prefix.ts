/**
 * Syslog-style prefixes: a time, a host, an optional rsyslog priority tag and the program.
 * - BSD syslog / rsyslog traditional format (RFC 3164) and journalctl's default `-o short`:
 *   `Aug 11 03:48:24 host kernel: [4612204.758208] msg` → `syslog` (no year, so time as printed);
 *   `kernel:` may lack the space after it, `<kern.warning>` may precede it (rsyslog
 *   `%syslogfacility-text%.%syslogseverity-text%` templates, seen in OOMAnalyser's tests),
 *   and other programs appear as `systemd[1]:`.
 * - journalctl `-o short-precise` (systemd 207+) `Jul 18 15:03:59.123456 host kernel: msg` and
 *   `-o short-unix` (systemd 233+) `1721286239.123456 host kernel: msg` → `journalctl`.
 * - journalctl `-o short-iso` (systemd 206+) / rsyslog RFC 3339 file format
 *   `2024-07-18T15:03:59+0800 host kernel: msg` → `journalctl-iso`, time ISO with its offset.
 * The kernel's own `[seconds]` stamp after `kernel:` is dropped: the wall-clock time is more useful.
 */
import { monthNumber } from './localised-names.js';
import { normaliseIsoStamp } from './parse-log-time.js';
import { readBracketStamp } from './strip-bracket-stamp.js';
import { stripDmesgIsoStamp } from './strip-kernel-record.js';
import { restAfter, type StrippedLine } from './stripped-line.js';
import type { InputFormat } from './input-line.js';

/** `Aug 11 03:48:24 ` / `Aug  1 …`; the month token is checked against the month table. */
const BSD_TIME = /^(\S{1,12}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d)(\.\d{1,9})? +/;
const UNIX_TIME = /^\d{9,11}\.\d{6} /;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?(?= )/;
const HOST = /^[^\s:[\]]{1,255}(?= )/;
const PRIORITY_TAG = /^<[^\s<>]{1,32}> /;
/** `kernel:`, `kernel[123]:`, `systemd[1]:`, `sshd:` — the program ends with a colon. */
const PROGRAM = /^([^\s:[\]]{1,64})(?:\[\d{1,10}\])?:/;

export function stripSyslogPrefix(text: string): StrippedLine | null {
  const bsd = BSD_TIME.exec(text);
  if (bsd !== null && monthNumber(bsd[1]!) !== null) {
    const time = bsd[0].trimEnd();
    return afterTime(text, bsd[0].length, time, bsd[4] === undefined ? 'syslog' : 'journalctl');
  }
  const unix = UNIX_TIME.exec(text);
  if (unix !== null) return afterTime(text, unix[0].length, unix[0].trimEnd(), 'journalctl');
  const iso = ISO_TIME.exec(text);
  if (iso !== null) {
    const time = normaliseIsoStamp(iso[0]);
    if (time === null) return null;
    // Without `host program:` after it, an ISO stamp is `dmesg --time-format iso`. journalctl and
    // rsyslog always print the host here, so a bare `word:` (`oom-kill:…`, `oom_reaper: …`) is
    // the kernel's own message, not a program.
    const source = readSource(text, iso[0].length + 1);
    return source === null || source.host === null
      ? stripDmesgIsoStamp(text, iso[0], iso[0].length)
      : afterTime(text, iso[0].length + 1, time, 'journalctl-iso');
  }
  return null;
}

interface Source {
  host: string | null;
  /** Index where the message starts (after `program:`). */
  end: number;
  program: string;
}

/** `host [<tag>] program:` at `at`; a missing host (`Aug 11 03:48:24 kernel: …`) is allowed. */
function readSource(text: string, at: number): Source | null {
  const rest = text.slice(at, at + 400);
  const program = PROGRAM.exec(rest);
  if (program !== null) return { host: null, end: at + program[0].length, program: program[1]! };
  const host = HOST.exec(rest);
  if (host === null) return null;
  let pos = host[0].length + 1;
  const tag = PRIORITY_TAG.exec(rest.slice(pos));
  if (tag !== null) pos += tag[0].length;
  const prog = PROGRAM.exec(rest.slice(pos));
  if (prog === null) return null;
  return { host: host[0], end: at + pos + prog[0].length, program: prog[1]! };
}

function afterTime(text: string, at: number, time: string, format: InputFormat): StrippedLine {
  const source = readSource(text, at);
  if (source === null) {
    // A syslog time with something else after it: keep the host-less message as it is.
    return { format, time, host: null, body: text.slice(at).trimEnd() };
  }
  let body = restAfter(text, source.end);
  const stamp = readBracketStamp(body);
  if (stamp !== null && stamp.kind === 'monotonic') body = restAfter(body, stamp.end);
  return { format, time, host: source.host, program: source.program, body };
}
