import type { InputLine } from './input-line.js';

/** PLACEHOLDER (owned by the input-formats work): split a physical line into logical lines and strip prefixes. */
export function toInputLines(line: number, raw: string): InputLine[] {
  return [{ line, raw, format: 'plain', time: null, host: null, body: raw.trimEnd() }];
}
