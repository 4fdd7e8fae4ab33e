/**
 * A long shell command broken over lines so it fits a narrow code block and still runs exactly as
 * written when pasted: statements at `; ` outside quotes go on lines of their own (a newline
 * separates statements as `;` does), and a long statement is broken at spaces outside quotes with
 * ` \` continuations. Commands with a comment, a line break or a here-document are left whole, and
 * so is a statement whose quoted pattern is wider than the block (breaking around it only adds lines).
 */
export function wrapCommand(command: string, width = 56): string {
  if (command.length <= width || /\n|<<|(^|\s)#/.test(command)) return command;
  const statements = splitOutsideQuotes(command, ';');
  if (statements === null) return command;
  return statements.map((s) => wrapStatement(s.trim(), width)).join('\n');
}

function wrapStatement(statement: string, width: number): string {
  if (statement.length <= width) return statement;
  const tokens = splitOutsideQuotes(statement, ' ')?.filter((t) => t !== '') ?? null;
  if (tokens === null || tokens.some((t) => /['"]/.test(t) && t.length > width)) return statement;
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const indent = lines.length > 0 ? '  ' : '';
    if (line && (indent + line + ' ' + token).length + 2 > width) {
      lines.push(indent + line);
      line = token;
    } else line = line ? `${line} ${token}` : token;
  }
  lines.push((lines.length > 0 ? '  ' : '') + line);
  return lines.join(' \\\n');
}

/** `text` split at `sep` outside single and double quotes; null when a quote is left open. */
function splitOutsideQuotes(text: string, sep: string): string[] | null {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === sep) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (quote) return null;
  parts.push(current);
  return parts;
}
