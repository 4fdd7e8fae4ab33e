/**
 * The facts of one be.INFO, reduced to what the findings and suggestions read: the chosen summary
 * block, its aggregate rows by meaning, the status line, the GC count in the window before the
 * kill (or summary) and the cancels near it.
 */
import type { ProcessStatus } from '../parse/parse-status-line.js';
import type { DorisSummary, LineRef, SummaryFamily, SummaryTracker, OverviewRole } from '../parse/summary-block.js';
import type { GcCount } from '../parse/gc-histogram.js';
import type { CancelRecord, PendingCancel } from '../parse/cancel-log.js';

export interface StartupInfo {
  time: string | null;
  at: LineRef;
  physicalBytes: number | null;
  limitBytes: number | null;
  /** `origin config value` of mem_limit, e.g. `90%`. */
  memLimitConfig: string | null;
}

export interface DorisContext {
  summary: DorisSummary | null;
  family: SummaryFamily;
  status: ProcessStatus | null;
  statusAt: LineRef | null;
  /** First row of each aggregate meaning (sum of all trackers, resident memory, Orphan, …). */
  roles: Partial<Record<OverviewRole, SummaryTracker>>;
  /** Rows that are trackers (not the aggregates), largest used first. */
  trackers: SummaryTracker[];
  physicalBytes: number | null;
  limitBytes: number | null;
  processResidentBytes: number | null;
  sumOfTrackersBytes: number | null;
  /** The doris_be kill (or `--kill-time`) the summary was chosen for; null without one. */
  killTime: string | null;
  /** The end of the GC and cancel windows: the kill, else the summary, else the last GC. */
  windowEnd: string | null;
  gcWindowMinutes: number;
  gc: GcCount;
  /** Cancels before windowEnd (within the cancel window, after the last restart), oldest first. */
  cancels: CancelRecord[];
  pendings: PendingCancel[];
  startup: StartupInfo | null;
}
