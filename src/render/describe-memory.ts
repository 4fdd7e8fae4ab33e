/**
 * The memory picture of one event in words and table rows, shared by the text and markdown
 * renderers (the web page draws the same fields from the JSON report): the Mem-Info breakdown,
 * swap, the zones with their watermarks and buddy counts, the cgroup's memory.stat, the task table.
 */
import { formatKb } from '../analysis/units.js';
import type { MemInfo, OomEvent, TaskRow, ZoneInfo } from '../analysis/report/report-schema.js';

const add = (...xs: (number | null)[]): number | null => (xs.every((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0));

/** [label, value] pairs of the Mem-Info block, only what was printed. */
export function memInfoRows(m: MemInfo): [string, string][] {
  const rows: [string, number | null, string?][] = [
    ['RAM', m.ramKb],
    ['free', m.freeKb],
    ['anon (active + inactive)', add(m.activeAnonKb, m.inactiveAnonKb), `active ${formatKb(m.activeAnonKb)}, inactive ${formatKb(m.inactiveAnonKb)}`],
    ['file cache (active + inactive)', add(m.activeFileKb, m.inactiveFileKb), `active ${formatKb(m.activeFileKb)}, inactive ${formatKb(m.inactiveFileKb)}`],
    ['shmem / tmpfs', m.shmemKb],
    ['slab reclaimable', m.slabReclaimableKb],
    ['slab unreclaimable', m.slabUnreclaimableKb],
    ['page tables', m.pageTablesKb],
    ['hugepages reserved', m.hugepagesTotalKb, m.hugepagesFreeKb === null ? undefined : `${formatKb(m.hugepagesFreeKb)} free`],
  ];
  const out: [string, string][] = rows.filter(([, v]) => v !== null).map(([label, v, more]) => [label, more ? `${formatKb(v)} (${more})` : formatKb(v)]);
  const swap = swapLine(m);
  if (swap !== null) out.push(['swap', swap]);
  return out;
}

/** "2.00 GiB used of 2.00 GiB (0 kB free)", "none configured", or null when not printed. */
export function swapLine(m: MemInfo): string | null {
  if (m.swapTotalKb === null) return null;
  if (m.swapTotalKb === 0) return 'none configured';
  const used = m.swapFreeKb === null ? null : m.swapTotalKb - m.swapFreeKb;
  return `${formatKb(used)} used of ${formatKb(m.swapTotalKb)} (${formatKb(m.swapFreeKb)} free)`;
}

/** One line a terminal can hold: "RAM 31.97 GiB · free 120 MiB · anon 28 GiB · …". */
export function memInfoSummary(m: MemInfo): string {
  const bits: string[] = [];
  const put = (label: string, v: number | null): void => {
    if (v !== null) bits.push(`${label} ${formatKb(v)}`);
  };
  put('RAM', m.ramKb);
  put('free', m.freeKb);
  put('anon', add(m.activeAnonKb, m.inactiveAnonKb));
  put('file', add(m.activeFileKb, m.inactiveFileKb));
  put('shmem', m.shmemKb);
  put('slab', add(m.slabReclaimableKb, m.slabUnreclaimableKb));
  if (m.slabUnreclaimableKb !== null) bits[bits.length - 1] += ` (unreclaimable ${formatKb(m.slabUnreclaimableKb)})`;
  const swap = swapLine(m);
  if (swap !== null) bits.push(`swap ${swap}`);
  return bits.join(' · ');
}

export function zoneName(z: ZoneInfo): string {
  return z.node === null ? z.zone : `Node ${z.node} ${z.zone}`;
}

/** "below min", "below low", "above low", or "" when the watermarks were not printed. */
export function zoneState(z: ZoneInfo): string {
  if (z.minKb !== null && z.freeKb < z.minKb) return 'below min';
  if (z.lowKb !== null && z.freeKb < z.lowKb) return 'below low';
  return z.lowKb === null ? '' : 'above low';
}

/** Buddy counts per order as "0:12 1:3 2:0 …" (order:free blocks). */
export function buddyLine(z: ZoneInfo): string {
  return z.buddy.map((n, order) => `${order}:${n}`).join(' ');
}

/** Rows for a zones table: zone, free, min, low, high, state, buddy per order. */
export function zoneRows(zones: readonly ZoneInfo[]): string[][] {
  return zones.map((z) => [zoneName(z), formatKb(z.freeKb), formatKb(z.minKb), formatKb(z.lowKb), formatKb(z.highKb), zoneState(z), buddyLine(z)]);
}

export const TASK_COLUMNS = ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'pgtables', 'swapents', 'oom_score_adj', 'name'] as const;

/** One task row as strings in TASK_COLUMNS order (empty where the kernel did not print the column). */
export function taskCells(t: TaskRow): string[] {
  const kb = (v: number | null): string => (v === null ? '' : formatKb(v));
  const n = (v: number | null): string => (v === null ? '' : String(v));
  return [String(t.pid), n(t.uid), n(t.tgid), kb(t.totalVmKb), formatKb(t.rssKb), kb(t.rssAnonKb), kb(t.rssFileKb), kb(t.rssShmemKb), kb(t.pgtablesKb), n(t.swapEntries), n(t.oomScoreAdj), t.comm];
}

/** Does the event carry any of the memory picture beyond the top tasks? */
export function hasMemoryPicture(e: OomEvent): boolean {
  return e.memInfo !== null || e.zones.length > 0 || e.tasks.length > 0 || (e.memcg?.stat !== null && e.memcg?.stat !== undefined);
}
