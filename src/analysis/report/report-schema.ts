/**
 * The analysis contract (DESIGN §2). Tools and people outside the project read this JSON:
 * field names and the cause/factor/finding ids are binding. Every renderer reads this shape,
 * and `oom-triage analyze --format json` prints exactly it.
 *
 * Unknown numbers are `null`, never 0. Kernel sizes are kB as the kernel prints them; Doris sizes
 * are bytes.
 */
import { z } from 'zod';

export const CauseId = z.enum([
  'cgroup_limit',
  'parent_cgroup_limit',
  'system_memory_exhausted',
  'numa_node_exhausted',
  'mempolicy_restricted',
  'fragmentation',
  'manual_trigger',
  'unknown',
]);
export type CauseId = z.infer<typeof CauseId>;

export const FactorId = z.enum([
  'swap_exhausted',
  'no_swap',
  'hugepages_reserved',
  'slab_unreclaimable_high',
  'shmem_high',
  'page_tables_high',
  'kmem_limit',
  'memsw_limit',
  'single_dominant_consumer',
  'victim_protected_others',
  'high_order_request',
  'repeated_kills',
  'header_rate_limited',
]);
export type FactorId = z.infer<typeof FactorId>;

export const Constraint = z.enum([
  'CONSTRAINT_NONE',
  'CONSTRAINT_MEMCG',
  'CONSTRAINT_CPUSET',
  'CONSTRAINT_MEMORY_POLICY',
]);
export type Constraint = z.infer<typeof Constraint>;

const kb = z.number().nullable();
const bytes = z.number().nullable();

export const Trigger = z.object({
  comm: z.string(),
  pid: z.number().int().nullable(),
  gfpMask: z.string().nullable(),
  order: z.number().int().nullable(),
  oomScoreAdj: z.number().int().nullable(),
});
export type Trigger = z.infer<typeof Trigger>;

export const Memcg = z.object({
  taskPath: z.string().nullable(),
  oomPath: z.string().nullable(),
  usageKb: kb,
  limitKb: kb,
  failcnt: z.number().nullable(),
  swapUsageKb: kb,
  swapLimitKb: kb,
});
export type Memcg = z.infer<typeof Memcg>;

export const Victim = z.object({
  pid: z.number().int(),
  comm: z.string(),
  totalVmKb: kb,
  anonRssKb: kb,
  fileRssKb: kb,
  shmemRssKb: kb,
  uid: z.number().int().nullable(),
  pgtablesKb: kb,
  oomScoreAdj: z.number().int().nullable(),
});
export type Victim = z.infer<typeof Victim>;

export const TopTask = z.object({
  pid: z.number().int(),
  comm: z.string(),
  rssKb: z.number(),
  oomScoreAdj: z.number().int().nullable(),
  /** This task's share (0..1) of the RSS summed over the task dump. */
  share: z.number(),
});
export type TopTask = z.infer<typeof TopTask>;

export const Evidence = z.object({
  /** 1-based line number in the input (across all inputs, in the order given). */
  line: z.number().int().positive(),
  text: z.string(),
  why: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Suggestion = z.object({
  id: z.string(),
  title: z.string(),
  detail: z.string(),
  commands: z.array(z.string()),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const OomEvent = z.object({
  /** As printed; normalised ISO 8601 where the format allows. */
  time: z.string().nullable(),
  host: z.string().nullable(),
  kernelVersion: z.string().nullable(),
  trigger: Trigger.nullable(),
  constraint: Constraint.nullable(),
  cause: CauseId,
  factors: z.array(FactorId),
  memcg: Memcg.nullable(),
  victim: Victim.nullable(),
  topTasks: z.array(TopTask),
  evidence: z.array(Evidence),
  suggestions: z.array(Suggestion),
});
export type OomEvent = z.infer<typeof OomEvent>;

export const DorisFindingId = z.enum([
  'frequent_gc',
  'tracker_coverage_low',
  'orphan_large',
  'jemalloc_metadata_large',
  'jemalloc_cache_large',
  'query_cancel_stuck',
  'dominant_task',
  'cache_large',
]);
export type DorisFindingId = z.infer<typeof DorisFindingId>;

export const DorisTracker = z.object({
  label: z.string(),
  type: z.string().nullable(),
  parent: z.string().nullable(),
  usedBytes: bytes,
  peakBytes: bytes,
  limitBytes: bytes,
});
export type DorisTracker = z.infer<typeof DorisTracker>;

export const DorisCancel = z.object({
  time: z.string().nullable(),
  task: z.string(),
  consumptionBytes: bytes,
  secondsBeforeKill: z.number().nullable(),
});
export type DorisCancel = z.infer<typeof DorisCancel>;

export const DorisFinding = z.object({
  id: DorisFindingId,
  detail: z.string(),
  evidence: z.array(z.object({ line: z.number().int().positive(), text: z.string() })),
});
export type DorisFinding = z.infer<typeof DorisFinding>;

export const DorisReport = z.object({
  summaryTime: z.string().nullable(),
  killTime: z.string().nullable(),
  physicalBytes: bytes,
  processUsedBytes: bytes,
  limitBytes: bytes,
  softLimitBytes: bytes,
  sysAvailableBytes: bytes,
  lowWaterMarkBytes: bytes,
  warningWaterMarkBytes: bytes,
  processResidentBytes: bytes,
  sumOfTrackersBytes: bytes,
  /** sumOfTrackers / processResident; < 0.7 means tracker statistics are missing. */
  trackedRatio: z.number().nullable(),
  orphanBytes: bytes,
  jemallocCacheBytes: bytes,
  jemallocMetadataBytes: bytes,
  trackers: z.array(DorisTracker),
  gc: z.object({ minor: z.number().int(), full: z.number().int(), windowMinutes: z.number() }),
  cancels: z.array(DorisCancel),
  findings: z.array(DorisFinding),
  suggestions: z.array(Suggestion),
});
export type DorisReport = z.infer<typeof DorisReport>;

export const Report = z.object({
  schemaVersion: z.literal(1),
  input: z.object({
    bytes: z.number().int().nonnegative(),
    lines: z.number().int().nonnegative(),
    /** e.g. ["dmesg-T"], ["syslog", "doris-be"] */
    formats: z.array(z.string()),
  }),
  events: z.array(OomEvent),
  doris: DorisReport.nullable(),
  /** One sentence a human reads first. */
  summary: z.string(),
});
export type Report = z.infer<typeof Report>;
