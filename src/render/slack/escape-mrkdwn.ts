/**
 * Text quoted from a log goes into Slack messages; Slack reads `<…>` as mentions and links
 * (`<!channel>`, `<@U…>`, `<#C…>`, `<http://x|y>`). Escaping the three control characters as
 * entities makes every such sequence show as plain text (Slack's "Escaping text" rule). Backticks
 * are swapped for a look-alike (U+02CB), so log text can neither open nor close a code block.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, '\u02cb');
}

/** For text inside a code span or block (the same escaping; named for the reader of the call site). */
export const escapeCode = escapeMrkdwn;

/** An inline code span of log text (never empty: Slack shows `` as two backticks). */
export function inlineCode(text: string): string {
  return text.length === 0 ? '' : `\`${escapeCode(text)}\``;
}

/**
 * plain_text objects (headers) do not format mentions, but `<` and `>` are swapped for
 * look-alikes anyway so the text reads the same wherever a client renders it.
 */
export function plainText(text: string): string {
  return text.replace(/</g, '\u2039').replace(/>/g, '\u203a');
}

/** Cuts `text` to at most `max` characters without splitting an entity such as `&amp;`. */
export function truncateEscaped(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ellipsis.length);
  const amp = text.lastIndexOf('&', cut);
  if (amp !== -1 && cut - amp < 6 && text.indexOf(';', amp) >= cut) cut = amp;
  return text.slice(0, cut) + ellipsis;
}
