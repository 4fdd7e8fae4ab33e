/**
 * Writes one classified dump line into the open RawOomEvent. Every list has a cap, so a hostile
 * input (a million zone lines in one "dump") cannot grow an event without bound.
 */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { SLAB_FAILURES_KEPT, type LineRef, type RawOomEvent } from './raw-event.js';

export const MAX_ISSUES = 20;
const MAX_ZONE_LINES = 64; // nodes × zones of a large NUMA machine
const MAX_MEMCG_STATS = 16; // v1 prints one stats line per cgroup of the subtree
const MAX_STAT_KEYS = 128;
const MAX_MEMINFO_KEYS = 64;

export function lineRef(line: InputLine): LineRef {
  return { line: line.line, text: line.raw };
}

export function addIssue(event: RawOomEvent, line: number, reason: string): void {
  if (event.issues.length < MAX_ISSUES) event.issues.push({ line, reason });
}

/** Applies a line that describes the dump (not one that opens, kills or closes it). True if used. */
export function fillDumpLine(event: RawOomEvent, line: InputLine, k: KernelLine): boolean {
  switch (k.kind) {
    case 'header':
      event.header = { at: lineRef(line), ...k.header };
      return true;
    case 'allocFailure':
      event.allocFailure = { at: lineRef(line), comm: k.comm, order: k.order, gfpMask: k.gfpMask, gfpFlags: k.gfpFlags };
      return true;
    case 'cpuset':
      event.cpuset = { at: lineRef(line), cpuset: k.cpuset, memsAllowed: k.memsAllowed };
      return true;
    case 'stackHeader':
      if (k.pid !== null) event.triggerPid = k.pid;
      if (k.kernelVersion !== null) {
        event.kernelVersion = k.kernelVersion;
        event.kernelVersionAt = lineRef(line);
      }
      return true;
    case 'summary':
      event.summary = { at: lineRef(line), ...k.summary };
      return true;
    case 'taskIn':
      event.taskIn = { at: lineRef(line), taskPath: k.taskPath, limitPath: k.limitPath };
      return true;
    case 'memcgLimitReached':
      event.memcgLimitReached = { at: lineRef(line), path: k.path };
      return true;
    case 'oomGroup':
      event.oomGroup = { at: lineRef(line), path: k.path, member: 1, pass: { kills: 1 } };
      return true;
    case 'usage': {
      const usage = { at: lineRef(line), usageKb: k.usageKb, limitKb: k.limitKb, failcnt: k.failcnt };
      if (k.counter === 'memory') event.memcgMemory = usage;
      else if (k.counter === 'memory+swap') event.memcgMemsw = usage;
      else if (k.counter === 'kmem') event.memcgKmem = usage;
      else event.memcgSwap = usage;
      return true;
    }
    case 'memcgStats':
      if (event.memcgStats.length < MAX_MEMCG_STATS) {
        event.memcgStats.push({ at: lineRef(line), path: k.path, unit: k.values === null ? 'bytes' : 'kB', values: k.values ?? {} });
      }
      return true;
    case 'memInfo':
      event.meminfoAt = lineRef(line);
      return true;
    case 'zone':
      if (event.zones.length < MAX_ZONE_LINES) {
        event.zones.push({ at: lineRef(line), node: k.node, zone: k.zone, freeKb: k.freeKb, minKb: k.minKb, lowKb: k.lowKb, highKb: k.highKb, presentKb: k.presentKb, managedKb: k.managedKb });
      }
      return true;
    case 'buddy':
      if (event.buddy.length < MAX_ZONE_LINES) {
        event.buddy.push({ at: lineRef(line), node: k.node, zone: k.zone, blocks: k.blocks, totalKb: k.totalKb });
        const smallest = k.blocks[0]?.sizeKb;
        if (event.buddy.length === 1 && smallest !== undefined && smallest > 0) event.pageSizeKb = smallest;
      }
      return true;
    case 'hugepages':
      if (event.hugepages.length < MAX_ZONE_LINES) {
        event.hugepages.push({ at: lineRef(line), node: k.node, total: k.total, free: k.free, surp: k.surp, sizeKb: k.sizeKb });
      }
      return true;
    case 'swapKb':
      if (k.which === 'free') event.freeSwapKb = { at: lineRef(line), kb: k.kb };
      else event.totalSwapKb = { at: lineRef(line), kb: k.kb };
      return true;
    case 'pages':
      if (k.counter === 'RAM') event.pagesRam = { at: lineRef(line), pages: k.pages };
      else if (k.counter === 'reserved') event.pagesReserved = { at: lineRef(line), pages: k.pages };
      return true;
    case 'oomPathFrame':
      // The innermost frame comes first: it is the path that called out_of_memory().
      if (event.oomPath === null) event.oomPath = { at: lineRef(line), path: k.path };
      return true;
    case 'slubFailure':
      if (event.slabFailures.length < SLAB_FAILURES_KEPT) event.slabFailures.push({ at: lineRef(line), cache: null, cgroup: null });
      return true;
    case 'slubCache':
      addSlabCache(event.slabFailures, k);
      return true;
    case 'nodeStats':
    case 'tasksState':
    case 'dumpNoise':
      return true;
    default:
      return false;
  }
}

/** Mem-Info counters (pages) from the `Mem-Info:` block and its continuation lines. */
export function addCounters(event: RawOomEvent, line: InputLine, values: [string, number][]): void {
  if (event.meminfoAt === null) event.meminfoAt = lineRef(line);
  for (const [key, value] of values) {
    if (key === '__proto__') continue;
    if (Object.hasOwn(event.meminfo, key) || Object.keys(event.meminfo).length < MAX_MEMINFO_KEYS) event.meminfo[key] = value;
  }
}

/** One v2 memory.stat line (`anon 123`, bytes) under the last `Memory cgroup stats for` heading. */
export function addStatValue(event: RawOomEvent, key: string, value: number): void {
  const stats = event.memcgStats[event.memcgStats.length - 1];
  if (stats === undefined || key === '__proto__') return;
  if (Object.hasOwn(stats.values, key) || Object.keys(stats.values).length < MAX_STAT_KEYS) stats.values[key] = value;
}

/** A SLUB failure's `cache:` line names the cache (and its cgroup) of the failure just before it. */
export function addSlabCache(failures: RawOomEvent['slabFailures'], k: Extract<KernelLine, { kind: 'slubCache' }>): void {
  const last = failures[failures.length - 1];
  if (last !== undefined && last.cache === null) {
    last.cache = k.cache;
    last.cgroup = k.cgroup;
  }
}
