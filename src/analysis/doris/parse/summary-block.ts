/**
 * One `Process Memory Summary` / `Memory Tracker Summary` block as read (reference §3), in any of
 * its shapes, reduced to the status line and a list of tracker rows. The "Memory Profile" shape
 * (§3d) is translated into the same rows (`PhysicalMemory(VmRSS)` → `process resident memory`,
 * `TrackedMemory` → `sum of all trackers`, `label@type@id=N` profiles → tracker rows), so the
 * report builder reads one shape.
 */
import type { ProcessStatus } from './parse-status-line.js';
import { parseTrackerRow, type TrackerRow } from './parse-tracker-row.js';
import type { ProfileRow } from './parse-profile-row.js';

export interface LineRef {
  line: number;
  text: string;
}

export interface SummaryTracker extends TrackerRow {
  at: LineRef;
}

/**
 * Which Doris generation printed the block, from its labels (reference §3a–3d):
 * `2.0` (and 1.2) has `Type=tc/jemalloc_free_memory` / `Type=process`; `2.1.0-2.1.4` has `Type=tc/jemalloc cache`
 * (with a space); `2.1.5+` has `Label=…, Type=overview` rows; `memory-profile` is §3d.
 */
export type SummaryFamily = '2.0' | '2.1.0-2.1.4' | '2.1.5+' | 'memory-profile' | 'unknown';

export interface DorisSummary {
  /** Naive ISO time of the glog line that opened the block (null when that line was not seen). */
  time: string | null;
  line: number;
  at: LineRef;
  /** `process`: the process-wide summary; `task`: a single tracker's usage (§3e, exec_mem_limit exceeded). */
  kind: 'process' | 'task';
  family: SummaryFamily;
  status: ProcessStatus | null;
  statusAt: LineRef | null;
  rows: SummaryTracker[];
}

/**
 * A block as kept while reading: what choosing among blocks needs (time, line, kind, status) is
 * read at once; the rows are read (`read()`) only for the block the report is built from, since a
 * be.INFO can print a summary every second and only one of them is ever shown.
 */
export interface SummaryCandidate {
  time: string | null;
  line: number;
  kind: DorisSummary['kind'];
  status: ProcessStatus | null;
  statusAt: LineRef | null;
  read(): DorisSummary;
}

/** Rows kept per block: a real block has 30–60; the cap bounds memory on a malformed paste. */
export const MAX_ROWS = 400;
const TEXT_CAP = 500;

export type OverviewRole = 'sum' | 'rss' | 'vm' | 'jemallocCache' | 'jemallocMetadata' | 'reserved' | 'orphan';

/**
 * What an aggregate row means, accepting every spelling seen: `sum of all trackers` /
 * `sum_of_all_trackers` / 1.2–2.0's `Type=process`, `process resident memory` /
 * `VmRSS(process resident memory)`, `tc/jemalloc_cache` / `tc/jemalloc cache` / 2.0's `tc/jemalloc_free_memory`,
 * and ASAN builds' `[ASAN]` prefix (reference §3a–3c).
 */
export function overviewRole(row: TrackerRow): OverviewRole | null {
  const label = row.label.startsWith('[ASAN]') ? row.label.slice(6).trim() : row.label;
  if (label === 'Orphan') return 'orphan';
  if (row.type !== 'overview' && row.type !== null) return null;
  switch (label) {
    case 'sum of all trackers':
    case 'sum_of_all_trackers':
    // 1.2/2.0's `Type=process` is the type totals plus the jemalloc cache (make_process_snapshots'
    // process_mem_sum), not VmRSS: it adds up so in the 1.2 docs block and in apache/doris#18509.
    case 'process':
      return 'sum';
    case 'process resident memory':
    case 'VmRSS(process resident memory)':
      return 'rss';
    case 'process virtual memory':
    case 'VmSize(process virtual memory)':
      return 'vm';
    case 'tc/jemalloc_cache':
    case 'tc/jemalloc cache':
    case 'tc/jemalloc_free_memory':
      return 'jemallocCache';
    case 'tc/jemalloc_metadata':
      return 'jemallocMetadata';
    case 'reserved_memory':
      return 'reserved';
    default:
      return null;
  }
}

export interface BlockBuilder {
  setStatus(status: ProcessStatus, at: LineRef): void;
  /**
   * A tracker row that parseTrackerRow reads (the caller checked with isTrackerRow): `text` is what
   * it reads, `line` and `raw` the physical line for the evidence. Kept as text until `read()`.
   */
  addRowText(text: string, line: number, raw: string): void;
  addProfileRow(row: ProfileRow, at: LineRef): void;
  finish(): SummaryCandidate;
}

/** A tracker row not read yet. */
interface RowText {
  text: string;
  line: number;
  raw: string;
}

const capped = (text: string): string => (text.length > TEXT_CAP ? text.slice(0, TEXT_CAP) : text);

function readRow(row: SummaryTracker | RowText): SummaryTracker {
  if (!('text' in row)) return row;
  // Only rows isTrackerRow accepted are kept, and it accepts exactly what parseTrackerRow reads.
  return { ...parseTrackerRow(row.text)!, at: { line: row.line, text: capped(row.raw) } };
}

/** The test that makes a block the process-wide summary rather than one tracker's usage (§3e). */
const isProcessRow = (r: TrackerRow): boolean => r.type === 'overview' || (overviewRole(r) !== null && overviewRole(r) !== 'orphan');

export function createBlockBuilder(header: { time: string | null; at: LineRef }): BlockBuilder {
  let status: ProcessStatus | null = null;
  let statusAt: LineRef | null = null;
  /** In printed order: rows of the §3d profile are translated as they come, tracker rows wait as text. */
  const rows: (SummaryTracker | RowText)[] = [];
  let profile = false;
  /** Open profile sections, innermost last. */
  const sections: { indent: number; name: string; row: SummaryTracker | null }[] = [];

  const ref = (at: LineRef): LineRef => ({ line: at.line, text: capped(at.text) });
  const add = (row: TrackerRow, at: LineRef): SummaryTracker | null => {
    if (rows.length >= MAX_ROWS) return null;
    const kept = { ...row, at: ref(at) };
    rows.push(kept);
    return kept;
  };
  const within = (name: string): boolean => sections.some((s) => s.name === name);

  const profileCounter = (row: Extract<ProfileRow, { kind: 'counter' }>, at: LineRef): void => {
    const section = sections[sections.length - 1];
    const overview = (label: string): void => {
      add({ label, type: 'overview', parent: null, usedBytes: row.current, peakBytes: row.peak, limitBytes: null }, at);
    };
    if (row.name === 'PhysicalMemory(VmRSS)') return overview('process resident memory');
    if (row.name === 'VirtualMemory(VmSize)') return overview('process virtual memory');
    if (section === undefined) return;
    if (section.row !== null) {
      if (row.name === 'Memory') {
        section.row.usedBytes = row.current;
        section.row.peakBytes = row.peak;
        section.row.at = ref(at);
      } else if (row.name === 'Limit') {
        section.row.limitBytes = row.current === -1 ? null : row.current;
      }
      return;
    }
    if (section.name === 'TrackedMemory' && row.name === 'Memory') return overview('sum of all trackers');
    if (within('JemallocMemory') && row.name === 'Cache') return overview('tc/jemalloc_cache');
    if (within('JemallocMemory') && row.name === 'Metadata') return overview('tc/jemalloc_metadata');
    if (section.name === 'Details' && (within('TasksMemory') || within('GlobalMemory'))) return overview(row.name);
  };

  return {
    setStatus(s, at) {
      status = s;
      statusAt = ref(at);
    },
    addRowText(text, line, raw) {
      if (rows.length < MAX_ROWS) rows.push({ text, line, raw });
    },
    addProfileRow(row, at) {
      profile = true;
      while (sections.length > 0 && sections[sections.length - 1]!.indent >= row.indent) sections.pop();
      if (row.kind === 'counter') {
        profileCounter(row, at);
        return;
      }
      // Per-tracker profiles are named `{label}@{type}@id={uid}` (MemTrackerLimiter::make_profile).
      const idAt = row.name.lastIndexOf('@id=');
      const typeAt = idAt === -1 ? -1 : row.name.lastIndexOf('@', idAt - 1);
      let tracker: SummaryTracker | null = null;
      if (typeAt > 0) {
        tracker = add(
          { label: row.name.slice(0, typeAt), type: row.name.slice(typeAt + 1, idAt), parent: null, usedBytes: null, peakBytes: null, limitBytes: null },
          at,
        );
      }
      sections.push({ indent: row.indent, name: row.name, row: tracker });
    },
    finish() {
      // Usually the first row (`Label=other, Type=overview`) decides, so one row is read here.
      const kind = rows.some((r) => isProcessRow(readRow(r))) ? 'process' : 'task';
      const at = ref(header.at);
      let summary: DorisSummary | null = null;
      return {
        time: header.time,
        line: header.at.line,
        kind,
        status,
        statusAt,
        read() {
          if (summary === null) {
            const read = rows.map(readRow);
            summary = { time: header.time, line: header.at.line, at, kind, family: profile ? 'memory-profile' : familyOf(read), status, statusAt, rows: read };
          }
          return summary;
        },
      };
    },
  };
}

function familyOf(rows: readonly TrackerRow[]): SummaryFamily {
  const labels = new Set(rows.filter((r) => r.type === 'overview').map((r) => r.label));
  if (labels.has('tc/jemalloc_free_memory') || labels.has('process')) return '2.0';
  if (labels.has('tc/jemalloc cache')) return '2.1.0-2.1.4';
  if (labels.has('tc/jemalloc_cache') || labels.has('sum of all trackers') || labels.has('sum_of_all_trackers')) return '2.1.5+';
  return 'unknown';
}
