/**
 * Report → an SVG bar chart of the memory picture (pure: a string, no I/O), for the reply's PNG and
 * for any page that wants the same picture. One row per consumer on a common scale, and a dashed line
 * at the limit that was hit: the cgroup's limit (with its usage), the machine's RAM (the largest
 * tasks and what was free), or Doris BE's mem_limit (its RSS and largest trackers).
 */
import type { DorisReport, OomEvent, Report } from '../../analysis/report/report-schema.js';
import { formatBytes } from '../../analysis/units.js';
import { dorisTaskName, reportHeadline, shortPath, worstEvent } from '../describe-headline.js';
import { largestTrackers } from '../describe-doris.js';

export interface ChartRow {
  label: string;
  bytes: number;
  /** The killed task, or the total that hit the limit. */
  emphasis?: 'victim' | 'total';
}

export interface ChartModel {
  title: string;
  subtitle: string;
  rows: ChartRow[];
  limit: { label: string; bytes: number } | null;
}

const KIB = 1024;
const MAX_ROWS = 7;

/** What the chart shows for a report, or null when the log holds no numbers to draw. */
export function chartModel(report: Report): ChartModel | null {
  if (report.events.length > 0) {
    const model = eventModel(worstEvent(report.events));
    if (model) return { ...model, title: reportHeadline(report) };
  }
  return report.doris ? dorisModel(report.doris) : null;
}

function eventModel(e: OomEvent): Omit<ChartModel, 'title'> | null {
  const rows: ChartRow[] = [];
  const m = e.memcg;
  const limitKb = m?.limitKb !== null && m?.limitKb !== undefined && m.limitKb < 2 ** 52 ? m.limitKb : null;
  if (m && m.usageKb !== null) rows.push({ label: `cgroup ${shortPath(m.oomPath ?? m.taskPath ?? '', 28)}`, bytes: m.usageKb * KIB, emphasis: 'total' });
  const tasks = e.tasks.length > 0 ? e.tasks.map((t) => ({ pid: t.pid, comm: t.comm, rssKb: t.rssKb })) : e.topTasks;
  for (const t of tasks.slice(0, MAX_ROWS - rows.length - 1)) {
    rows.push({ label: `${t.comm.slice(0, 18)} (${t.pid})`, bytes: t.rssKb * KIB, ...(t.pid === e.victim?.pid ? { emphasis: 'victim' as const } : {}) });
  }
  if (tasks.length === 0 && e.victim) {
    const rss = (e.victim.anonRssKb ?? 0) + (e.victim.fileRssKb ?? 0) + (e.victim.shmemRssKb ?? 0);
    if (rss > 0) rows.push({ label: `${e.victim.comm.slice(0, 18)} (${e.victim.pid})`, bytes: rss * KIB, emphasis: 'victim' });
  }
  if (!m?.usageKb && e.memInfo?.freeKb !== null && e.memInfo?.freeKb !== undefined) rows.push({ label: 'free', bytes: e.memInfo.freeKb * KIB });
  if (rows.length === 0) return null;
  const limit = limitKb !== null ? { label: `limit ${formatBytes(limitKb * KIB)}`, bytes: limitKb * KIB } : e.memInfo?.ramKb ? { label: `RAM ${formatBytes(e.memInfo.ramKb * KIB)}`, bytes: e.memInfo.ramKb * KIB } : null;
  const subtitle = limitKb !== null ? 'cgroup usage and the largest tasks against the limit' : 'largest tasks in the dump (resident memory)';
  return { subtitle, rows, limit };
}

function dorisModel(d: DorisReport): ChartModel | null {
  const rows: ChartRow[] = [];
  if (d.processResidentBytes !== null) rows.push({ label: 'BE resident (RSS)', bytes: d.processResidentBytes, emphasis: 'total' });
  for (const { tracker } of largestTrackers(d, MAX_ROWS - rows.length)) {
    if (tracker.usedBytes !== null) rows.push({ label: dorisTaskName(tracker.label).slice(0, 26), bytes: tracker.usedBytes });
  }
  if (rows.length === 0) return null;
  return {
    title: 'Apache Doris BE memory',
    subtitle: 'resident memory and the largest trackers against mem_limit',
    rows,
    limit: d.limitBytes !== null && d.limitBytes > 0 ? { label: `mem_limit ${formatBytes(d.limitBytes)}`, bytes: d.limitBytes } : null,
  };
}

const W = 720;
const LEFT = 200;
const RIGHT = 110;
const ROW = 34;
const TOP = 78;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart as SVG (fonts: Chart Sans — the rasteriser's DejaVu Sans subset, assets/fonts — then DejaVu Sans, then any sans-serif). */
export function memoryChartSvg(report: Report): string | null {
  const model = chartModel(report);
  return model ? renderChartSvg(model) : null;
}

export function renderChartSvg(model: ChartModel): string {
  const height = TOP + model.rows.length * ROW + 40;
  const max = Math.max(1, model.limit?.bytes ?? 0, ...model.rows.map((r) => r.bytes)) * 1.05;
  const plot = W - LEFT - RIGHT;
  const x = (bytes: number) => LEFT + Math.max(0, (bytes / max) * plot);
  const title = model.title.length > 70 ? `${model.title.slice(0, 69)}…` : model.title;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="Chart Sans, DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${W}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="28" font-size="17" font-weight="bold" fill="#1d1c1d">${esc(title)}</text>`,
    `<text x="16" y="52" font-size="13" fill="#616061">${esc(model.subtitle)}</text>`,
  ];
  model.rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    const fill = r.emphasis === 'victim' ? '#e01e5a' : r.emphasis === 'total' ? '#1264a3' : '#9aa5b1';
    out.push(`<text x="${LEFT - 10}" y="${y + 18}" font-size="13" text-anchor="end" fill="#1d1c1d">${esc(r.label)}</text>`);
    out.push(`<rect x="${LEFT}" y="${y + 4}" width="${Math.max(2, x(r.bytes) - LEFT).toFixed(1)}" height="${ROW - 12}" rx="3" fill="${fill}"/>`);
    out.push(`<text x="${(x(r.bytes) + 6).toFixed(1)}" y="${y + 18}" font-size="12" fill="#1d1c1d">${esc(formatBytes(r.bytes))}</text>`);
  });
  if (model.limit) {
    const lx = x(model.limit.bytes).toFixed(1);
    const bottom = TOP + model.rows.length * ROW;
    out.push(`<line x1="${lx}" y1="${TOP - 8}" x2="${lx}" y2="${bottom + 4}" stroke="#e8912d" stroke-width="2" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${lx}" y="${bottom + 22}" font-size="12" text-anchor="middle" fill="#b35c00">${esc(model.limit.label)}</text>`);
  }
  out.push(`<text x="16" y="${height - 10}" font-size="11" fill="#9a9a9a">red: the killed task · blue: the total that hit the limit</text>`);
  out.push('</svg>');
  return out.join('\n');
}
