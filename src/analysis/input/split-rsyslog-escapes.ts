/**
 * rsyslog escapes control characters in a message as `#` + three octal digits
 * (`$EscapeControlCharactersOnReceive`, on by default since rsyslog 3.x). The kernel prints
 * Mem-Info as one printk with embedded newlines (kernel-oom-formats §2.2), so a kern.log written by
 * rsyslog holds `… isolated_anon:0#012 active_file:…` on one physical line. `#012` (LF) splits the
 * message into logical lines, `#011` (TAB) becomes a tab. One pass over the text: the pieces are not
 * unescaped again, so `##012012` cannot expand further.
 */
const LF = '#012';
const TAB = '#011';

/** The message's logical lines; a message without `#012` is returned as the one piece. */
export function splitRsyslogEscapes(message: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (let at = message.indexOf(LF); at !== -1; at = message.indexOf(LF, from)) {
    pieces.push(message.slice(from, at));
    from = at + LF.length;
  }
  // A trailing `#012` ends the last line rather than starting an empty one.
  if (from < message.length || pieces.length === 0) pieces.push(message.slice(from));
  return pieces.map((piece) => (piece.includes(TAB) ? piece.replaceAll(TAB, '\t') : piece).trimEnd());
}
