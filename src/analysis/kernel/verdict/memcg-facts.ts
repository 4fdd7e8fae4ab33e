/**
 * The memory-cgroup side of an event: whether it was a memcg OOM (and what says so), which cgroup
 * hit its limit, which cgroup the task lived in, and the cgroup's usage, limit and swap.
 */
import type { Memcg } from '../../report/report-schema.js';
import type { LineRef, RawOomEvent } from '../parse/raw-event.js';
import { isUnlimitedKb } from '../../units.js';

export interface MemcgFacts {
  /** True when the log shows the OOM was confined to a memory cgroup. */
  isMemcgOom: boolean;
  /** The lines that show it, with the reason. */
  signals: { at: LineRef; why: string }[];
  memcg: Memcg | null;
  /** 1 or 2 when the block's lines show which cgroup hierarchy it is, else null. */
  version: 1 | 2 | null;
}

const MEMCG_KILL_MESSAGE = 'Memory cgroup out of memory';

export function readMemcg(raw: RawOomEvent): MemcgFacts {
  const signals: { at: LineRef; why: string }[] = [];
  const s = raw.summary;
  // A path the paste cut off is not the cgroup: the kernel always prints `,task=…,pid=…,uid=…` after both paths.
  // (The summary reader already drops a value the line's cut runs into; what is left of it is quoted from the line.)
  const oomMemcgCut = s !== null && (pathCut(s.at.text, 'oom_memcg', s.oomMemcg) || (s.oomMemcg === null && s.at.text.includes('oom_memcg=')));
  const oomMemcg = s !== null && !oomMemcgCut ? s.oomMemcg : null;
  const taskMemcg = s !== null && !pathCut(s.at.text, 'task_memcg', s.taskMemcg) ? s.taskMemcg : null;
  if (s !== null && s.constraint === 'CONSTRAINT_MEMCG') {
    const partial = s.oomMemcg ?? s.at.text.slice(s.at.text.indexOf('oom_memcg=') + 'oom_memcg='.length).trimEnd();
    const cut = oomMemcgCut ? `a memory cgroup whose path the line cuts off (oom_memcg=${partial} is incomplete)` : `the memory cgroup ${oomMemcg ?? '(path not printed)'}`;
    signals.push({ at: s.at, why: `the kernel's summary says constraint=CONSTRAINT_MEMCG: the OOM was confined to ${cut}` });
  }
  if (raw.taskIn !== null && raw.taskIn.limitPath !== 'host') {
    signals.push({ at: raw.taskIn.at, why: `cgroup v1 names the cgroup whose limit was hit: ${raw.taskIn.limitPath} (the task lived in ${raw.taskIn.taskPath})` });
  }
  if (raw.memcgLimitReached !== null) {
    signals.push({ at: raw.memcgLimitReached.at, why: `the kernel says the memory cgroup ${raw.memcgLimitReached.path} reached its limit` });
  }
  // The first `Memory cgroup stats for` block is the cgroup under OOM (its subtree follows on v1).
  const kill = raw.killed?.message === MEMCG_KILL_MESSAGE ? raw.killed : raw.killSelect?.message === MEMCG_KILL_MESSAGE ? raw.killSelect : null;
  if (kill !== null) {
    signals.push({ at: kill.at, why: 'the kill message starts with "Memory cgroup out of memory", which the kernel prints only for a cgroup OOM' });
  }
  if (signals.length === 0 && raw.memcgMemory !== null) {
    // The `memory: usage …, limit …` block is printed only for a cgroup OOM (mem_cgroup_print_oom_meminfo / _info).
    signals.push({ at: raw.memcgMemory.at, why: 'the memory-cgroup block (memory: usage, limit, failcnt) is printed only for a cgroup OOM' });
  }
  const isMemcgOom = signals.length > 0;

  const taskPath = taskMemcg ?? raw.taskIn?.taskPath ?? null;
  const hostLimit = raw.taskIn?.limitPath === 'host';
  const oomPath = isMemcgOom
    ? (oomMemcg ?? (raw.taskIn !== null && !hostLimit ? raw.taskIn.limitPath : null) ?? raw.memcgLimitReached?.path ?? raw.oomGroup?.path ?? raw.memcgStats[0]?.path ?? null)
    : null;

  const version = readVersion(raw);
  const mem = raw.memcgMemory;
  const anyData = taskPath !== null || oomPath !== null || mem !== null || raw.memcgSwap !== null || raw.memcgMemsw !== null;
  const memcg: Memcg | null = anyData
    ? {
        taskPath,
        oomPath,
        usageKb: mem?.usageKb ?? null,
        limitKb: mem?.limitKb ?? null,
        failcnt: mem?.failcnt ?? null,
        ...readSwap(raw),
        version,
        stat: readStat(raw, oomPath),
      }
    : null;
  return { isMemcgOom, signals, memcg, version };
}

/**
 * True when the `oom-kill:` line ends inside `key=value` (the paste or a terminal cut it) or the
 * value ends in an ellipsis: the kernel prints `,task=…,pid=…,uid=…` after either path, so a path at
 * the end of the line is incomplete.
 */
function pathCut(line: string, key: 'oom_memcg' | 'task_memcg', value: string | null): boolean {
  if (value === null) return false;
  return line.trimEnd().endsWith(`${key}=${value}`) || value.endsWith('…') || value.endsWith('...');
}

/**
 * cgroup v2 prints `swap: usage, limit` directly (5.3+). cgroup v1 prints `memory+swap:` (memsw),
 * which counts memory and swap together, so the swap part is memsw − memory (usage and limit
 * alike); an unlimited memsw limit stays the unlimited number rather than a meaningless difference.
 */
function readSwap(raw: RawOomEvent): { swapUsageKb: number | null; swapLimitKb: number | null } {
  if (raw.memcgSwap !== null) return { swapUsageKb: raw.memcgSwap.usageKb, swapLimitKb: raw.memcgSwap.limitKb };
  const memsw = raw.memcgMemsw;
  const mem = raw.memcgMemory;
  if (memsw === null || mem === null) return { swapUsageKb: null, swapLimitKb: null };
  const usage = Math.max(0, memsw.usageKb - mem.usageKb);
  const limit = isUnlimitedKb(memsw.limitKb) ? memsw.limitKb : Math.max(0, memsw.limitKb - mem.limitKb);
  return { swapUsageKb: usage, swapLimitKb: limit };
}

/**
 * The hierarchy, from what only one of them prints (never from the stats' unit: 6.x prints the v1
 * memory.stat in bytes, one key a line, exactly as v2 does):
 * - v1: the `memory+swap:` (memsw) and `kmem:` lines, and memory.stat keys only v1 has (`cache`,
 *   `rss`, `mapped_file`, `hierarchical_memory_limit`, the `total_*` subtree sums).
 * - v2: the `swap:` line (5.3+) and keys only v2 has (`anon`, `file`, `kernel_stack`, `sock`).
 * - Otherwise, stats in kB on one line are v1's pre-6.x format (4.x printed them on both
 *   hierarchies, but v2 on 4.x is rare). `Task in … limit of …` is no hint: 4.x printed it on both.
 */
function readVersion(raw: RawOomEvent): 1 | 2 | null {
  if (raw.memcgMemsw !== null || raw.memcgKmem !== null || raw.memcgStats.some((st) => hasAnyKey(st.values, V1_STAT_KEYS))) return 1;
  if (raw.memcgSwap !== null || raw.memcgStats.some((st) => hasAnyKey(st.values, V2_STAT_KEYS))) return 2;
  if (raw.memcgStats.some((st) => st.unit === 'kB')) return 1;
  return null;
}

const V1_STAT_KEYS = ['cache', 'rss', 'mapped_file', 'hierarchical_memory_limit', 'total_rss', 'total_cache'];
const V2_STAT_KEYS = ['anon', 'file', 'kernel_stack', 'sock'];

function hasAnyKey(values: Record<string, number>, keys: readonly string[]): boolean {
  for (const key of keys) if (Object.hasOwn(values, key)) return true;
  return false;
}

/** The `Memory cgroup stats for` block of the cgroup under OOM (the first one printed), as printed. */
function readStat(raw: RawOomEvent, oomPath: string | null): Record<string, number> | null {
  const block = raw.memcgStats.find((st) => st.path === oomPath) ?? raw.memcgStats[0];
  return block === undefined ? null : { ...block.values };
}

/** True when `ancestor` is a proper ancestor of `path` in the cgroup tree. */
export function isAncestorPath(ancestor: string, path: string): boolean {
  if (ancestor === path) return false;
  if (ancestor === '/') return path.startsWith('/');
  return path.startsWith(`${ancestor}/`);
}
