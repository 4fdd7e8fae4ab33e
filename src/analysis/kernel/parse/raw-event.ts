/**
 * Everything the kernel OOM parser (parse-oom-dump.ts) read from one OOM kill, before any judgement.
 * The verdict (cause, factors, suggestions) is decided from this by build-oom-event.ts.
 *
 * Each fact carries the line it came from (`at`) so every verdict can quote its evidence.
 * Sizes are as the kernel printed them: kB where the line says kB, pages where it says pages.
 * Absent facts are null / empty, never 0.
 */
import type { InputFormat } from '../../input/input-line.js';
import type { NoKillableWhy, OomPath } from './kernel-line-kinds.js';

export interface LineRef {
  /** 1-based physical line number in the input. */
  line: number;
  /** The physical line as it was (for quoting). */
  text: string;
}

export interface RawHeader {
  at: LineRef;
  /** "X invoked oom-killer": the task whose allocation failed; null for 2.6.1x's `oom-killer: gfp_mask=…`, which names none. */
  comm: string | null;
  gfpMask: string | null; // "0x62****" or "0x201da" as printed
  gfpFlags: string | null; // "GFP_HIGHUSER_MOVABLE|__GFP_ZERO" when printed in parentheses
  order: number | null; // -1 = SysRq
  oomScoreAdj: number | null; // `oom_score_adj=` (2.6.36+, RHEL 6 backport), -1000..1000
  oomAdj: number | null; // the older -17..15 scale: early 2.6 `oomkilladj=`, 2.6.3x `oom_adj=`
  nodemask: string | null; // "(null)", "0", "0-1" (4.x header)
}

export interface RawSummary {
  /** 5.0+ `oom-kill:constraint=...` one-line summary. */
  at: LineRef;
  /** CONSTRAINT_NONE | CONSTRAINT_MEMCG | CONSTRAINT_CPUSET | CONSTRAINT_MEMORY_POLICY | other; `''` when printed empty (a vendor 3.10 backport: `oom-kill:,cpuset=…`). */
  constraint: string;
  nodemask: string | null;
  cpuset: string | null;
  memsAllowed: string | null;
  oomMemcg: string | null; // null when global_oom
  globalOom: boolean;
  taskMemcg: string | null;
  task: string | null;
  pid: number | null;
  uid: number | null;
}

export interface RawUsage {
  at: LineRef;
  usageKb: number;
  limitKb: number;
  failcnt: number | null;
}

export interface RawZone {
  at: LineRef;
  node: number | null; // null on non-NUMA kernels ("DMA32 free:...")
  zone: string; // DMA, DMA32, Normal, HighMem, Movable
  freeKb: number;
  minKb: number | null;
  lowKb: number | null;
  highKb: number | null;
  presentKb: number | null;
  managedKb: number | null;
}

export interface RawBuddy {
  at: LineRef;
  node: number | null;
  zone: string;
  /** One entry per order, in order: block size in kB and the number of free blocks. */
  blocks: { sizeKb: number; count: number }[];
  totalKb: number | null;
}

export interface RawHugepages {
  at: LineRef;
  node: number | null;
  total: number;
  free: number;
  surp: number | null;
  sizeKb: number;
}

export interface RawTask {
  pid: number;
  uid: number | null;
  tgid: number | null;
  totalVmPages: number | null;
  rssPages: number; // rss column (or rss_anon+rss_file+rss_shmem when only those are printed)
  rssAnonPages: number | null;
  rssFilePages: number | null;
  rssShmemPages: number | null;
  /** Page-table size in kB, from nr_ptes (pages) or pgtables_bytes (bytes), whichever the table printed. */
  pgtablesKb: number | null;
  swapents: number | null;
  oomScoreAdj: number | null;
  name: string;
  at: LineRef;
}

export interface RawTaskTable {
  at: LineRef; // the header row
  /** The largest tasks by oom_badness-relevant size (rss + swap + page tables), at most TASKS_KEPT. */
  tasks: RawTask[];
  /** Rows seen in total (the table may have 200,000 rows; only the largest are kept). */
  rowCount: number;
  /** Sum of rss pages over every row. */
  totalRssPages: number;
  /** Rows with oom_score_adj -1000 (never killed). */
  protectedCount: number;
}

/** How many `sharing same memory` kills an event keeps by name (the rest are counted). */
export const MM_SHARERS_KEPT = 8;

/** How many task rows an event keeps (memory stays bounded whatever the table size). */
export const TASKS_KEPT = 64;

export interface RawKillSelect {
  /** ≤5.0 `Out of memory: Kill process N (x) score S or sacrifice child`, early 2.6 `... and children.` */
  at: LineRef;
  pid: number;
  comm: string;
  score: number | null;
  /** "Out of memory" | "Memory cgroup out of memory" | ... as printed before ": Kill process". */
  message: string | null;
}

export interface RawKilled {
  /** `[message: ]Killed process N (x) total-vm:..kB, anon-rss:..kB, file-rss:..kB[, shmem-rss:..kB][, UID:u pgtables:..kB oom_score_adj:n]` */
  at: LineRef;
  /** "Out of memory" | "Memory cgroup out of memory" | "Out of memory (oom_kill_allocating_task)" | null (older kernels). */
  message: string | null;
  pid: number;
  /** Empty while `nameCut` is non-null, until the parser names the victim from the rest of its dump. */
  comm: string;
  /**
   * Null when the name was read whole. A line cut after the pid (`''`) or inside the name (`dhcl`):
   * the parser takes the name from the kill-select line, the summary or the task table of the same pid.
   */
  nameCut?: string | null;
  totalVmKb: number | null;
  anonRssKb: number | null;
  fileRssKb: number | null;
  shmemRssKb: number | null;
  uid: number | null;
  pgtablesKb: number | null;
  oomScoreAdj: number | null;
}

export interface RawReaper {
  at: LineRef;
  pid: number;
  comm: string;
  anonRssKb: number | null;
  fileRssKb: number | null;
  shmemRssKb: number | null;
}

export interface RawSlabFailure {
  at: LineRef;
  /** As printed after `cache: ` (`ext4_inode_cache(2:test)`); null until the cache line is read. */
  cache: string | null;
  /** The memory cgroup of a per-cgroup cache copy (`(2:test)` → `test`), else null. */
  cgroup: string | null;
}

/** How many SLUB failures an event keeps (a failing cache repeats the lines hundreds of times). */
export const SLAB_FAILURES_KEPT = 8;

export interface RawOomEvent {
  firstLine: number;
  lastLine: number;
  /** Time of the first line of the event (ISO where the prefix allows, else as printed). */
  time: string | null;
  host: string | null;
  format: InputFormat | null;
  kernelVersion: string | null;
  /** The `CPU: … Not tainted <release>` line that names it. */
  kernelVersionAt: LineRef | null;

  /** An allocation-failure warning (warn_alloc) that printed this memory dump: a failure, not an OOM. */
  allocFailure: { at: LineRef; comm: string; order: number | null; gfpMask: string | null; gfpFlags: string | null } | null;
  /** `sysrq: Manual OOM execution` (SysRq f) seen right before the header. */
  sysrq: LineRef | null;
  header: RawHeader | null;
  /** From `CPU: 1 PID: 29748 Comm: test ...` or `Pid: 8911, comm: httpd ...`. */
  triggerPid: number | null;
  /** Pre-5.0 `test cpuset=/ mems_allowed=0` line. */
  cpuset: { at: LineRef; cpuset: string; memsAllowed: string } | null;
  summary: RawSummary | null;
  /** cgroup v1 `Task in /a/2 killed as a result of limit of /a` (limit may be `host`). */
  taskIn: { at: LineRef; taskPath: string; limitPath: string } | null;
  /** `Memory limit reached of cgroup /a` (memcg OOM with no task). */
  memcgLimitReached: { at: LineRef; path: string } | null;
  /**
   * memory.oom.group: `Tasks in /a are going to be killed due to memory.oom.group set`. `member` is
   * this kill's place in the group pass (1: the chosen victim); `pass` is shared by every member of
   * one pass and counts its kills.
   */
  oomGroup: { at: LineRef; path: string; member: number; pass: { kills: number } } | null;

  memcgMemory: RawUsage | null; // `memory: usage ..kB, limit ..kB, failcnt N`
  memcgMemsw: RawUsage | null; //  `memory+swap: usage ...` (v1)
  memcgKmem: RawUsage | null; //   `kmem: usage ...` (v1)
  memcgSwap: RawUsage | null; //   `swap: usage ...` (v2)
  /** `Memory cgroup stats for /path:` keys; v1 values in kB (as printed with KB), v2 values in bytes. */
  memcgStats: { at: LineRef; path: string; unit: 'kB' | 'bytes'; values: Record<string, number> }[];

  /** Mem-Info global counters, in pages (active_anon, free, slab_unreclaimable, shmem, pagetables, ...). */
  meminfo: Record<string, number>;
  meminfoAt: LineRef | null;
  zones: RawZone[];
  buddy: RawBuddy[];
  hugepages: RawHugepages[];
  freeSwapKb: { at: LineRef; kb: number } | null;
  totalSwapKb: { at: LineRef; kb: number } | null;
  pagesRam: { at: LineRef; pages: number } | null;
  pagesReserved: { at: LineRef; pages: number } | null;
  /** Page size in kB, from the smallest buddy block size; 4 when unknown. */
  pageSizeKb: number;

  taskTable: RawTaskTable | null;
  killSelect: RawKillSelect | null;
  killed: RawKilled | null;
  reaper: RawReaper | null;
  /**
   * 2.6.32–4.5 `Kill process N (x) sharing same memory` lines after the kill: processes that used the
   * victim's memory and were killed with it (the first MM_SHARERS_KEPT kept; `count` counts all).
   */
  mmSharers: { count: number; first: { at: LineRef; pid: number; comm: string }[] };
  /** `Out of memory and no killable processes...` / panic_on_oom lines. */
  noKillable: { at: LineRef; why: NoKillableWhy } | null;
  /** `OOM victim N (comm) is already exiting. Skip killing the task`: the dump ends without a kill. */
  victimExiting: { at: LineRef; pid: number; comm: string } | null;

  /** The first reliable call-trace frame that names the OOM path (memcg charge, page fault, page allocator). */
  oomPath: { at: LineRef; path: OomPath } | null;
  /** An oops, BUG or panic that arrived while the dump awaited its kill; cleared if the kill line still came. */
  interrupted: LineRef | null;
  /** `SLUB: Unable to allocate memory` failures just before (or inside) the dump, with the cache each names. */
  slabFailures: RawSlabFailure[];

  /** True when a kill line arrived with no dump header before it (the kernel rate-limits the dump). */
  headerMissing: boolean;
  /** True when the input ended (or the next dump began) before this dump's kill line. */
  truncated: boolean;
  /** Lines inside the dump that the parser could not read, with the reason. */
  issues: { line: number; reason: string }[];
  /** Physical lines of this event that continued a wrapped record and were joined back to it (wrapped-records.ts). */
  rejoined: number;
}

export function emptyRawEvent(firstLine: number): RawOomEvent {
  return {
    firstLine,
    lastLine: firstLine,
    time: null,
    host: null,
    format: null,
    kernelVersion: null,
    allocFailure: null,
    kernelVersionAt: null,
    sysrq: null,
    header: null,
    triggerPid: null,
    cpuset: null,
    summary: null,
    taskIn: null,
    memcgLimitReached: null,
    oomGroup: null,
    mmSharers: { count: 0, first: [] },
    memcgMemory: null,
    memcgMemsw: null,
    memcgKmem: null,
    memcgSwap: null,
    memcgStats: [],
    meminfo: {},
    meminfoAt: null,
    zones: [],
    buddy: [],
    hugepages: [],
    freeSwapKb: null,
    totalSwapKb: null,
    pagesRam: null,
    pagesReserved: null,
    pageSizeKb: 4,
    taskTable: null,
    killSelect: null,
    killed: null,
    reaper: null,
    noKillable: null,
    victimExiting: null,
    oomPath: null,
    interrupted: null,
    slabFailures: [],
    headerMissing: false,
    truncated: false,
    issues: [],
    rejoined: 0,
  };
}
