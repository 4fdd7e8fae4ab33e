/**
 * Log text pasted into a ticket must read as text: a `|` must not split a table cell, a run of
 * backticks must not close a code span or fence, `<tag>` must not become HTML, `*`/`_` must not
 * turn into emphasis. Newlines inside one value would break a table row, so they become spaces.
 */
/** Characters with a meaning anywhere in a line (parentheses only matter after `]`, which is escaped). */
const PUNCTUATION = /[\\`*_[\]<>#|~&]/g;
/** At the start of a line "-", "+", "=" or "1." would start a list or an underline heading. */
const LINE_START = /^(\s*)([-+=]|\d+(?=[.)]))/;

/** Escapes text for inline markdown (paragraphs, list items, table cells). */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(PUNCTUATION, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(LINE_START, (_m, space: string, lead: string) => (lead === '-' || lead === '+' || lead === '=' ? `${space}\\${lead}` : `${space}${lead}\\`));
}

/** A code span that survives any backticks in `text`; `inTable` also escapes `|` (GFM table rule). */
export function mdCode(text: string, inTable = false): string {
  let body = oneLine(text);
  if (body === '') return '` `';
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  if (body.startsWith('`') || body.endsWith('`')) body = ` ${body} `;
  if (inTable) body = body.replace(/\|/g, '\\|');
  return `${fence}${body}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function mdFence(lines: readonly string[], lang = ''): string[] {
  const longest = Math.max(0, ...lines.map((l) => longestRun(l, '`')));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...lines, fence];
}

function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ');
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
