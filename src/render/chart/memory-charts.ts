/** Charts of one kernel OOM event's memory picture: the Mem-Info breakdown, the zones, the tasks against the limit. */
import { formatKb, formatShare, isUnlimitedKb } from '../../analysis/units.js';
import { shortPath } from '../describe-headline.js';
import type { OomEvent } from '../../analysis/report/report-schema.js';
import { COLOR } from './chart-colors.js';
import type { BarChart, BarRow } from './svg-bars.js';
import { eventCgroups } from '../describe-event.js';

/** Task rows in the tasks chart: the picture stays one screen tall. */
const MAX_TASK_ROWS = 6;

const sum = (xs: (number | null)[]): number | null => (xs.every((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0));

/** RAM split into what the Mem-Info block says used it, swap used/free, and the victim's share. */
export function memoryBreakdownChart(e: OomEvent): BarChart | null {
  const m = e.memInfo;
  if (m === null) return null;
  const anonAll = sum([m.activeAnonKb, m.inactiveAnonKb]);
  // shmem pages sit on the anon LRU: shown apart, not twice.
  const anon = anonAll === null ? null : Math.max(0, anonAll - (m.shmemKb ?? 0));
  const parts: [string, string, number | null][] = [
    ['anon', COLOR.anon, anon],
    ['shmem / tmpfs', COLOR.shmem, m.shmemKb],
    ['file cache', COLOR.file, sum([m.activeFileKb, m.inactiveFileKb])],
    ['slab reclaimable', COLOR.slabReclaimable, m.slabReclaimableKb],
    ['slab unreclaimable', COLOR.slabUnreclaimable, m.slabUnreclaimableKb],
    ['page tables', COLOR.pageTables, m.pageTablesKb],
    ['hugepages reserved', COLOR.hugepages, m.hugepagesTotalKb],
  ];
  const segments = parts.filter(([, , v]) => v !== null && v > 0).map(([name, color, v]) => ({ name, color, value: v! }));
  const counted = segments.reduce((a, s) => a + s.value, 0);
  const ram = m.ramKb;
  if (ram !== null && m.freeKb !== null && ram - counted - m.freeKb > 0) segments.push({ name: 'not itemised', color: COLOR.other, value: ram - counted - m.freeKb });
  if (m.freeKb !== null) segments.push({ name: 'free', color: COLOR.free, value: m.freeKb });
  if (segments.length === 0) return null;
  const total = segments.reduce((a, s) => a + s.value, 0);
  const rows: BarRow[] = [{ label: 'RAM', segments, note: ram !== null ? `${formatKb(ram)} total` : `${formatKb(total)} itemised`, max: Math.max(ram ?? 0, total) }];
  if (m.swapTotalKb !== null && m.swapTotalKb > 0) {
    const used = m.swapFreeKb === null ? null : m.swapTotalKb - m.swapFreeKb;
    rows.push({
      label: 'Swap',
      segments: [
        { name: 'swap used', color: COLOR.swapUsed, value: used ?? 0 },
        { name: 'free', color: COLOR.free, value: m.swapFreeKb ?? 0 },
      ],
      note: `${formatKb(used)} used of ${formatKb(m.swapTotalKb)}`,
      max: m.swapTotalKb,
    });
  }
  const v = e.victim;
  const victimKb = v === null ? null : sum([v.anonRssKb, v.fileRssKb, v.shmemRssKb]);
  if (v !== null && victimKb !== null && ram !== null && ram > 0) {
    rows.push({
      label: `victim ${v.comm}`,
      segments: [{ name: 'victim RSS', color: COLOR.victim, value: victimKb }],
      note: `${formatKb(victimKb)} (${formatShare(victimKb / ram)} of RAM)`,
      max: ram,
    });
  }
  return { title: 'Memory at the time of the OOM', rows };
}

/** Each zone's free memory against its min / low / high watermarks. */
export function zonesChart(e: OomEvent): BarChart | null {
  const zones = e.zones.filter((z) => z.minKb !== null);
  if (zones.length === 0) return null;
  const rows: BarRow[] = zones.map((z) => {
    const color = z.freeKb < (z.minKb ?? 0) ? COLOR.bad : z.lowKb !== null && z.freeKb < z.lowKb ? COLOR.warn : COLOR.ok;
    const state = color === COLOR.bad ? 'free below min' : color === COLOR.warn ? 'free below low' : 'free above low';
    const markers = (
      [['min', z.minKb], ['low', z.lowKb], ['high', z.highKb]] as const
    ).filter(([, kb]) => kb !== null).map(([name, kb]) => ({ name, value: kb!, color: COLOR.marker }));
    return {
      label: z.node === null ? z.zone : `Node ${z.node} ${z.zone}`,
      segments: [{ name: state, color, value: z.freeKb }],
      markers,
      note: `free ${formatKb(z.freeKb)}, min ${formatKb(z.minKb)}`,
      max: Math.max(z.freeKb, z.highKb ?? 0, z.minKb ?? 0) * 1.15 || 1,
    };
  });
  return { title: 'Zones: free memory against the watermarks', rows };
}

/**
 * The limit that was hit and what held the memory, on one scale: the cgroup's usage and the largest
 * tasks against the cgroup's limit, or (a machine out of memory) the largest tasks and what was free
 * against the RAM. The Slack reply's picture is this chart of its worst kill (render-charts.ts).
 */
export function tasksChart(e: OomEvent): BarChart | null {
  const c = e.memcg;
  const limitKb = c !== null && c.limitKb !== null && !isUnlimitedKb(c.limitKb) ? c.limitKb : null;
  const rows: BarRow[] = [];
  if (c !== null && c.usageKb !== null) {
    rows.push({
      label: `cgroup ${shortPath(eventCgroups(e).limit ?? '', 20)}`,
      segments: [{ name: 'cgroup usage', color: COLOR.total, value: c.usageKb }],
      note: limitKb === null ? `${formatKb(c.usageKb)}, no limit` : `${formatKb(c.usageKb)} of ${formatKb(limitKb)}`,
    });
  }
  const tasks = e.topTasks.slice(0, MAX_TASK_ROWS);
  for (const t of tasks) {
    const isVictim = e.victim !== null && t.pid === e.victim.pid;
    rows.push({
      label: `${t.comm} (${t.pid})`,
      segments: [{ name: isVictim ? 'killed task' : 'other task', color: isVictim ? COLOR.victim : COLOR.task, value: t.rssKb }],
      note: `${formatKb(t.rssKb)} (${formatShare(t.share)} of tasks)`,
    });
  }
  // A kill with no task dump (or the victim outside the largest): the victim's own sizes.
  const v = e.victim;
  const victimKb = v === null ? null : sum([v.anonRssKb, v.fileRssKb, v.shmemRssKb]);
  if (v !== null && victimKb !== null && victimKb > 0 && !tasks.some((t) => t.pid === v.pid)) {
    rows.push({ label: `${v.comm} (${v.pid})`, segments: [{ name: 'killed task', color: COLOR.victim, value: victimKb }], note: formatKb(victimKb) });
  }
  const ramKb = e.memInfo?.ramKb ?? null;
  const freeKb = e.memInfo?.freeKb ?? null;
  if (c?.usageKb == null && freeKb !== null) rows.push({ label: 'free', segments: [{ name: 'free', color: COLOR.free, value: freeKb }], note: formatKb(freeKb) });
  if (rows.length === 0) return null;
  const limit = limitKb !== null ? { value: limitKb, name: `limit ${formatKb(limitKb)}` } : c?.usageKb == null && ramKb !== null ? { value: ramKb, name: `RAM ${formatKb(ramKb)}` } : null;
  // The cgroup whose usage and limit these are: the one at its limit, never the task's own in a parent's place.
  const path = eventCgroups(e).limit;
  return {
    title: c?.usageKb != null ? (path ? `cgroup ${shortPath(path)}: usage against the limit` : 'cgroup usage against the limit') : 'Largest tasks against the RAM',
    subtitle: c?.usageKb != null ? 'the cgroup\'s usage and its largest tasks (resident memory)' : 'the largest tasks in the dump (resident memory) and what was free',
    rows,
    ...(limit ? { limit } : {}),
  };
}
