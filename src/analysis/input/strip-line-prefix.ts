/**
 * One logical line → its format, time, host and message. Tries the prefix families from the most
 * specific to the least; each test is anchored at the start of the line, so a line that is none of
 * them costs a few failed character comparisons, whatever its length.
 */
import { parseGlogPrefix } from './parse-glog-prefix.js';
import { stripBracketStamp } from './strip-bracket-stamp.js';
import { stripKernelRecord } from './strip-kernel-record.js';
import { stripSyslogPrefix } from './strip-syslog-prefix.js';
import type { StrippedLine } from './stripped-line.js';

export function stripLinePrefix(text: string): StrippedLine {
  const c = text.charCodeAt(0);
  // Dispatch on the first character: every family below is anchored at the start of the line.
  // A dmesg stamp is the only one that starts with `[`.
  if (c === 0x5b /* [ */) return stripBracketStamp(text) ?? stripSyslogPrefix(text) ?? plain(text);
  if (c === 0x20 || c === 0x09) return stripIndented(text) ?? plain(text);
  if (Number.isNaN(c)) return plain(text);
  return stripDorisGlog(text) ?? stripKernelRecord(text) ?? stripBracketStamp(text) ?? stripSyslogPrefix(text) ?? stripBareKernel(text) ?? plain(text);
}

/** Indentation a paste adds (a markdown or reStructuredText block) before a prefix; more is a continuation line. */
const MAX_PASTE_INDENT = 8;

/**
 * A line indented by the paste (markdown 4 spaces, reStructuredText 3, a tab) whose text after the
 * indentation has a prefix; an indented line without one stays `plain` with its indentation (call
 * trace frames and dmesg -T continuation lines are indented by the kernel or the tool).
 */
function stripIndented(text: string): StrippedLine | null {
  let i = 0;
  while (i < MAX_PASTE_INDENT && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  const c = text.charCodeAt(i);
  // Only the families that cannot be mistaken for indented kernel text: a stamp, a record, a syslog time.
  if (!(c === 0x5b || c === 0x3c || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a))) return null;
  const rest = text.slice(i);
  const inner = stripLinePrefix(rest);
  return inner.format === 'plain' || inner.format === 'kubectl' ? null : inner;
}

/**
 * Syslog lines that lost part of their prefix: a bare `kernel: ` (a grep of the message field),
 * `HH:MM:SS kernel: ` or `HH:MM:SS host kernel: ` (a time without date), `host kernel: ` (a blog
 * that removed the time). Only the `kernel` program is taken here: any other `word: ` at the start
 * of a line is kernel text (`oom_reaper: …`, `IPv6: …`).
 */
const BARE_KERNEL = /^(?:(\d\d:\d\d:\d\d(?:\.\d{1,9})?) )?(?:([^\s:[\]]{1,255}) )?kernel(?:\[\d{1,10}\])?: ?/;

function stripBareKernel(text: string): StrippedLine | null {
  if (!text.includes('kernel')) return null;
  const m = BARE_KERNEL.exec(text);
  if (m === null) return null;
  const inner = stripBracketStamp(text.slice(m[0].length));
  const body = inner?.body ?? text.slice(m[0].length).trimEnd();
  return { format: 'syslog', time: m[1] ?? inner?.time ?? null, host: m[2] ?? null, program: 'kernel', body };
}

/** Apache Doris be.INFO glog prefix (reference/doris-memory-logs.md §0), parsed by the Doris code. */
function stripDorisGlog(text: string): StrippedLine | null {
  const glog = parseGlogPrefix(text);
  return glog === null ? null : { format: 'doris-be', time: glog.time, host: null, body: glog.message.trimEnd() };
}

/**
 * Kubernetes' OOMKilled as kubectl prints it: `Reason: OOMKilled` (describe), `reason: OOMKilled`
 * (YAML), or the STATUS column of `kubectl get pods`. Only this line is marked: the rest of a
 * describe/YAML paste has no prefix and stays `plain`.
 */
const KUBECTL_OOMKILLED = /^\s{0,16}(?:- )?[Rr]eason:\s{1,16}OOMKilled$|^\S{1,253}\s{1,16}\d{1,3}\/\d{1,3}\s{1,16}OOMKilled\s/;

function plain(text: string): StrippedLine {
  const body = text.trimEnd();
  const format = body.includes('OOMKilled') && KUBECTL_OOMKILLED.test(body) ? 'kubectl' : 'plain';
  return { format, time: null, host: null, body };
}
