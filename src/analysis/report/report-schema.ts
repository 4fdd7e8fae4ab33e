/**
 * The analysis contract (DESIGN §2). Tools and people outside the project read this JSON:
 * field names and the cause/factor/finding ids are binding. Every renderer reads this shape,
 * and `oom-triage analyze --format json` prints exactly it.
 *
 * Unknown numbers are `null`, never 0. Kernel sizes are kB as the kernel prints them; Doris sizes
 * are bytes.
 */
import { z } from 'zod';
import { AlertFacts } from '../alerts/alert-facts.js';

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
  /** `oom_score_adj=` in the header (-1000..1000); null when the header prints none. */
  oomScoreAdj: z.number().int().nullable(),
  /**
   * Schema 2, additive. The older -17..15 `oom_adj` as the header prints it (`oomkilladj=` early 2.6,
   * `oom_adj=` 2.6.3x); never copied into oomScoreAdj, whose scale differs. Null when not printed.
   */
  oomAdj: z.number().int().nullable(),
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
  /**
   * Schema 2, additive. The victim's sizes read from its row in the task dump (pages × the page
   * size), set only when the kill line prints none (early 2.6 kernels print `Killed process N (x)`
   * alone, and a paste may cut the line) and the row is in the dump; null otherwise.
   */
  fromTaskTable: z.object({ rssKb: z.number(), swapKb: kb, totalVmKb: kb, pageSizeKb: z.number() }).nullable(),
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
  /**
   * Schema 2, additive. memory.oom.group (cgroup v2, 4.19+): this kill is one of `kills` kill lines
   * the kernel printed for one OOM, which kills every task of the group's cgroup `path` together;
   * `member` is this kill's place among them (1: the victim the OOM killer chose). One OOM, however
   * many kills. Null when the kill is not part of a group kill.
   */
  oomGroup: z.object({ path: z.string(), kills: z.number().int().positive(), member: z.number().int().positive() }).nullable(),
  /**
   * Schema 2, additive. Processes that used the victim's memory (clone(CLONE_VM), not its threads)
   * and were killed with it, part of the same kill: 2.6.32–4.5 `Kill process N (x) sharing same
   * memory` lines. 0 when none is printed.
   */
  sharedMemoryKills: z.number().int().nonnegative(),
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

/**
 * The pod's container as the Kubernetes API showed it when the alert was answered (enrichment,
 * optional: KUBERNETES_API). Sizes in bytes, as Kubernetes quantities mean them.
 */
export const ClusterPod = z.object({
  namespace: z.string(),
  name: z.string(),
  /** `spec.nodeName`: the machine whose kernel killed the container. */
  node: z.string().nullable(),
  /** The container the alert names (or the pod's only one); null when neither says which. */
  container: z.string().nullable(),
  requestBytes: bytes,
  limitBytes: bytes,
  restartCount: z.number().int().nullable(),
  /** `lastState.terminated`: the previous run's end (reason `OOMKilled`, exit 137 for a kill). */
  lastTerminated: z
    .object({ reason: z.string().nullable(), exitCode: z.number().int().nullable(), startedAt: z.string().nullable(), finishedAt: z.string().nullable() })
    .nullable(),
});
export type ClusterPod = z.infer<typeof ClusterPod>;

export const ClusterNode = z.object({ name: z.string(), capacityBytes: bytes, allocatableBytes: bytes });
export type ClusterNode = z.infer<typeof ClusterNode>;

/** One of the pod's recent events (core/v1 Event), newest last. */
export const ClusterEvent = z.object({
  time: z.string().nullable(),
  type: z.string().nullable(),
  reason: z.string().nullable(),
  message: z.string(),
  count: z.number().int().nullable(),
});
export type ClusterEvent = z.infer<typeof ClusterEvent>;

/** The container's `container_memory_working_set_bytes` over the hour before the kill (PROMETHEUS_URL). */
export const MemorySeries = z.object({
  metric: z.string(),
  /** ISO 8601 bounds of the range asked for, and its step. */
  start: z.string(),
  end: z.string(),
  stepSeconds: z.number().positive(),
  /** `[unix seconds, bytes]`, oldest first. */
  points: z.array(z.tuple([z.number(), z.number()])),
  peakBytes: bytes,
  /** The container's limit drawn against it (the pod's spec, else `kube_pod_container_resource_limits`). */
  limitBytes: bytes,
});
export type MemorySeries = z.infer<typeof MemorySeries>;

/** A part of the enrichment that did not come back, and why: the reply goes out without it and says so. */
export const EnrichmentGap = z.object({
  part: z.enum(['pod', 'node', 'events', 'memory']),
  reason: z.enum(['timeout', 'forbidden', 'not_found', 'error', 'no_target']),
});
export type EnrichmentGap = z.infer<typeof EnrichmentGap>;

export const ClusterFacts = z.object({
  pod: ClusterPod.nullable(),
  node: ClusterNode.nullable(),
  events: z.array(ClusterEvent),
  memory: MemorySeries.nullable(),
  gaps: z.array(EnrichmentGap),
});
export type ClusterFacts = z.infer<typeof ClusterFacts>;

/**
 * Schema 2, additive: an alert posted in Slack (Alertmanager, Grafana, Datadog, Kubernetes events,
 * node-problem-detector, Robusta) that names an OOM kill but carries no kernel log. It is not an
 * OomEvent: no kernel report was read, so there is no victim process, trigger or memory picture;
 * `events` stays the list of kills found in the log text. What the alert says is `facts`; what the
 * bot concludes from it is `cause` (a CauseId, as for events) and `exitCode`; `suggestions` are
 * the read-only next steps with the alert's names filled in; `cluster` is what the Kubernetes API
 * and Prometheus added (null when neither is configured).
 */
export const AlertReport = z.object({
  facts: AlertFacts,
  /**
   * `cgroup_limit` for Kubernetes' `OOMKilled` (the container's memory limit) and the kernel's
   * `Memory cgroup out of memory`; `system_memory_exhausted` for a node-wide kill, or an `OOMKilled`
   * container the API shows without a memory limit; `unknown` when the alert does not say.
   */
  cause: CauseId,
  /** 137 (128 + SIGKILL) for an `OOMKilled` container, else what the API's last termination shows, else null. */
  exitCode: z.number().int().nullable(),
  suggestions: z.array(Suggestion),
  cluster: ClusterFacts.nullable(),
});
export type AlertReport = z.infer<typeof AlertReport>;

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
  /** The OOM alert the input was posted as (Slack incident channels), or null; see AlertReport. */
  alert: AlertReport.nullable(),
  /** One sentence a human reads first. */
  summary: z.string(),
});
export type Report = z.infer<typeof Report>;
