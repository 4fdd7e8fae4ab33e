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
  // A dmesg stamp is the only one that starts with `[`; an indented line has no prefix at all.
  if (c === 0x5b /* [ */) return stripBracketStamp(text) ?? stripSyslogPrefix(text) ?? plain(text);
  if (c === 0x20 || c === 0x09 || Number.isNaN(c)) return plain(text);
  return stripDorisGlog(text) ?? stripKernelRecord(text) ?? stripBracketStamp(text) ?? stripSyslogPrefix(text) ?? plain(text);
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
