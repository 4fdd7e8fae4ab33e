/**
 * Kernel OOM records that lost the newlines between them: a mailer that joined lines
 * (`Killed process 19271 (trashapplet)Out of memory: kill process 12475 (qemu) score 7899 or a
 * childKilled process 12475 (qemu)`, LKML 2006). The kernel begins each of these records with one
 * of a few fixed texts; one glued to the end of the previous record (no space or colon before it)
 * starts a new record. Called only for kill and kill-select lines, which are rare.
 */
import { isWhiteSpace } from './read-dump-fields.js';

/** Texts that begin a kill or kill-select record (the message, or the kill line of kernels without one). */
const RECORD_STARTS = ['Out of memory: ', 'Out of Memory: ', 'Memory cgroup out of memory: ', 'Killed process '];

/** The records glued together in `text`, in order, or null when it holds one. */
export function splitGluedRecords(text: string): string[] | null {
  let cuts: number[] | null = null;
  for (const start of RECORD_STARTS) {
    for (let at = text.indexOf(start, 1); at !== -1; at = text.indexOf(start, at + start.length)) {
      const before = text.charCodeAt(at - 1);
      if (!isWhiteSpace(before) && before !== 0x3a /* : */) (cuts ??= []).push(at);
    }
  }
  if (cuts === null) return null;
  cuts.sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}
