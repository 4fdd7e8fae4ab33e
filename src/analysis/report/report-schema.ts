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
  /** The allocation's GFP flags: as printed in `gfp_mask=0x…(GFP_KERNEL|…)`, else decoded from the hex mask for the log's kernel era; empty when neither is possible. */
  gfpFlags: z.array(z.string()),
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
  /** The cgroup hierarchy the block's own lines show (v1: `memory+swap:`, `kmem:`, v1 stat keys; v2: `swap:`, v2 stat keys); null when they do not say. */
  version: z.union([z.literal(1), z.literal(2)]).nullable(),
  /** The `Memory cgroup stats for <oom cgroup>:` block as printed (v1 values in kB as the kernel labels them, v2 values in bytes); null when not printed. */
  stat: z.record(z.string(), z.number()).nullable(),
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
  /** The input's name (the file as given, an uploaded file's name); null for standard input or pasted text. */
  file: z.string().nullable(),
  /** 1-based line number within that input. */
  line: z.number().int().positive(),
  text: z.string(),
  why: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

/** What running a suggested command does: `read` only inspects; `change` alters the system and is to be reviewed first. */
export const CommandEffect = z.enum(['read', 'change']);
export type CommandEffect = z.infer<typeof CommandEffect>;

export const Command = z.object({
  run: z.string(),
  effect: CommandEffect,
});
export type Command = z.infer<typeof Command>;

export const Suggestion = z.object({
  /** kebab-case; one id per piece of advice whatever produced it (listed in src/analysis/advice/suggestion-ids.ts). */
  id: z.string(),
  title: z.string(),
  detail: z.string(),
  commands: z.array(Command),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** Where an event's facts come from: the kernel's own OOM report, or Kubernetes' container status (`OOMKilled`). */
export const EventSource = z.enum(['kernel', 'kubectl']);
export type EventSource = z.infer<typeof EventSource>;

/**
 * Why an event names no victim: the chosen victim was already exiting, the kernel panicked
 * (vm.panic_on_oom), nothing was killable, the input ends before the kill line, an oops or panic
 * interrupted the dump, or the text is a memory dump with no OOM context (SysRq-m, an allocation
 * failure warning).
 */
export const NoKillReason = z.enum(['victim_exiting', 'panic_on_oom', 'no_killable_process', 'input_ends', 'interrupted', 'memory_dump_only']);
export type NoKillReason = z.infer<typeof NoKillReason>;

/** The global Mem-Info breakdown in kB (pages × page size); each null when not printed. */
export const MemInfo = z.object({
  freeKb: kb,
  activeAnonKb: kb,
  inactiveAnonKb: kb,
  activeFileKb: kb,
  inactiveFileKb: kb,
  shmemKb: kb,
  slabReclaimableKb: kb,
  slabUnreclaimableKb: kb,
  pageTablesKb: kb,
  /** HugeTLB pages reserved, summed over the page sizes printed. */
  hugepagesTotalKb: kb,
  hugepagesFreeKb: kb,
  swapTotalKb: kb,
  swapFreeKb: kb,
  /** `N pages RAM` × page size. */
  ramKb: kb,
});
export type MemInfo = z.infer<typeof MemInfo>;

export const ZoneInfo = z.object({
  node: z.number().int().nullable(),
  zone: z.string(),
  freeKb: z.number(),
  minKb: kb,
  lowKb: kb,
  highKb: kb,
  /** Free blocks per order (order 0 first), from the zone's buddy line; empty when not printed. */
  buddy: z.array(z.number().int()),
});
export type ZoneInfo = z.infer<typeof ZoneInfo>;

/** One row of the kernel's task dump (dump_tasks), sizes converted from pages to kB. */
export const TaskRow = z.object({
  pid: z.number().int(),
  uid: z.number().int().nullable(),
  tgid: z.number().int().nullable(),
  totalVmKb: kb,
  rssKb: z.number(),
  rssAnonKb: kb,
  rssFileKb: kb,
  rssShmemKb: kb,
  pgtablesKb: kb,
  swapEntries: z.number().nullable(),
  oomScoreAdj: z.number().int().nullable(),
  comm: z.string(),
});
export type TaskRow = z.infer<typeof TaskRow>;

export const OomEvent = z.object({
  source: EventSource,
  /** Why no process was killed, or null when the victim is named. */
  noKill: NoKillReason.nullable(),
  /** Lines of this event that a mail client or tracker had wrapped and that were joined back (0 normally). */
  rejoined: z.number().int().nonnegative(),
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
  /** The global memory picture; null for a cgroup OOM (whose dump has no Mem-Info) or when not printed. */
  memInfo: MemInfo.nullable(),
  zones: z.array(ZoneInfo),
  /** The task dump, largest first, capped; `tasksOmitted` rows were left out. */
  tasks: z.array(TaskRow),
  tasksOmitted: z.number().int().nonnegative(),
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
  evidence: z.array(z.object({ file: z.string().nullable(), line: z.number().int().positive(), text: z.string() })),
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
  schemaVersion: z.literal(2),
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
