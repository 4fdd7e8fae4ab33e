/**
 * One row of a `Memory Tracker Summary` (reference §3, `MemTrackerLimiter::log_usage` and
 * `MemTracker::log_usage`), after its 4-space indent:
 * - `MemTrackerLimiter Label=Orphan, Type=global, Limit=-1.00 B(-1 B), Used=-2.80 MB(-2939288 B), Peak=1.01 GB(1080997778 B)` (2.1+)
 * - `MemTracker Label=SegmentCache[size], Parent Label=DetailsTrackerSet, Used=…, Peak=…` (child tracker)
 * - `Type=query, Used=…, Peak=…` (type totals: 2.0, 2.1.0–2.1.4, e.g. `Type=tc/jemalloc cache`, `Type=process`)
 * Fields are cut at their `, Name=` separators with indexOf, never a backtracking regex: labels
 * contain `#`, `=`, `[]`, `()`, `/` and spaces.
 */
import { readTrackerValue } from './read-byte-size.js';

export interface TrackerRow {
  label: string;
  /** `overview` for the per-type totals, whatever shape printed them. */
  type: string | null;
  parent: string | null;
  usedBytes: number | null;
  peakBytes: number | null;
  limitBytes: number | null;
}

/** The text between `start` and `end` markers (end optional: to the end of the row). */
function field(row: string, start: string, end: string | null): string | null {
  const at = row.indexOf(start);
  if (at === -1) return null;
  const from = at + start.length;
  if (end === null) return row.slice(from);
  const stop = row.indexOf(end, from);
  return stop === -1 ? null : row.slice(from, stop);
}

const value = (segment: string | null): number | null => (segment === null ? null : readTrackerValue(segment));

/** `-1` means "no limit" / "no peak recorded" (reference §1): unknown, so null. */
const known = (bytes: number | null): number | null => (bytes === -1 ? null : bytes);

/** The three row shapes: the prefix that names each, and the marker that must end its label. */
const SHAPES: readonly (readonly [prefix: string, labelEnd: string])[] = [
  ['MemTrackerLimiter Label=', ', Type='],
  ['MemTracker Label=', ', Parent Label='],
  ['Type=', ', Used='],
];

/**
 * Whether parseTrackerRow reads `text` (it does exactly when the row has one of the three prefixes
 * and its label ends), without reading the values: a block's rows are only read in full when the
 * block is the one chosen for the report.
 */
export function isTrackerRow(text: string): boolean {
  const row = text.trim();
  for (const [prefix, labelEnd] of SHAPES) {
    if (row.startsWith(prefix)) return row.indexOf(labelEnd, prefix.length) !== -1;
  }
  return false;
}

export function parseTrackerRow(text: string): TrackerRow | null {
  const row = text.trim();
  if (row.startsWith('MemTrackerLimiter Label=')) {
    const label = field(row, 'Label=', ', Type=');
    if (label === null) return null;
    return {
      label,
      type: field(row, ', Type=', ', Limit='),
      parent: null,
      limitBytes: known(value(field(row, ', Limit=', ', Used='))),
      usedBytes: value(field(row, ', Used=', ', Peak=')),
      peakBytes: known(value(field(row, ', Peak=', null))),
    };
  }
  if (row.startsWith('MemTracker Label=')) {
    const label = field(row, 'Label=', ', Parent Label=');
    if (label === null) return null;
    return {
      label,
      type: null,
      parent: field(row, ', Parent Label=', ', Used='),
      limitBytes: null,
      usedBytes: value(field(row, ', Used=', ', Peak=')),
      peakBytes: known(value(field(row, ', Peak=', null))),
    };
  }
  if (row.startsWith('Type=')) {
    const label = field(row, 'Type=', ', Used=');
    if (label === null) return null;
    return {
      label,
      type: 'overview',
      parent: null,
      limitBytes: null,
      usedBytes: value(field(row, ', Used=', ', Peak=')),
      peakBytes: known(value(field(row, ', Peak=', null))),
    };
  }
  return null;
}
