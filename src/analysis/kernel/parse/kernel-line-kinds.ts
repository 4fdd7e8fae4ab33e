/**
 * The kinds of line a kernel OOM report is made of, each with its fields already read.
 * `classifyKernelLine` (classify-kernel-line.ts) produces them; the state machine
 * (oom-dump-machine.ts) consumes them. Sizes are as printed (kB or pages), absent fields null.
 */
import type { RawHeader, RawSummary } from './raw-event.js';

export type UsageCounter = 'memory' | 'memory+swap' | 'kmem' | 'swap';

export type PagesCounter = 'RAM' | 'reserved' | 'other';

/**
 * Why the kernel ended an OOM without killing (mm/oom_kill.c): `panic("Out of memory: %s
 * panic_on_oom is enabled")` with "system-wide" (vm.panic_on_oom=1, CONSTRAINT_NONE only) or
 * "compulsory" (=2, every OOM), or "Out of memory and no killable processes...".
 */
/**
 * Which OOM path a call-trace frame shows (mm/oom_kill.c callers): the memory cgroup's charge path
 * (`mem_cgroup_out_of_memory`, `try_charge`/`try_charge_memcg`, `mem_cgroup_oom_synchronize`), a
 * page fault that returned VM_FAULT_OOM (`pagefault_out_of_memory`), or the page allocator
 * (`__alloc_pages_slowpath` → `__alloc_pages_may_oom`).
 */
export type OomPath = 'memcg' | 'pagefault' | 'page_allocator';

export type NoKillableWhy = 'panic-system' | 'panic-compulsory' | 'none-killable';

export type KernelLine =
  | { kind: 'header'; header: Omit<RawHeader, 'at'> }
  /** warn_alloc: `%s: page allocation failure: order:%u, mode:%#x(%pGg)…` (2.6/3.x: `failure. order:%d, mode:0x%x`); a memory dump follows, no OOM. */
  | { kind: 'allocFailure'; comm: string; order: number | null; gfpMask: string | null; gfpFlags: string | null }
  | { kind: 'sysrq' }
  | { kind: 'cpuset'; comm: string; cpuset: string; memsAllowed: string }
  | { kind: 'stackHeader'; pid: number | null; comm: string | null; kernelVersion: string | null }
  | { kind: 'summary'; summary: Omit<RawSummary, 'at'> }
  | { kind: 'taskIn'; taskPath: string; limitPath: string }
  | { kind: 'memcgLimitReached'; path: string }
  | { kind: 'oomGroup'; path: string }
  | { kind: 'usage'; counter: UsageCounter; usageKb: number; limitKb: number; failcnt: number | null }
  | { kind: 'memcgStats'; path: string; values: Record<string, number> | null }
  | { kind: 'statValue'; key: string; value: number }
  | { kind: 'memInfo' }
  | { kind: 'counters'; values: [string, number][] }
  | { kind: 'nodeStats' }
  | { kind: 'zone'; node: number | null; zone: string; freeKb: number; minKb: number | null; lowKb: number | null; highKb: number | null; presentKb: number | null; managedKb: number | null }
  | { kind: 'buddy'; node: number | null; zone: string; blocks: { sizeKb: number; count: number }[]; totalKb: number | null }
  | { kind: 'hugepages'; node: number | null; total: number; free: number; surp: number | null; sizeKb: number }
  | { kind: 'swapKb'; which: 'free' | 'total'; kb: number }
  | { kind: 'pages'; counter: PagesCounter; pages: number }
  | { kind: 'tasksState' }
  | { kind: 'taskHeader'; columns: string[] }
  /** `[ 1234] …`: the pid and the text after `]`, read by the table's own columns (read-task-table.ts). */
  | { kind: 'taskRow'; pid: number; rest: string }
  | { kind: 'killSelect'; message: string | null; pid: number; comm: string; score: number | null }
  /** 2.6.32–4.5 `Kill process %d (%s) sharing same memory`: another process using the victim's mm, killed with it. */
  | { kind: 'mmSharerKilled'; pid: number; comm: string }
  /** `nameCut` is non-null (and `comm` empty) when the line is cut before the name ends: the start of the name, or `''` (see RawKilled). */
  | { kind: 'killed'; message: string | null; pid: number; comm: string; nameCut: string | null; uid: number | null; totalVmKb: number | null; anonRssKb: number | null; fileRssKb: number | null; shmemRssKb: number | null; pgtablesKb: number | null; oomScoreAdj: number | null }
  | { kind: 'reaper'; pid: number; comm: string; anonRssKb: number | null; fileRssKb: number | null; shmemRssKb: number | null }
  | { kind: 'reaperUnable'; pid: number | null; comm: string | null }
  | { kind: 'noKillable'; why: NoKillableWhy }
  /** `%s: OOM victim %d (%s) is already exiting. Skip killing the task` (__oom_kill_process, after the dump). */
  | { kind: 'victimExiting'; pid: number; comm: string }
  /** A reliable call-trace frame naming an OOM path (frames marked `?` are guesses and are not read). */
  | { kind: 'oomPathFrame'; path: OomPath }
  /** An oops, BUG or panic that is not the OOM killer's own (`BUG: KASAN: …`, `BUG: spinlock recursion`, `Oops:`, `Kernel panic - not syncing`). */
  | { kind: 'oops' }
  /** `SLUB: Unable to allocate memory on node N (gfp=0x…)` (slab_out_of_memory, mm/slub.c). */
  | { kind: 'slubFailure' }
  /** ` cache: ext4_inode_cache(2:test), object size: …`: a per-memcg cache (3.x–5.x kmem accounting) names its cgroup after the colon. */
  | { kind: 'slubCache'; cache: string; cgroup: string | null }
  /** A line that belongs to a dump but carries nothing the report uses (call trace, per-cpu, lowmem_reserve…). */
  | { kind: 'dumpNoise' }
  /** Looks like a dump line (its leading words say so) but its fields could not be read. */
  | { kind: 'malformed'; reason: string }
  /** Anything else: unrelated log traffic. */
  | { kind: 'other' };

export type KernelLineKind = KernelLine['kind'];
