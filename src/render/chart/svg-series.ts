/**
 * The second drawing primitive, for a measurement over time (a container's working set before its
 * kill): an area under the line, the limit as a dashed line across, the time at both ends and a few
 * sizes on the left. The same conventions as svg-bars.ts: a standalone SVG string, presentation
 * attributes only, every text escaped, the same fonts and palette.
 */
import { formatBytes } from '../../analysis/units.js';
import { COLOR } from './chart-colors.js';
import { clipLabel, escapeXml, svgHead } from './svg-bars.js';

export interface SeriesChart {
  title: string;
  subtitle?: string;
  /** `[unix seconds, bytes]`, oldest first. */
  points: ReadonlyArray<readonly [number, number]>;
  /** Drawn as a dashed line with its name ("limit 512 MiB"). */
  limit?: { value: number; name: string };
}

const WIDTH = 760;
const HEIGHT = 300;
const LEFT = 84;
const RIGHT = 24;
const TOP = 64;
const BOTTOM = 44;
const LIMIT_COLOR = COLOR.limit;

const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Gridline steps a reader can add up (128 MiB, 250 MiB, 1 GiB…): multiples of a power of 1024. */
const NICE_STEPS = [1, 2, 2.5, 5, 10, 16, 20, 25, 32, 50, 64, 100, 128, 200, 250, 256, 500, 512];

/** The smallest nice step that cuts `max` bytes into at most five bands. */
export function gridStep(max: number): number {
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(Math.max(1, max)) / Math.log(1024)));
  for (const n of [...NICE_STEPS.map((x) => x / 1024), ...NICE_STEPS]) if (max / (n * unit) <= 5) return n * unit;
  return unit * 1024;
}
/** "14:03 UTC" from unix seconds. */
const clock = (seconds: number): string => `${new Date(seconds * 1000).toISOString().slice(11, 16)} UTC`;

export function renderSeriesChart(chart: SeriesChart): string {
  const points = chart.points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const t0 = points[0]?.[0] ?? 0;
  const t1 = points.at(-1)?.[0] ?? 1;
  const top = Math.max(1, chart.limit?.value ?? 0, ...points.map(([, v]) => v)) * 1.08;
  const x = (t: number) => LEFT + (t1 > t0 ? ((t - t0) / (t1 - t0)) * plotW : plotW);
  const y = (v: number) => TOP + plotH - (Math.max(0, v) / top) * plotH;
  const out = svgHead({ width: WIDTH, height: HEIGHT, title: chart.title, subtitle: chart.subtitle });
  // Gridlines at round sizes, labelled.
  const step = gridStep(top);
  for (let v = 0; v <= top; v += step) {
    const gy = num(y(v));
    out.push(`<line x1="${LEFT}" y1="${gy}" x2="${WIDTH - RIGHT}" y2="${gy}" stroke="#d0d7de" stroke-width="1"/>`);
    out.push(`<text x="${LEFT - 6}" y="${num(y(v) + 4)}" text-anchor="end" fill="#57606a">${escapeXml(formatBytes(v))}</text>`);
  }
  if (points.length > 0) {
    const line = points.map(([t, v]) => `${num(x(t))},${num(y(v))}`).join(' ');
    out.push(`<polygon points="${num(x(t0))},${num(y(0))} ${line} ${num(x(t1))},${num(y(0))}" fill="${COLOR.total}" fill-opacity="0.18"/>`);
    out.push(`<polyline points="${line}" fill="none" stroke="${COLOR.total}" stroke-width="2"/>`);
    const [pt, pv] = points.reduce((a, p) => (p[1] > a[1] ? p : a));
    out.push(`<circle cx="${num(x(pt))}" cy="${num(y(pv))}" r="3.5" fill="${COLOR.victim}"><title>peak</title></circle>`);
    out.push(`<text x="${num(Math.min(x(pt), WIDTH - RIGHT - 4))}" y="${num(y(pv) - 8)}" text-anchor="end" fill="${COLOR.victim}">${escapeXml(`peak ${formatBytes(pv)}`)}</text>`);
  }
  if (chart.limit) {
    const ly = num(y(chart.limit.value));
    out.push(`<line x1="${LEFT}" y1="${ly}" x2="${WIDTH - RIGHT}" y2="${ly}" stroke="${LIMIT_COLOR}" stroke-width="2" stroke-dasharray="6 4"><title>${escapeXml(chart.limit.name)}</title></line>`);
    out.push(`<text x="${LEFT + 6}" y="${num(y(chart.limit.value) - 6)}" font-size="11" fill="${LIMIT_COLOR}">${escapeXml(clipLabel(chart.limit.name, 40))}</text>`);
  }
  out.push(`<text x="${LEFT}" y="${HEIGHT - BOTTOM + 18}" fill="#57606a">${escapeXml(clock(t0))}</text>`);
  out.push(`<text x="${WIDTH - RIGHT}" y="${HEIGHT - BOTTOM + 18}" text-anchor="end" fill="#57606a">${escapeXml(clock(t1))}</text>`);
  out.push('</svg>');
  return out.join('');
}
