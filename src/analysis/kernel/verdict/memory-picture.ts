/**
 * The memory picture of one dump as the Report carries it: the Mem-Info breakdown, the zones with
 * their watermarks and buddy lists, and the task dump — converted to kB, nothing judged.
 */
import type { MemInfo, OomEvent, TaskRow, ZoneInfo } from '../../report/report-schema.js';
import type { RawOomEvent } from '../parse/raw-event.js';
import type { MemoryTotals } from './memory-totals.js';
import { meminfoKb } from './memory-totals.js';

type MemoryPicture = Pick<OomEvent, 'memInfo' | 'zones' | 'tasks' | 'tasksOmitted'>;

export function readMemoryPicture(raw: RawOomEvent, totals: MemoryTotals): MemoryPicture {
  const page = totals.pageSizeKb;
  const pages = (n: number | null): number | null => (n === null ? null : n * page);
  const tasks: TaskRow[] = (raw.taskTable?.tasks ?? []).map((t) => ({
    pid: t.pid,
    uid: t.uid,
    tgid: t.tgid,
    totalVmKb: pages(t.totalVmPages),
    rssKb: t.rssPages * page,
    rssAnonKb: pages(t.rssAnonPages),
    rssFileKb: pages(t.rssFilePages),
    rssShmemKb: pages(t.rssShmemPages),
    pgtablesKb: t.pgtablesKb,
    swapEntries: t.swapents,
    oomScoreAdj: t.oomScoreAdj,
    comm: t.name,
  }));
  return {
    memInfo: readMemInfo(raw, totals),
    zones: readZones(raw),
    tasks,
    tasksOmitted: Math.max(0, (raw.taskTable?.rowCount ?? 0) - tasks.length),
  };
}

function readMemInfo(raw: RawOomEvent, totals: MemoryTotals): MemInfo | null {
  const huge = raw.hugepages.length > 0
    ? raw.hugepages.reduce((acc, h) => ({ total: acc.total + h.total * h.sizeKb, free: acc.free + h.free * h.sizeKb }), { total: 0, free: 0 })
    : null;
  const info: MemInfo = {
    freeKb: meminfoKb(raw, 'free'),
    activeAnonKb: meminfoKb(raw, 'active_anon'),
    inactiveAnonKb: meminfoKb(raw, 'inactive_anon'),
    activeFileKb: meminfoKb(raw, 'active_file'),
    inactiveFileKb: meminfoKb(raw, 'inactive_file'),
    shmemKb: meminfoKb(raw, 'shmem'),
    slabReclaimableKb: meminfoKb(raw, 'slab_reclaimable'),
    slabUnreclaimableKb: meminfoKb(raw, 'slab_unreclaimable'),
    pageTablesKb: meminfoKb(raw, 'pagetables'),
    hugepagesTotalKb: huge?.total ?? null,
    hugepagesFreeKb: huge?.free ?? null,
    swapTotalKb: totals.totalSwapKb,
    swapFreeKb: totals.freeSwapKb,
    ramKb: totals.ramKb,
  };
  return Object.values(info).some((v) => v !== null) ? info : null;
}

/** Each zone line with the buddy counts of the same node and zone (the first buddy line wins). */
function readZones(raw: RawOomEvent): ZoneInfo[] {
  return raw.zones.map((z) => {
    const buddy = raw.buddy.find((b) => b.node === z.node && b.zone === z.zone);
    return {
      node: z.node,
      zone: z.zone,
      freeKb: z.freeKb,
      minKb: z.minKb,
      lowKb: z.lowKb,
      highKb: z.highKb,
      buddy: buddy?.blocks.map((b) => b.count) ?? [],
    };
  });
}
