/**
 * Inside a memory summary block of be.INFO, one line at a time: a small handler per state of the
 * block says whether the line was one it reads and which state comes next. The reader
 * (parse-be-info.ts) counts the lines it could not read and closes the block after too many.
 *
 * - `summary`: after `Process Memory Summary:`; expects the indented status line, then
 *   `Memory Tracker Summary:`. 1.2 prints the allocation's stack and a blank line between the two
 *   parts (reference §3c); a RuntimeProfile row instead means the §3d/§3e profile shape.
 * - `rows`: tracker rows (§3a–3c, §3e).
 * - `profile`: RuntimeProfile rows (§3d, §3e), sections separated by blank lines, until
 *   `Memory Tracker Summary:`.
 */
import type { InputLine } from '../../input/input-line.js';
import { parseStatusLine } from './parse-status-line.js';
import { isTrackerRow } from './parse-tracker-row.js';
import { parseProfileRow } from './parse-profile-row.js';
import type { BlockBuilder, LineRef } from './summary-block.js';

export type BlockStateName = 'summary' | 'rows' | 'profile';

/** One line of a block, with its body trimmed once and its evidence reference made on demand. */
export interface BlockLine {
  line: InputLine;
  trimmed: string;
  ref(): LineRef;
}

export interface BlockStep {
  /** The line was one this state reads (a row, the status, a separator). */
  readable: boolean;
  next: BlockStateName;
}

const TRACKER_SUMMARY = 'Memory Tracker Summary:';

/** `Memory Tracker Summary:` (§3e puts the first row on the same line): the tracker rows follow. */
export function startRows(block: BlockBuilder, l: BlockLine): BlockStep {
  const rest = l.trimmed.slice(TRACKER_SUMMARY.length);
  if (rest.trim().length > 0 && isTrackerRow(rest)) block.addRowText(rest, l.line.line, l.line.raw);
  return { readable: true, next: 'rows' };
}

export const startsTrackerRows = (trimmed: string): boolean => trimmed.startsWith(TRACKER_SUMMARY);

const isStatusLine = (trimmed: string): boolean =>
  trimmed.startsWith('os physical memory ') || trimmed.startsWith('OS physical memory ') || trimmed.startsWith('process memory used ');

/** 1.2's `Alloc Stacktrace:` and its `@ 0x…` frames, and blank lines, between the two parts. */
const isStackOrBlank = (trimmed: string): boolean => trimmed === 'Alloc Stacktrace:' || trimmed.startsWith('@ ') || trimmed.length === 0;

function readSummary(block: BlockBuilder, l: BlockLine): BlockStep {
  const status = isStatusLine(l.trimmed) ? parseStatusLine(l.trimmed) : null;
  if (status !== null) {
    block.setStatus(status, l.ref());
    return { readable: true, next: 'summary' };
  }
  if (startsTrackerRows(l.trimmed)) return startRows(block, l);
  if (isStackOrBlank(l.trimmed)) return { readable: true, next: 'summary' };
  return readProfileRow(block, l, 'summary');
}

function readRows(block: BlockBuilder, l: BlockLine): BlockStep {
  if (!isTrackerRow(l.trimmed)) return { readable: false, next: 'rows' };
  block.addRowText(l.trimmed, l.line.line, l.line.raw);
  return { readable: true, next: 'rows' };
}

function readProfile(block: BlockBuilder, l: BlockLine): BlockStep {
  if (startsTrackerRows(l.trimmed)) return startRows(block, l);
  const step = readProfileRow(block, l, 'profile');
  // RuntimeProfile sections are separated by "\n" (memory_profile.cpp).
  return step.readable || l.trimmed.length > 0 ? step : { readable: true, next: 'profile' };
}

/** A RuntimeProfile row puts the block in the profile shape; anything else leaves it in `unread`. */
function readProfileRow(block: BlockBuilder, l: BlockLine, unread: BlockStateName): BlockStep {
  const row = parseProfileRow(l.line.body);
  if (row === null) return { readable: false, next: unread };
  block.addProfileRow(row, l.ref());
  return { readable: true, next: 'profile' };
}

const HANDLERS: Record<BlockStateName, (block: BlockBuilder, l: BlockLine) => BlockStep> = {
  summary: readSummary,
  rows: readRows,
  profile: readProfile,
};

export function readBlockLine(state: BlockStateName, block: BlockBuilder, l: BlockLine): BlockStep {
  return HANDLERS[state](block, l);
}
