/**
 * Machine-wide sizes read from the global dump (absent for memcg OOMs, whose dump replaces Mem-Info
 * with the cgroup block): RAM, swap and free memory, all in kB, each null when the log lacks it.
 */
import type { LineRef, RawOomEvent } from '../parse/raw-event.js';

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
