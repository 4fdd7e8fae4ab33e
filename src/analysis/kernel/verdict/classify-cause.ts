/**
 * The one primary reason the kernel had to kill (DESIGN §2 CauseId, seed 001's taxonomy), decided
 * from the lines of the dump. Rules run from the most specific to the most general; the first
 * that the evidence supports wins, and its lines become the verdict's leading evidence.
 */
import type { CauseId } from '../../report/report-schema.js';
import type { LineRef, RawOomEvent } from '../parse/raw-event.js';
import type { MemcgFacts } from './memcg-facts.js';
import { isAncestorPath } from './memcg-facts.js';
import type { MemoryTotals } from './memory-totals.js';
import { allowedNodes, buddyFor, buddyHasNoBlockOf, dmaOnly, knownNodes, movableOnlyAllowedNodes, usableZones, zoneName } from './zone-facts.js';
import { isMemoryDumpOnly } from './victim-facts.js';
import { formatKb } from '../../units.js';
import { FREE_SHARE_NOT_EXHAUSTED } from '../../report/free-memory.js';
import { formatNodeList, parseNodeList } from './node-list.js';

export interface Reason {
  at: LineRef;
  why: string;
}

/**
 * Why the cause is `unknown`: the lines that would tell are not in the input, the zones show the
 * machine had free memory (the OOM came from elsewhere), a zone-restricted (GFP_DMA) allocation
 * found its zone empty, or the text has no OOM at all.
 */
export type UnknownBecause = 'lines_missing' | 'memory_free' | 'zone_restricted' | 'no_oom';

export interface CauseVerdict {
  cause: CauseId;
  reasons: Reason[];
  /** Set only for `unknown`. */
  unknownBecause?: UnknownBecause;
}

interface CauseInput {
  raw: RawOomEvent;
  memcg: MemcgFacts;
  totals: MemoryTotals;
}

type Rule = (input: CauseInput) => CauseVerdict | null;

const RULES: Rule[] = [memoryDumpOnly, manualTrigger, memcgLimit, memcgFrames, memoryPolicy, movableOnlyNodes, numaNodeExhausted, fragmentation, dmaZoneOnly, memoryLeftFree, systemExhausted];

export function classifyCause(input: CauseInput): CauseVerdict {
  for (const rule of RULES) {
    const verdict = rule(input);
    if (verdict !== null) return verdict;
  }
  return unknownCause(input.raw);
}

function manualTrigger({ raw }: CauseInput): CauseVerdict | null {
  const reasons: Reason[] = [];
  if (raw.sysrq !== null) reasons.push({ at: raw.sysrq, why: 'SysRq f (echo f > /proc/sysrq-trigger or Alt+SysRq+f) forced this OOM kill' });
  if (raw.header !== null && raw.header.order === -1) {
    reasons.push({ at: raw.header.at, why: 'order=-1 is how the kernel marks an OOM forced through SysRq (is_sysrq_oom), not a failed allocation' });
  }
  return reasons.length > 0 ? { cause: 'manual_trigger', reasons } : null;
}

function memcgLimit({ raw, memcg }: CauseInput): CauseVerdict | null {
  if (!memcg.isMemcgOom) return null;
  const reasons: Reason[] = memcg.signals.map((s) => ({ ...s }));
  const taskPath = memcg.memcg?.taskPath ?? null;
  const oomPath = memcg.memcg?.oomPath ?? null;
  const usage = raw.memcgMemory;
  if (usage !== null) {
    const fail = usage.failcnt !== null ? `, and allocations failed against it ${usage.failcnt} time${usage.failcnt === 1 ? '' : 's'} (failcnt)` : '';
    // Usage above the limit is possible: a limit written below what the cgroup held, or charges the kernel must let through.
    const above = usage.usageKb > usage.limitKb * 1.01
      ? `; usage is above the limit, which happens when the limit is set lower than what the cgroup already held (the kernel reclaims what it can and OOM-kills, but memory it cannot reclaim, such as tmpfs without swap, stays charged) or when the kernel lets a charge through (__GFP_NOFAIL allocations, a dying task's last ones)`
      : '';
    reasons.push({ at: usage.at, why: `usage ${formatKb(usage.usageKb)} against a limit of ${formatKb(usage.limitKb)}${fail}${above}` });
  }
  if (taskPath !== null && oomPath !== null && isAncestorPath(oomPath, taskPath)) {
    const first = reasons[0]!;
    reasons[0] = { at: first.at, why: `the task's own cgroup ${taskPath} did not hit its limit; its parent ${oomPath} did — ${first.why}` };
    return { cause: 'parent_cgroup_limit', reasons };
  }
  // The task's path cut from the paste, but the memory.oom.group cgroup (which holds the victim) lies below the limited one.
  const group = raw.oomGroup;
  if (taskPath === null && oomPath !== null && group !== null && isAncestorPath(oomPath, group.path)) {
    reasons.push({ at: group.at, why: `the victim was in ${group.path} (the memory.oom.group cgroup, which holds it), below ${oomPath}: a parent of the task's cgroup hit its limit` });
    return { cause: 'parent_cgroup_limit', reasons };
  }
  if (taskPath === null || oomPath === null) {
    const first = reasons[0]!;
    reasons[0] = { at: first.at, why: `${first.why} (the log does not print both the task's cgroup and the limited one, so it is taken to be the task's own)` };
  }
  return { cause: 'cgroup_limit', reasons };
}

/**
 * Mem-Info, zones and swap with no OOM line at all (SysRq m, an allocation-failure warning): nothing
 * was killed, so there is no cause to name; the zones below `min` are what the dump shows.
 */
function memoryDumpOnly({ raw }: CauseInput): CauseVerdict | null {
  if (!isMemoryDumpOnly(raw)) return null;
  // The dump itself is quoted by the victim facts ("no process was killed in this text"); here only what it shows.
  const reasons: Reason[] = [];
  for (const z of raw.zones) {
    if (reasons.length >= 3) break;
    if (z.zone !== 'DMA' && z.minKb !== null && z.freeKb < z.minKb) reasons.push({ at: z.at, why: `${zoneName(z)} free ${formatKb(z.freeKb)} was below its min watermark ${formatKb(z.minKb)}` });
  }
  return { cause: 'unknown', reasons, unknownBecause: 'no_oom' };
}

/**
 * Only the header and call trace survived: a frame of the memory cgroup's charge path
 * (mem_cgroup_out_of_memory, try_charge, mem_cgroup_oom_synchronize) says the OOM was a memory
 * cgroup's, even with no cgroup line.
 */
function memcgFrames({ raw }: CauseInput): CauseVerdict | null {
  const p = raw.oomPath;
  if (p === null || p.path !== 'memcg' || raw.summary !== null) return null;
  if (raw.taskIn?.limitPath === 'host') return null;
  return {
    cause: 'cgroup_limit',
    reasons: [{ at: p.at, why: 'the call trace runs through the memory cgroup\'s charge path: a memory cgroup reached its limit (the lines that name the cgroup and its limit are not in the input)' }],
  };
}

function memoryPolicy({ raw, totals }: CauseInput): CauseVerdict | null {
  const s = raw.summary;
  const h = raw.header;
  if (s === null && h !== null && h.nodemask !== null && h.nodemask !== '(null)') return headerNodemaskPolicy(raw, h.nodemask, h.at, totals);
  if (s === null || s.constraint !== 'CONSTRAINT_MEMORY_POLICY') return null;
  return {
    cause: 'mempolicy_restricted',
    reasons: [{ at: s.at, why: `constraint=CONSTRAINT_MEMORY_POLICY: an mbind()/set_mempolicy() policy${s.nodemask && s.nodemask !== '(null)' ? ` (nodemask=${s.nodemask})` : ''} confined the allocation to some NUMA nodes` }],
  };
}

/**
 * 4.9–4.19 print the allocation's own node mask in the header (`nodemask=0`); it is not `(null)`
 * only when an mbind()/set_mempolicy() bind policy gave one (the page allocator drops a cpuset's
 * mask before the OOM). constrained_alloc() calls it CONSTRAINT_MEMORY_POLICY only when the mask
 * leaves out a node with memory, so the dump must show such a node.
 */
function headerNodemaskPolicy(raw: RawOomEvent, mask: string, at: LineRef, totals: MemoryTotals): CauseVerdict | null {
  const bound = parseNodeList(mask);
  const nodes = knownNodes(raw);
  if (bound === null || nodes.length === 0 || !nodes.some((n) => !bound.includes(n))) return null;
  const reasons: Reason[] = [{ at, why: `nodemask=${mask} in the header: an mbind()/set_mempolicy() policy confined the allocation to NUMA node${bound.length > 1 ? 's' : ''} ${formatNodeList(bound)} of ${formatNodeList(nodes)} (kernels 4.9–4.19 print the mask only for such a policy)` }];
  const boundZones = raw.zones.filter((z) => z.node !== null && bound.includes(z.node) && z.zone !== 'DMA');
  for (const z of boundZones.slice(0, 2)) {
    if (z.lowKb !== null && z.freeKb < z.lowKb) reasons.push({ at: z.at, why: `${zoneName(z)} (a bound node) had ${formatKb(z.freeKb)} free, below its low watermark ${formatKb(z.lowKb)}` });
  }
  if (totals.freeAt && totals.freeKb !== null) reasons.push({ at: totals.freeAt, why: `${formatKb(totals.freeKb)} was free machine-wide` });
  return { cause: 'mempolicy_restricted', reasons };
}

/**
 * The allowed nodes hold only a Movable zone and the allocation is not movable (GFP_KERNEL and the
 * like): ZONE_MOVABLE cannot serve it, however much is free there.
 */
function movableOnlyNodes({ raw }: CauseInput): CauseVerdict | null {
  const found = movableOnlyAllowedNodes(raw);
  if (found === null) return null;
  const reasons: Reason[] = [];
  const mems = raw.summary ?? raw.cpuset;
  if (mems !== null && mems.memsAllowed !== null) reasons.push({ at: mems.at, why: `mems_allowed=${mems.memsAllowed}: the task may use only NUMA node${found.nodes.length > 1 ? 's' : ''} ${formatNodeList(found.nodes)}` });
  for (const z of found.zones.slice(0, 2)) {
    reasons.push({ at: z.at, why: `${zoneName(z)} is that node's only zone: a Movable zone serves only movable (user, page-cache) pages, so this non-movable allocation (${found.flags}) could not use its ${formatKb(z.freeKb)} free` });
  }
  return { cause: 'numa_node_exhausted', reasons };
}

/**
 * A `__GFP_DMA` allocation (old drivers, SCSI bounce buffers) can use only ZONE_DMA, the first
 * 16 MB: that zone running dry while the others have room is a shortage of one small zone, which no
 * cause id names — never the machine running out.
 */
function dmaZoneOnly({ raw }: CauseInput): CauseVerdict | null {
  if (!dmaOnly(raw) || raw.header === null) return null;
  const others = raw.zones.filter((z) => z.zone !== 'DMA' && z.presentKb !== 0 && z.minKb !== null && z.freeKb > z.minKb);
  if (others.length === 0) return null;
  const reasons: Reason[] = [{ at: raw.header.at, why: `gfp_mask=${raw.header.gfpMask}${raw.header.gfpFlags !== null ? `(${raw.header.gfpFlags})` : ''} asks for ZONE_DMA (__GFP_DMA): only the first 16 MB of memory could serve it` }];
  const dma = raw.zones.find((z) => z.zone === 'DMA');
  if (dma !== undefined && dma.minKb !== null && dma.freeKb < dma.minKb) reasons.push({ at: dma.at, why: `${zoneName(dma)} free ${formatKb(dma.freeKb)} was below its min watermark ${formatKb(dma.minKb)}: that zone ran dry` });
  const roomiest = [...others].sort((a, b) => b.freeKb - a.freeKb)[0]!;
  reasons.push({ at: roomiest.at, why: `while ${zoneName(roomiest)} still had ${formatKb(roomiest.freeKb)} free, above its min watermark ${formatKb(roomiest.minKb ?? 0)}: the machine did not run out of memory` });
  return { cause: 'unknown', reasons, unknownBecause: 'zone_restricted' };
}

/**
 * Every zone the allocation could use was above its `high` watermark: the machine did not run out
 * of memory, whatever the kernel then did. A page fault that returned VM_FAULT_OOM
 * (pagefault_out_of_memory, gfp_mask=0x0) is the usual way to get here.
 */
function memoryLeftFree({ raw, totals }: CauseInput): CauseVerdict | null {
  const zones = usableZones(raw);
  if (zones.length === 0) return muchFreeWithoutZones(raw, totals);
  if (!zones.every((z) => z.highKb !== null && z.freeKb > z.highKb)) return null;
  if (raw.noKillable?.why === 'panic-system' || raw.taskIn?.limitPath === 'host') return null;
  const list = zones.slice(0, 3).map((z) => `${zoneName(z)} ${formatKb(z.freeKb)} free, high ${formatKb(z.highKb ?? 0)}`).join('; ');
  const reasons: Reason[] = [{ at: zones[0]!.at, why: `every zone the allocation could use was above its high watermark (${list}): the machine had free memory, so it did not run out` }];
  const pagefault = raw.oomPath?.path === 'pagefault' ? raw.oomPath.at : raw.header !== null && raw.header.gfpMask === '0x0' ? raw.header.at : null;
  if (pagefault !== null) {
    reasons.push({ at: pagefault, why: 'a page-fault OOM (pagefault_out_of_memory, gfp_mask=0x0): a page fault failed with "out of memory" for a reason of its own (a kernel-memory charge, a driver), and the kernel then killed the largest process machine-wide' });
  }
  return { cause: 'unknown', reasons, unknownBecause: 'memory_free' };
}

/**
 * No zone lines, but Mem-Info shows more than FREE_SHARE_NOT_EXHAUSTED of RAM free: far above any
 * watermark, so the machine as a whole
 * did not run out — the memory that was short is one the text does not show (a node, a zone).
 */
function muchFreeWithoutZones(raw: RawOomEvent, totals: MemoryTotals): CauseVerdict | null {
  if (raw.zones.length > 0 || totals.freeKb === null || totals.ramKb === null || totals.freeAt === null) return null;
  if (totals.freeKb <= totals.ramKb * FREE_SHARE_NOT_EXHAUSTED) return null;
  const share = Math.round((totals.freeKb / totals.ramKb) * 100);
  return {
    cause: 'unknown',
    reasons: [{ at: totals.freeAt, why: `${formatKb(totals.freeKb)} of ${formatKb(totals.ramKb)} RAM (${share}%) was free: the machine did not run out of memory, and the zone lines that would show what did are not in the input` }],
    unknownBecause: 'memory_free',
  };
}

/**
 * CONSTRAINT_CPUSET (5.0+), or — before the summary line existed — mems_allowed a strict subset of
 * the nodes the dump shows, an allowed node's zone below its `low` watermark, and more memory free
 * on the other nodes than that zone's `low` (seed 001: mems_allowed=1, Node 1 free 43636kB < low
 * 441424kB, Mem-Info free:4111496 pages).
 */
function numaNodeExhausted({ raw, totals }: CauseInput): CauseVerdict | null {
  const s = raw.summary;
  const allowed = allowedNodes(raw);
  const allowedZones = allowed === null ? [] : raw.zones.filter((z) => z.node !== null && allowed.nodes.includes(z.node));
  const starved = allowedZones.filter((z) => z.lowKb !== null && z.freeKb < z.lowKb);
  const starvedReasons = starved.slice(0, 3).map((z) => ({ at: z.at, why: `${zoneName(z)} (an allowed node) had ${formatKb(z.freeKb)} free, below its low watermark ${formatKb(z.lowKb ?? 0)}` }));
  if (s !== null && s.constraint === 'CONSTRAINT_CPUSET') {
    const mems = s.memsAllowed !== null ? ` (mems_allowed=${s.memsAllowed}${s.cpuset ? `, cpuset ${s.cpuset}` : ''})` : '';
    return { cause: 'numa_node_exhausted', reasons: [{ at: s.at, why: `constraint=CONSTRAINT_CPUSET: the task's cpuset confined it to some NUMA nodes${mems}, and those ran out` }, ...starvedReasons] };
  }
  if (s !== null || allowed === null || starved.length === 0) return null;
  const nodes = knownNodes(raw);
  const strictSubset = allowed.nodes.every((n) => nodes.includes(n)) && nodes.some((n) => !allowed.nodes.includes(n));
  if (!strictSubset || totals.freeKb === null) return null;
  const allowedFree = allowedZones.reduce((sum, z) => sum + z.freeKb, 0);
  const allowedLow = starved.reduce((sum, z) => sum + (z.lowKb ?? 0), 0);
  const othersFree = totals.freeKb - allowedFree;
  if (othersFree <= allowedLow) return null;
  const at = raw.cpuset?.at;
  const reasons: Reason[] = [];
  if (at) reasons.push({ at, why: `mems_allowed=${allowed.text}: the task may use only NUMA node${allowed.nodes.length > 1 ? 's' : ''} ${formatNodeList(allowed.nodes)} of ${formatNodeList(nodes)}` });
  reasons.push(...starvedReasons);
  if (totals.freeAt) reasons.push({ at: totals.freeAt, why: `yet ${formatKb(totals.freeKb)} was free machine-wide (${formatKb(othersFree)} outside the allowed nodes): the memory was on nodes the task could not use` });
  return { cause: 'numa_node_exhausted', reasons };
}

/**
 * Order ≥ 1 needs 2^order contiguous pages. When a usable zone was above its `low` watermark (so
 * reclaim had not run dry) but its buddy lists had no free block that large, the allocation failed
 * for lack of contiguity, not of memory (seed 001: order=3, free 23500kB > low 19864kB,
 * `0*32kB 0*64kB …`; OOMAnalyser's FAILED_NO_FREE_CHUNKS).
 */
function fragmentation({ raw, totals }: CauseInput): CauseVerdict | null {
  const h = raw.header;
  if (h === null || h.order === null || h.order < 1) return null;
  const needKb = 2 ** h.order * totals.pageSizeKb;
  const aboveLow = usableZones(raw).filter((z) => z.lowKb !== null && z.freeKb > z.lowKb);
  if (aboveLow.length === 0) return null;
  const reasons: Reason[] = [{ at: h.at, why: `order=${h.order}: the allocation needed ${2 ** h.order} physically contiguous pages (${formatKb(needKb)})` }];
  for (const z of aboveLow) {
    const buddy = buddyFor(raw, z);
    if (buddy === null || !buddyHasNoBlockOf(buddy, needKb)) return null;
    reasons.push({ at: z.at, why: `${zoneName(z)} still had ${formatKb(z.freeKb)} free, above its low watermark ${formatKb(z.lowKb ?? 0)}` });
    reasons.push({ at: buddy.at, why: `but its buddy lists had no free block of ${formatKb(needKb)} or larger: the free memory was fragmented into smaller pieces` });
  }
  return { cause: 'fragmentation', reasons: reasons.slice(0, 7) };
}

function systemExhausted({ raw }: CauseInput): CauseVerdict | null {
  const reasons: Reason[] = [];
  const s = raw.summary;
  if (s !== null && (s.constraint === 'CONSTRAINT_NONE' || s.globalOom)) {
    reasons.push({ at: s.at, why: `the kernel's summary says ${s.constraint === 'CONSTRAINT_NONE' ? 'constraint=CONSTRAINT_NONE' : s.constraint}${s.globalOom ? ', global_oom' : ''}: the whole machine was out of memory, not one cgroup` });
  }
  if (raw.noKillable?.why === 'panic-system') {
    // check_panic_on_oom(): with vm.panic_on_oom=1 the kernel panics only when constraint is CONSTRAINT_NONE.
    reasons.push({ at: raw.noKillable.at, why: '"system-wide panic_on_oom": vm.panic_on_oom=1 panics only on an OOM of the whole machine (CONSTRAINT_NONE)' });
  }
  if (raw.taskIn !== null && raw.taskIn.limitPath === 'host') {
    reasons.push({ at: raw.taskIn.at, why: '"limit of host": the limit that was hit is the machine\'s own memory, not a cgroup\'s' });
  }
  for (const z of usableZones(raw)) {
    if (reasons.length >= 6) break;
    if (z.minKb !== null && z.freeKb < z.minKb) {
      reasons.push({ at: z.at, why: `${zoneName(z)} free ${formatKb(z.freeKb)} was below its min watermark ${formatKb(z.minKb)}: reclaim could not keep up` });
    } else if (z.lowKb !== null && z.freeKb < z.lowKb) {
      reasons.push({ at: z.at, why: `${zoneName(z)} free ${formatKb(z.freeKb)} was below its low watermark ${formatKb(z.lowKb)}` });
    }
  }
  const globalDump = raw.meminfoAt ?? raw.totalSwapKb?.at ?? raw.freeSwapKb?.at ?? raw.pagesRam?.at ?? null;
  if (reasons.length === 0 && globalDump !== null) {
    // A memcg OOM always prints its cgroup block (2.6.30+; since ~3.x instead of show_mem), so the
    // machine-wide dump without any cgroup line means the whole machine was short.
    reasons.push({ at: globalDump, why: 'the machine-wide memory dump (show_mem) is printed and no memory-cgroup line is: a system-wide OOM' });
  }
  if (reasons.length === 0) {
    const kill = raw.killed?.message != null ? raw.killed : raw.killSelect?.message != null ? raw.killSelect : null;
    // 2.6 printed `Out of Memory:` (capital M) for the same global OOM.
    if (kill !== null && kill.message !== null && kill.message.toLowerCase().startsWith('out of memory')) {
      reasons.push({ at: kill.at, why: `only the kill message shows it: "${kill.message}" (not "Memory cgroup out of memory") means a system-wide OOM; the dump with the watermarks is not in the input` });
    }
  }
  return reasons.length > 0 ? { cause: 'system_memory_exhausted', reasons } : null;
}

function unknownCause(raw: RawOomEvent): CauseVerdict {
  const missing: string[] = [];
  if (raw.header === null) missing.push('the "invoked oom-killer" header');
  if (raw.summary === null && raw.taskIn === null) missing.push('the oom-kill:constraint= summary (5.0+) or the cgroup "Task in … limit of …" line');
  if (raw.zones.length === 0) missing.push('the zone watermarks (free/min/low)');
  if (raw.killed !== null && raw.killed.message === null && raw.killSelect === null) missing.push('an "Out of memory" kill message (this kernel prints the kill line without one)');
  const at = raw.killed?.at ?? raw.killSelect?.at ?? raw.header?.at ?? raw.reaper?.at ?? raw.noKillable?.at ?? raw.victimExiting?.at ?? null;
  const why = `the log does not show why the kernel ran out of memory: missing ${missing.length > 0 ? missing.join(', ') : 'every line that tells a cgroup OOM from a system-wide one'}`;
  const reasons: Reason[] = at !== null ? [{ at, why }] : [];
  const path = raw.oomPath;
  if (path !== null && path.path !== 'memcg') reasons.push({ at: path.at, why: OOM_PATH_WORDS[path.path] });
  return { cause: 'unknown', reasons, unknownBecause: 'lines_missing' };
}

/** What a call-trace frame says when nothing else does (a memcg frame decides the cause by itself). */
const OOM_PATH_WORDS = {
  pagefault: 'the call trace shows a page-fault OOM (pagefault_out_of_memory): a page fault failed with "out of memory" and the kernel ran a machine-wide OOM kill; whether memory was really short needs the zone lines, which are not in the input',
  page_allocator: 'the call trace shows the page allocator invoked the OOM killer (not a memory cgroup): a machine-wide, cpuset or memory-policy OOM, which the lines in the input do not tell apart',
} as const;

