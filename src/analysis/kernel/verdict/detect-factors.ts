/**
 * Contributing conditions (DESIGN §2 FactorId), each decided only from lines in the dump: a factor
 * whose data is absent is never set. Thresholds are named below with the reason for each.
 */
import type { FactorId, Victim } from '../../report/report-schema.js';
import type { RawOomEvent, RawUsage } from '../parse/raw-event.js';
import type { Reason } from './classify-cause.js';
import type { MemcgFacts } from './memcg-facts.js';
import type { MemoryTotals } from './memory-totals.js';
import { meminfoKb, ramBasis } from './memory-totals.js';
import { OOM_SCORE_ADJ_MIN } from './rank-oom-candidates.js';
import { RSS_ABOVE_LIMIT_WHY, victimRssKb } from './victim-facts.js';
import { formatKb, isUnlimitedKb } from '../../units.js';

/** Free swap at or below 1% of the total is exhausted in practice (a few stray slots, e.g. 84kB of 24 GiB). */
export const SWAP_LEFT_SHARE = 0.01;
/** Seed 001: unreclaimable slab above 10% of RAM points to a slab leak. */
export const SLAB_UNRECLAIMABLE_SHARE = 0.1;
/** tmpfs/SysV shared memory is not freed by killing a process; a fifth of the memory is a prime suspect. */
export const SHMEM_SHARE = 0.2;
/** Page tables are normally 1–2% of RAM; 5% means many large mappings without huge pages. */
export const PAGE_TABLES_SHARE = 0.05;
/** A HugeTLB pool is taken out of the page allocator; a quarter of RAM leaves ordinary memory short. */
export const HUGEPAGES_SHARE = 0.25;
/**
 * "One task held most of the memory" (single_dominant_consumer) must mean what it says, so with a
 * task dump the largest task must hold more than half of the dump's RSS *and* at least twice the
 * runner-up's (two near-equal tasks at 52% / 48% are not one dominating); without a task dump the
 * victim alone must hold more than half of the cgroup limit (or of RAM), which is literally "most".
 */
export const DOMINANT_SHARE = 0.5;
export const DOMINANT_OVER_RUNNER_UP = 2;
/** oom_score_adj at or below this strongly shields a task (−1000 exempts it). */
export const PROTECTED_ADJ = -500;
/** A cgroup counter within 1% of its limit is "at its limit" (usage is sampled after reclaim). */
const AT_LIMIT = 0.99;

export interface FactorInput {
  raw: RawOomEvent;
  memcg: MemcgFacts;
  totals: MemoryTotals;
  victim: Victim | null;
}

type Detector = (input: FactorInput) => Reason[] | null;

const DETECTORS: [FactorId, Detector][] = [
  ['swap_exhausted', swapExhausted],
  ['no_swap', noSwap],
  ['slab_unreclaimable_high', slabHigh],
  ['shmem_high', shmemHigh],
  ['page_tables_high', pageTablesHigh],
  ['hugepages_reserved', hugepagesReserved],
  ['kmem_limit', (i) => atLimit(i.raw.memcgKmem, 'kmem (kernel memory charged to the cgroup)') ?? cgroupSlabFailure(i)],
  ['memsw_limit', (i) => atLimit(i.raw.memcgMemsw, 'memory+swap')],
  ['single_dominant_consumer', dominantConsumer],
  ['victim_protected_others', protectedOthers],
  ['high_order_request', highOrder],
  ['header_rate_limited', headerRateLimited],
];

export interface FactorFinding {
  factor: FactorId;
  reasons: Reason[];
}

export function detectFactors(input: FactorInput): { factors: FactorId[]; reasons: Reason[]; findings: FactorFinding[] } {
  const factors: FactorId[] = [];
  const reasons: Reason[] = [];
  const findings: FactorFinding[] = [];
  for (const [id, detect] of DETECTORS) {
    const found = detect(input);
    if (found === null) continue;
    factors.push(id);
    reasons.push(...found);
    findings.push({ factor: id, reasons: found });
  }
  return { factors, reasons, findings };
}

function swapExhausted({ raw }: FactorInput): Reason[] | null {
  const free = raw.freeSwapKb;
  const total = raw.totalSwapKb;
  if (free !== null && total !== null && total.kb > 0 && free.kb <= total.kb * SWAP_LEFT_SHARE) {
    const left = free.kb === 0 ? 'nothing' : `only ${formatKb(free.kb)}`;
    return [{ at: free.at, why: `${free.kb === 0 ? 'all' : 'practically all'} ${formatKb(total.kb)} of swap was used: ${left} left to swap out to` }];
  }
  const swap = raw.memcgSwap;
  if (swap !== null && !isUnlimitedKb(swap.limitKb) && swap.limitKb > 0 && swap.usageKb >= swap.limitKb * AT_LIMIT) {
    return [{ at: swap.at, why: `the cgroup's swap was full: ${formatKb(swap.usageKb)} of its ${formatKb(swap.limitKb)} swap limit` }];
  }
  return null;
}

function noSwap({ raw }: FactorInput): Reason[] | null {
  const total = raw.totalSwapKb;
  if (total === null || total.kb !== 0) return null;
  return [{ at: total.at, why: 'no swap configured: anonymous memory could not be paged out to buy time' }];
}

function shareOfRam(kb: number | null, totals: MemoryTotals, share: number): boolean {
  return kb !== null && totals.ramKb !== null && totals.ramKb > 0 && kb > totals.ramKb * share;
}

function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}

/**
 * Without `pages RAM` the share is taken of what the dump does print (memory-totals.ts ramBasis);
 * against the Mem-Info lower bound the slab must be more than a quarter of it, so that it would stay
 * above 10% of RAM unless untracked memory were 1.5 times everything the counters show.
 */
export const SLAB_SHARE_OF_ACCOUNTED = 0.25;

function slabHigh({ raw, totals }: FactorInput): Reason[] | null {
  const kb = meminfoKb(raw, 'slab_unreclaimable');
  const basis = ramBasis(raw, totals);
  if (kb !== null && basis !== null && raw.meminfoAt !== null && kb > basis.kb * (basis.exact ? SLAB_UNRECLAIMABLE_SHARE : SLAB_SHARE_OF_ACCOUNTED)) {
    return [{ at: raw.meminfoAt, why: `unreclaimable slab was ${formatKb(kb)}, ${pct(kb, basis.kb)} ${basis.of} (${basis.exact ? 'above 10%' : 'RAM is not printed; more than a quarter of the counted memory'}: a kernel slab leak is likely)` }];
  }
  return memcgStatShare(raw, 'slab_unreclaimable', SLAB_UNRECLAIMABLE_SHARE, 'unreclaimable slab');
}

function shmemHigh({ raw, totals }: FactorInput): Reason[] | null {
  const kb = meminfoKb(raw, 'shmem');
  if (shareOfRam(kb, totals, SHMEM_SHARE) && raw.meminfoAt !== null) {
    return [{ at: raw.meminfoAt, why: `shmem/tmpfs held ${formatKb(kb!)}, ${pct(kb!, totals.ramKb!)} of RAM; killing processes does not free it` }];
  }
  return memcgStatShare(raw, 'shmem', SHMEM_SHARE, 'shmem/tmpfs');
}

/** A memory.stat key as a share of the cgroup's usage (v1 KB values, v2 bytes). */
function memcgStatShare(raw: RawOomEvent, key: string, share: number, label: string): Reason[] | null {
  const usage = raw.memcgMemory;
  if (usage === null || usage.usageKb <= 0) return null;
  for (const st of raw.memcgStats) {
    const v = st.values[key];
    if (v === undefined) continue;
    const kb = st.unit === 'bytes' ? v / 1024 : v;
    if (kb > usage.usageKb * share) {
      return [{ at: st.at, why: `${label} in ${st.path} was ${formatKb(kb)}, ${pct(kb, usage.usageKb)} of the cgroup's ${formatKb(usage.usageKb)} usage` }];
    }
  }
  return null;
}

function pageTablesHigh({ raw, totals }: FactorInput): Reason[] | null {
  const kb = meminfoKb(raw, 'pagetables');
  if (!shareOfRam(kb, totals, PAGE_TABLES_SHARE) || raw.meminfoAt === null) return null;
  return [{ at: raw.meminfoAt, why: `page tables took ${formatKb(kb!)}, ${pct(kb!, totals.ramKb!)} of RAM (normally 1–2%): many processes map large areas without huge pages` }];
}

function hugepagesReserved({ raw, totals }: FactorInput): Reason[] | null {
  if (raw.hugepages.length === 0 || totals.ramKb === null || totals.ramKb <= 0) return null;
  const poolKb = raw.hugepages.reduce((sum, h) => sum + h.total * h.sizeKb, 0);
  if (poolKb <= totals.ramKb * HUGEPAGES_SHARE) return null;
  const freeKb = raw.hugepages.reduce((sum, h) => sum + h.free * h.sizeKb, 0);
  const first = raw.hugepages.find((h) => h.total > 0) ?? raw.hugepages[0]!;
  return [{ at: first.at, why: `the HugeTLB pool reserves ${formatKb(poolKb)}, ${pct(poolKb, totals.ramKb)} of RAM (${formatKb(freeKb)} of it unused), memory ordinary allocations cannot use` }];
}

function atLimit(u: RawUsage | null, label: string): Reason[] | null {
  if (u === null || isUnlimitedKb(u.limitKb) || u.limitKb <= 0 || u.usageKb < u.limitKb * AT_LIMIT) return null;
  return [{ at: u.at, why: `${label} was at its limit: ${formatKb(u.usageKb)} of ${formatKb(u.limitKb)}${u.failcnt !== null ? `, failcnt ${u.failcnt}` : ''}` }];
}

/**
 * `SLUB: Unable to allocate memory` in a per-cgroup copy of a cache (`ext4_inode_cache(2:test)`,
 * cgroup v1 kmem accounting): the cgroup's kernel-memory limit refused the slab page. Each failure
 * is charged to the cgroup named in the cache, whatever process the OOM killer then picked.
 */
function cgroupSlabFailure({ raw }: FactorInput): Reason[] | null {
  const failure = raw.slabFailures.find((f) => f.cgroup !== null);
  if (failure === undefined) return null;
  return [{ at: failure.at, why: `the slab allocator could not get memory for ${failure.cache}, the copy of that cache charged to memory cgroup "${failure.cgroup}": that cgroup's kernel-memory limit (memory.kmem.limit_in_bytes, cgroup v1) was reached` }];
}

function dominantConsumer({ raw, memcg, totals, victim }: FactorInput): Reason[] | null {
  const table = raw.taskTable;
  if (table !== null && table.rowCount >= 2 && table.totalRssPages > 0) {
    const [top, runnerUp] = [...table.tasks].sort((a, b) => b.rssPages - a.rssPages);
    if (top !== undefined && top.rssPages > table.totalRssPages * DOMINANT_SHARE && top.rssPages >= (runnerUp?.rssPages ?? 0) * DOMINANT_OVER_RUNNER_UP) {
      return [{ at: top.at, why: `${top.name} (pid ${top.pid}) held ${pct(top.rssPages, table.totalRssPages)} of the RSS in the task dump (${formatKb(top.rssPages * totals.pageSizeKb)} of ${formatKb(table.totalRssPages * totals.pageSizeKb)})` }];
    }
    return null;
  }
  // No task dump: compare the victim with the memory it competed for.
  const rss = victim !== null ? victimRssKb(victim) : null;
  const limit = memcg.isMemcgOom ? memcg.memcg?.limitKb ?? null : null;
  const budget = limit !== null && !isUnlimitedKb(limit) ? { kb: limit, what: 'the cgroup limit' } : totals.ramKb !== null ? { kb: totals.ramKb, what: 'RAM' } : null;
  if (victim === null || rss === null || budget === null || raw.killed === null) return null;
  if (rss > budget.kb && limit !== null) {
    // More than the limit itself: the file pages in rss are not all charged here. Judge by what surely is (anon + shmem).
    const charged = victim.anonRssKb === null ? null : victim.anonRssKb + (victim.shmemRssKb ?? 0);
    if (charged === null || charged <= budget.kb * DOMINANT_SHARE || charged > budget.kb) return null;
    return [{ at: raw.killed.at, why: `${victim.comm} alone held ${formatKb(charged)}, ${pct(charged, budget.kb)} of ${budget.what}, in anonymous and shared memory (its rss of ${formatKb(rss)} is more than the limit: ${RSS_ABOVE_LIMIT_WHY})` }];
  }
  if (rss <= budget.kb * DOMINANT_SHARE) return null;
  return [{ at: raw.killed.at, why: `${victim.comm} alone held ${formatKb(rss)}, ${pct(rss, budget.kb)} of ${budget.what}` }];
}

function protectedOthers({ raw, totals, victim }: FactorInput): Reason[] | null {
  const table = raw.taskTable;
  if (table === null || victim === null) return null;
  const row = table.tasks.find((t) => t.pid === victim.pid);
  const victimPages = row !== undefined ? row.rssPages : (victimRssKb(victim) ?? NaN) / totals.pageSizeKb;
  if (Number.isNaN(victimPages)) return null;
  const shielded = table.tasks
    .filter((t) => t.pid !== victim.pid && t.oomScoreAdj !== null && t.oomScoreAdj <= PROTECTED_ADJ && t.rssPages > victimPages)
    .sort((a, b) => b.rssPages - a.rssPages);
  if (shielded.length === 0) return null;
  return shielded.slice(0, 2).map((t) => ({
    at: t.at,
    why: `${t.name} (pid ${t.pid}) held more memory than the victim (rss ${formatKb(t.rssPages * totals.pageSizeKb)}) but oom_score_adj=${t.oomScoreAdj} ${t.oomScoreAdj === OOM_SCORE_ADJ_MIN ? 'exempts it from the OOM killer' : 'shields it'}`,
  }));
}

/** Order ≥ 1 needs physically contiguous pages, which fragmentation can deny even with memory free. */
function highOrder({ raw }: FactorInput): Reason[] | null {
  const h = raw.header;
  if (h === null || h.order === null || h.order < 1) return null;
  return [{ at: h.at, why: `order=${h.order}: a request for ${2 ** h.order} contiguous pages` }];
}

function headerRateLimited({ raw }: FactorInput): Reason[] | null {
  if (!raw.headerMissing) return null;
  const at = raw.killed?.at ?? raw.killSelect?.at;
  return at ? [{ at, why: 'a kill with no "invoked oom-killer" dump before it: the dump is not in the paste (the kernel rate-limits dumps, and a grep or a console log level that shows only errors drops them too)' }] : null;
}
