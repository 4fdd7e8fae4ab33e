/**
 * Machine-wide sizes read from the global dump (absent for memcg OOMs, whose dump replaces Mem-Info
 * with the cgroup block): RAM, swap and free memory, all in kB, each null when the log lacks it.
 */
import type { LineRef, RawOomEvent } from '../parse/raw-event.js';
import { formatKb } from '../../units.js';

export interface MemoryTotals {
  pageSizeKb: number;
  /** `N pages RAM` × page size. */
  ramKb: number | null;
  ramAt: LineRef | null;
  totalSwapKb: number | null;
  freeSwapKb: number | null;
  /** Mem-Info `free:` (pages) × page size; else the sum of the zone `free:` values. */
  freeKb: number | null;
  freeAt: LineRef | null;
}

export function readMemoryTotals(raw: RawOomEvent): MemoryTotals {
  const pageSizeKb = raw.pageSizeKb > 0 ? raw.pageSizeKb : 4;
  const ramKb = raw.pagesRam !== null ? raw.pagesRam.pages * pageSizeKb : null;
  const memFree = raw.meminfo['free'];
  let freeKb: number | null = null;
  let freeAt: LineRef | null = null;
  if (memFree !== undefined) {
    freeKb = memFree * pageSizeKb;
    freeAt = raw.meminfoAt;
  } else if (raw.zones.length > 0) {
    freeKb = raw.zones.reduce((sum, z) => sum + z.freeKb, 0);
    freeAt = raw.zones[0]!.at;
  }
  return {
    pageSizeKb,
    ramKb,
    ramAt: raw.pagesRam?.at ?? null,
    totalSwapKb: raw.totalSwapKb?.kb ?? null,
    freeSwapKb: raw.freeSwapKb?.kb ?? null,
    freeKb,
    freeAt,
  };
}

/** A Mem-Info counter (pages) in kB, or null when not printed. */
export function meminfoKb(raw: RawOomEvent, key: string): number | null {
  const pages = raw.meminfo[key];
  return pages === undefined ? null : pages * (raw.pageSizeKb > 0 ? raw.pageSizeKb : 4);
}

/**
 * What "a share of RAM" is measured against, and how sure that total is. `pages RAM` is exact. Without
 * it (the paste was cut, or a console log level dropped show_mem's tail):
 * - the zones' `present:` sizes add up to the same number (show_mem prints `pages RAM` as their sum;
 *   `managed:` where present is not printed, a little less), trusted only when the zones printed
 *   hold the free pages Mem-Info counts (within 10%), so that no zone is missing from the paste;
 * - else the Mem-Info counters — LRU lists, unevictable, isolated, both slabs, page tables, free —
 *   plus a printed HugeTLB pool: the memory the dump accounts for, a lower bound of RAM (kernel
 *   stacks, vmalloc and driver pages are not in it), so a share of it is an upper bound of the share
 *   of RAM. A rule on this basis needs a larger share (`minShare`) before it says anything.
 * Null when neither is printed: no share of RAM is claimed.
 */
export interface RamBasis {
  kb: number;
  /** "of RAM", "of the 8 GiB of RAM the zones hold", "of the 1.19 GiB the Mem-Info counters account for". */
  of: string;
  /** True when `kb` is RAM as the kernel counts it; false for the Mem-Info lower bound. */
  exact: boolean;
}

/** The Mem-Info counters that, with free, cover the pages in use (shmem and mapped are inside the LRU counts). */
const ACCOUNTED_KEYS = ['active_anon', 'inactive_anon', 'isolated_anon', 'active_file', 'inactive_file', 'isolated_file', 'unevictable', 'slab_reclaimable', 'slab_unreclaimable', 'pagetables', 'free'];

/** Zones' free pages within this share of Mem-Info's free: the paste holds every zone. */
const ZONES_HOLD_FREE = 0.9;

export function ramBasis(raw: RawOomEvent, totals: MemoryTotals): RamBasis | null {
  if (totals.ramKb !== null && totals.ramKb > 0) return { kb: totals.ramKb, of: 'of RAM', exact: true };
  const memFreeKb = meminfoKb(raw, 'free');
  const zonesFreeKb = raw.zones.reduce((sum, z) => sum + z.freeKb, 0);
  const sized = raw.zones.length > 0 && raw.zones.every((z) => (z.presentKb ?? z.managedKb) !== null);
  if (sized && (memFreeKb === null || zonesFreeKb >= memFreeKb * ZONES_HOLD_FREE)) {
    const kb = raw.zones.reduce((sum, z) => sum + (z.presentKb ?? z.managedKb)!, 0);
    if (kb > 0) return { kb, of: `of the ${formatKb(kb)} of RAM the zones hold`, exact: true };
  }
  if (memFreeKb === null || ACCOUNTED_KEYS.filter((k) => raw.meminfo[k] !== undefined).length < 6) return null;
  const hugeKb = raw.hugepages.reduce((sum, h) => sum + h.total * h.sizeKb, 0);
  const kb = ACCOUNTED_KEYS.reduce((sum, k) => sum + (meminfoKb(raw, k) ?? 0), 0) + hugeKb;
  return kb > 0 ? { kb, of: `of the ${formatKb(kb)} the Mem-Info counters account for`, exact: false } : null;
}
