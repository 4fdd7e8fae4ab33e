import type { InputFormat } from './input-line.js';

/** What a prefix stripper made of one logical line (InputLine without the line number and raw text). */
export interface StrippedLine {
  format: InputFormat;
  time: string | null;
  host: string | null;
  /** The message after the prefix: leading whitespace kept (continuation lines are indented), trailing trimmed. */
  body: string;
  /** Program of a syslog/journal line (`kernel`, `systemd`), see InputLine.program. */
  program?: string | null;
}

/** The text after a prefix that ends at `at`: the single separating space is dropped, further indentation kept. */
export function restAfter(text: string, at: number): string {
  return (text.charCodeAt(at) === 0x20 ? text.slice(at + 1) : text.slice(at)).trimEnd();
}
