/** Quoted log lines can be 64 KiB; a reader needs the start. The JSON report keeps them whole. */
export const MAX_QUOTE_CHARS = 300;

export function clip(text: string, max = MAX_QUOTE_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}
