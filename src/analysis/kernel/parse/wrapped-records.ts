/**
 * Kernel records that a mail client or an issue tracker hard-wrapped onto several lines, and how to
 * join them back. The kernel prints each of these records as one line whose shape is known, so a
 * record that stops short of what the kernel always prints is incomplete, and a following line
 * with no prefix of its own that starts the way the rest of that record starts is its continuation:
 *
 * - a stamp alone on its line (`[  244.945440][ T3106]`), the record itself on the next;
 * - `X invoked oom-killer:` with no `order=` (split after `oom-killer:` or after `gfp_mask=…,`);
 * - the dump_stack line (`CPU: … Comm: x Not` / `tainted 5.10.179 #5`) before its `#build`;
 * - `…: kill process N (x) score` / `409517 or a child` (2.6.2x–2.6.3x) and `Kill … or sacrifice child`;
 * - `Killed process N (x)` / `total-vm:…`, a size cut from its unit (`total-vm:22239` / `kB, …`),
 *   `…, UID:0` / `pgtables:76kB oom_score_adj:0`, a name cut inside its parentheses;
 * - `Out of memory:` / `Killed process …` (the kill message split from its record);
 * - the 5.0+ summary before `,uid=` (cut inside `task_memcg=`), joined without a space;
 * - a zone watermark line before `all_unreclaimable?`/`free_cma:`, a buddy line before `= NkB`,
 *   a v1 `Memory cgroup stats for` line before `unevictable:`, a task row before its name,
 *   a cgroup `memory: usage …, limit …` line before `failcnt`.
 *
 * Only the decision lives here (pure functions on one line's text and kind); the OOM parser holds
 * back an incomplete record for one line (parse-oom-dump.ts). Every check is a few character
 * comparisons or one scan of the line: it runs only on lines already handed to the parser.
 */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { isWhiteSpace } from './read-dump-fields.js';

/** Which record a line leaves open: what its continuation must look like depends on it. */
export type OpenRecord =
  | 'stamp'
  | 'killMessage'
  | 'header'
  | 'stackHeader'
  | 'killSelect'
  | 'killed'
  | 'summary'
  | 'zone'
  | 'buddy'
  | 'memcgStats'
  | 'usage'
  | 'taskRow';

/**
 * Continuation lines joined into one record at most: a 2.6 zone line wrapped by a mail client takes
 * eight; the cap keeps a hostile input (a summary followed by endless `a=b` lines) linear.
 */
export const MAX_JOINED_LINES = 16;

/** The kernel's sizes on a kill line, which it always prints with `kB`. */
const KILL_KEYS = ['total-vm:', 'vsz:', 'anon-rss:', 'file-rss:', 'shmem-rss:', 'UID:', 'pgtables:', 'oom_score_adj:'];
const KILL_MESSAGE_ENDS = ['Out of memory:', 'out of memory:', 'Out of Memory:'];

/**
 * The record `line` leaves open, or null when it is complete (or not a record that wraps).
 * `taskColumns` is the number of numeric columns of the task table being read (0 when none).
 */
export function openRecord(line: InputLine, k: KernelLine, taskColumns: number): OpenRecord | null {
  const text = line.body;
  switch (k.kind) {
    case 'other':
      if (text === '') return line.format === 'plain' ? null : 'stamp';
      return endsWithAny(text, KILL_MESSAGE_ENDS) ? 'killMessage' : null;
    case 'header':
      return text.includes('order=') ? null : 'header';
    case 'stackHeader':
      // The kernel ends the line with utsname's version, which begins with `#` (`#5`, `#32-Ubuntu`, `#1 SMP …`).
      return text.includes(' #') ? null : 'stackHeader';
    case 'killSelect':
      return text.includes('child') ? null : 'killSelect';
    case 'killed':
      return killedIsOpen(text, k) ? 'killed' : null;
    case 'summary':
      return text.includes(',uid=') ? null : 'summary';
    case 'zone':
      return text.includes('all_unreclaimable?') || text.includes('free_cma:') ? null : 'zone';
    case 'buddy':
      return text.includes('=') ? null : 'buddy';
    case 'memcgStats':
      return k.values === null || text.includes('unevictable:') ? null : 'memcgStats';
    case 'usage':
      return text.includes('failcnt') ? null : 'usage';
    case 'malformed':
      // `memory: usage 205164kB, limit` / `204800kB, failcnt 6901`: unreadable until joined.
      return text.includes(': usage ') && !text.includes('failcnt') ? 'usage' : null;
    case 'taskRow':
      return taskColumns > 0 && countWords(k.rest, taskColumns + 1) <= taskColumns ? 'taskRow' : null;
    default:
      return null;
  }
}

/**
 * A `Killed process` line that stops before its sizes (or inside one, or at `UID:` which 5.4+
 * follows with `pgtables:`), or inside the name. A line that simply ends after `(comm)` may be
 * complete too (2.6 kernels print nothing more): the continuation test decides.
 */
function killedIsOpen(text: string, k: Extract<KernelLine, { kind: 'killed' }>): boolean {
  if (k.nameCut !== null) return true;
  if (k.totalVmKb === null) return true;
  const last = lastWordStart(text);
  const c = text.charCodeAt(text.length - 1);
  if (c === 0x2c /* , */ || c === 0x3a /* : */) return true;
  // 5.4+ prints `pgtables:` then `oom_score_adj:` last.
  if (text.includes(' pgtables:') && !text.includes('oom_score_adj:')) return true;
  // A number with no unit where the kernel always prints `kB` was cut from it.
  if (c >= 0x30 && c <= 0x39) return !text.startsWith('oom_score_adj:', last);
  return false;
}

/** Whether `next` (a line with no prefix, classified as `k`) continues the record `open` left by `prev`. */
export function continuesRecord(open: OpenRecord, prev: string, next: string, k: KernelLine): boolean {
  if (open === 'stamp') return k.kind !== 'other' && k.kind !== 'dumpNoise';
  if (open === 'killMessage') return k.kind === 'killed' || k.kind === 'killSelect';
  // On its own a continuation reads as nothing, or as `key:N` pairs (`oom_score_adj:0`, `pages_scanned:0 …`).
  if (k.kind !== 'other' && k.kind !== 'counters' && k.kind !== 'statValue') return false;
  const text = next.trimStart();
  if (text === '') return false;
  const c = text.charCodeAt(0);
  switch (open) {
    case 'header':
      return text.startsWith('gfp_mask=') || text.startsWith('nodemask=') || text.includes('order=');
    case 'stackHeader':
      return text.includes('#');
    case 'killSelect':
      return (isDigit(c) && isDigit(prev.charCodeAt(prev.length - 1))) || text.includes('child') || (isDigit(c) && prev.endsWith(' score'));
    case 'killed':
      if (startsWithAny(text, KILL_KEYS)) return true;
      if (text.startsWith('kB') || text.startsWith('KB')) return isDigit(prev.charCodeAt(prev.length - 1));
      // A name cut inside its parentheses: the rest of it and the sizes.
      return prev.lastIndexOf('(') > prev.lastIndexOf(')') && text.includes(')');
    case 'summary':
      return text.includes('=') && !text.includes(' ');
    case 'zone':
      return (c >= 0x61 && c <= 0x7a && firstWordHasValue(text)) || text.startsWith('all_unreclaimable?') || (isDigit(c) && isDigit(prev.charCodeAt(prev.length - 1)));
    case 'buddy':
      return isDigit(c) && (text.includes('*') || text.includes('='));
    case 'memcgStats':
      return c >= 0x61 && c <= 0x7a && firstWordHasValue(text);
    case 'usage':
      return isDigit(c) || text.startsWith('kB') || text.startsWith('limit') || text.startsWith('failcnt');
    case 'taskRow':
      return true;
    default:
      return false;
  }
}

/**
 * The text of a prefix-less line that may continue `open`. The paste line-number stripper takes a
 * leading `0 ` or `409517 ` for a pasted line number; where the open record awaits a number (the
 * rest of a task row, a score, the digits of a cut value) that number is the record's own.
 */
export function continuationText(open: OpenRecord, prev: string, line: InputLine): string {
  const c = line.raw.charCodeAt(0);
  if (!(isDigit(c) || c === 0x20) || line.raw.length === line.body.length) return line.body;
  const last = prev.charCodeAt(prev.length - 1);
  const awaitsNumber = open === 'taskRow' || isDigit(last) || prev.endsWith(' score');
  return awaitsNumber ? line.raw.trim() : line.body;
}

/**
 * The record and its continuation as the kernel printed them: no space where the break fell
 * inside a token (the summary has none; a number cut from its unit; a value after `key:`; a name
 * cut inside its parentheses), one space where the mail client broke at a space (it breaks lines
 * at spaces, so two runs of digits stay two words: a value cut between them is then unreadable,
 * never read as a smaller number with its unit).
 */
export function joinRecord(open: OpenRecord, prev: string, next: string): string {
  const text = next.trimStart();
  if (open === 'stamp') return text;
  const head = prev.trimEnd();
  const last = head.charCodeAt(head.length - 1);
  const first = text.charCodeAt(0);
  const glue =
    open === 'summary' ||
    ((last === 0x3a /* : */ || last === 0x3d /* = */) && !isLetter(first)) ||
    (isDigit(last) && (text.startsWith('kB') || text.startsWith('KB'))) ||
    (open === 'killed' && head.lastIndexOf('(') > head.lastIndexOf(')'));
  return glue ? head + text : `${head} ${text}`;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function endsWithAny(text: string, ends: readonly string[]): boolean {
  for (const end of ends) if (text.endsWith(end)) return true;
  return false;
}

function startsWithAny(text: string, starts: readonly string[]): boolean {
  for (const start of starts) if (text.startsWith(start)) return true;
  return false;
}

/** `name:<digit>` or `name(x):<digit>` as the first word (zone and v1 stats fields). */
function firstWordHasValue(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon > 40) return false;
  for (let i = 0; i < colon; i++) if (isWhiteSpace(text.charCodeAt(i))) return false;
  return isDigit(text.charCodeAt(colon + 1));
}

function lastWordStart(text: string): number {
  let i = text.length;
  while (i > 0 && !isWhiteSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Words in `text`, counted up to `cap` (a task row is read only as far as its table's columns). */
function countWords(text: string, cap: number): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length && n < cap; i++) {
    const space = isWhiteSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
