/**
 * A long shell command broken over lines with ` \` continuations, at spaces outside quotes, so it
 * fits a narrow code block and still runs exactly as written when pasted. Commands with a comment,
 * a line break or a here-document are left whole (a continuation would change them).
 */
export function wrapCommand(command: string, width = 56): string {
  if (command.length <= width || /\n|<<|(^|\s)#/.test(command)) return command;
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of command) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === ' ') {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (quote) return command;
  if (current) tokens.push(current);
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
