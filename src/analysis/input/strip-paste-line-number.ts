/**
 * Line numbers that came with a paste: editors and blog code blocks (`565 [六 9月 11 …]` in seed 001,
 * right-aligned ` 1 ...` / `10 Swap cache stats…` in seed 003), `cat -n` (`     1\t…`) and
 * `grep -n` (`565:Aug 11 …`).
 *
 * The kernel itself starts some lines with a number (`131071 pages RAM`, `21556 total pagecache
 * pages`, `0 pages HighMem`, 2.6's `4 free pages`: show_mem/show_swap_cache_info), so a leading
 * number is kept when the whole line reads as such a "<number> <words> pages" line, and stripped
 * otherwise: `13 131071 pages RAM` loses `13`, `131071 pages RAM` keeps its number.
 */
import { stripLinePrefix } from './strip-line-prefix.js';

/** `N ` / `N\t`, right-aligned by up to 6 spaces (cat -n pads numbers to width 6). */
const PASTE_NUMBER = /^ {0,6}\d{1,7}(?: |\t)/;
/** `grep -n` puts a colon after the number; stripped only when a recognised prefix follows. */
const GREP_NUMBER = /^\d{1,9}:/;
/** show_mem / show_swap_cache_info lines: `%lu pages RAM`, `%ld total pagecache pages`, `%d pages of RAM` (2.6). */
const NUMBER_LED_KERNEL_LINE = /^ {0,8}\d{1,20} (?:[a-z]{1,20} ){0,2}pages\b/;

/** The line without a pasted line number (the single separator after it is removed, further indentation kept). */
export function stripPasteLineNumber(raw: string): string {
  // Both forms start with a digit or (right-aligned) a space; most lines start with neither.
  const c = raw.charCodeAt(0);
  if (c !== 0x20 && !(c >= 0x30 && c <= 0x39)) return raw;
  const paste = PASTE_NUMBER.exec(raw);
  if (paste !== null) return NUMBER_LED_KERNEL_LINE.test(raw) ? raw : raw.slice(paste[0].length);
  const grep = GREP_NUMBER.exec(raw);
  if (grep !== null) {
    const rest = raw.slice(grep[0].length);
    if (stripLinePrefix(rest).format !== 'plain') return rest;
  }
  return raw;
}
