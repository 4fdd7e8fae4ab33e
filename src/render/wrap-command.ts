/**
 * A long shell command broken over lines so it fits a narrow code block and still runs exactly as
 * written when pasted: statements at `; ` outside quotes go on lines of their own (a newline
 * separates statements as `;` does), and a long statement is broken at spaces outside quotes with
 * ` \` continuations. A trailing comment (`  # cgroup v2`) goes on a line of its own above the
 * command. Commands with another comment, a line break or a here-document are left whole, and so is
 * a statement whose quoted pattern is wider than the block (breaking around it only adds lines).
 */
export function wrapCommand(command: string, width = 56): string {
  const trailing = trailingComment(command);
  if (command.length > width && trailing !== null) return `${trailing.comment}\n${wrapCommand(trailing.code, width)}`;
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
    if (line && (CONTINUATION_INDENT + line + ' ' + token).length + 2 > width) {
      lines.push(line);
      line = token;
    } else line = line ? `${line} ${token}` : token;
  }
  lines.push(line);
  // Continuation lines are indented only when they all still fit: a path wider than the block is
  // wrapped by Slack anyway, and an indent in front of it wraps into what looks like an empty line.
  const indent = lines.slice(1).every((l) => CONTINUATION_INDENT.length + l.length + 2 <= width) ? CONTINUATION_INDENT : '';
  return lines.map((l, i) => (i > 0 ? indent + l : l)).join(' \\\n');
}

const CONTINUATION_INDENT = '  ';

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

/** A `  # comment` ending the command outside quotes, split from the code before it; null when none. */
function trailingComment(command: string): { code: string; comment: string } | null {
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && i > 0 && /\s/.test(command[i - 1]!) && !command.includes('\n')) {
      const code = command.slice(0, i).trimEnd();
      return code === '' ? null : { code, comment: command.slice(i) };
    }
  }
  return null;
}
