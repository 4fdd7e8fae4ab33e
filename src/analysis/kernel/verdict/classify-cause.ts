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
import { allowedNodes, buddyFor, buddyHasNoBlockOf, knownNodes, usableZones, zoneName } from './zone-facts.js';
import { formatKb } from '../../units.js';
import { formatNodeList } from './node-list.js';

export interface Reason {
  at: LineRef;
  why: string;
}

export interface CauseVerdict {
  cause: CauseId;
  reasons: Reason[];
}

interface CauseInput {
  raw: RawOomEvent;
  memcg: MemcgFacts;
  totals: MemoryTotals;
}

type Rule = (input: CauseInput) => CauseVerdict | null;

const RULES: Rule[] = [manualTrigger, memcgLimit, memoryPolicy, numaNodeExhausted, fragmentation, systemExhausted];

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

function memoryPolicy({ raw }: CauseInput): CauseVerdict | null {
  const s = raw.summary;
  if (s === null || s.constraint !== 'CONSTRAINT_MEMORY_POLICY') return null;
  return {
    cause: 'mempolicy_restricted',
    reasons: [{ at: s.at, why: `constraint=CONSTRAINT_MEMORY_POLICY: an mbind()/set_mempolicy() policy${s.nodemask && s.nodemask !== '(null)' ? ` (nodemask=${s.nodemask})` : ''} confined the allocation to some NUMA nodes` }],
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
    if (kill !== null && kill.message !== null && kill.message.startsWith('Out of memory')) {
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
  return { cause: 'unknown', reasons: at !== null ? [{ at, why }] : [] };
}
