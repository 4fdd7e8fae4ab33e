/**
 * One physical line → the logical lines the parsers read (DESIGN §2 "Input formats").
 *
 * Stateless: the streaming driver skips most lines of a large input, so nothing here may depend on
 * the previous line. The layers, outermost first: a pasted line number, the line prefix (Doris glog,
 * kernel record, dmesg stamp, syslog/journal), further syslog records flattened onto the line, then
 * rsyslog `#012` escapes inside the message.
 * Never throws; every step is an anchored regex or an indexOf scan, linear in the line's length.
 */
import type { InputLine } from './input-line.js';
import { splitRsyslogEscapes } from './split-rsyslog-escapes.js';
import { stripLinePrefix } from './strip-line-prefix.js';
import { stripPasteLineNumber } from './strip-paste-line-number.js';
import { splitFlattenedRecords } from './split-flattened-records.js';
import type { StrippedLine } from './stripped-line.js';

export function toInputLines(line: number, raw: string): InputLine[] {
  const head = stripLinePrefix(stripPasteLineNumber(raw));
  const flattened = head.host !== null ? splitFlattenedRecords(head, stripLinePrefix) : null;
  if (flattened !== null) return flattened.flatMap((record) => recordLines(line, raw, record));
  return recordLines(line, raw, head);
}

/** The logical lines of one record: the record itself, or the pieces of its `#012`-escaped message. */
function recordLines(line: number, raw: string, head: StrippedLine): InputLine[] {
  // Doris writes real newlines; `#012` in a glog message is literal text.
  if (head.format === 'doris-be' || !hasRsyslogEscape(head.body)) {
    return [{ line, raw, ...head }];
  }
  const pieces = splitRsyslogEscapes(head.body);
  if (pieces.length === 1) return [{ line, raw, ...head, body: pieces[0]! }];
  return pieces.map((piece, i) => {
    if (i === 0) return { line, raw, ...head, format: 'rsyslog-012', body: piece };
    // A piece may carry its own kernel stamp (`#012[  12.3] …`); otherwise it inherits the line's.
    const own = stripLinePrefix(piece);
    const time = own.format === 'plain' ? head.time : (own.time ?? head.time);
    return { line, raw, format: 'rsyslog-012', time, host: head.host, program: head.program ?? null, body: own.body };
  });
}

/** `#012` or `#011` in the message; both begin with `#01`, so a line without escapes costs one scan. */
function hasRsyslogEscape(body: string): boolean {
  return body.includes('#01') && (body.includes('#012') || body.includes('#011'));
}
