/**
 * One drawing primitive for every chart: labelled horizontal bars (stacked segments, with
 * markers such as watermarks or limits) → an SVG string. No DOM, no styles (presentation
 * attributes only, so a strict Content-Security-Policy and a rasteriser both accept it), and every
 * piece of text escaped: labels come from the log.
 */
import { CHART_FONT, COLOR } from './chart-colors.js';

export interface BarSegment {
  value: number;
  color: string;
  /** Legend entry; segments with the same name share one legend entry. */
  name: string;
}

export interface BarMarker {
  value: number;
  /** Short label drawn above the tick ("min", "limit"). */
  name: string;
  color?: string;
}

export interface BarRow {
  label: string;
  segments: BarSegment[];
  markers?: BarMarker[];
  /** Text at the right end ("1.2 GiB of 4 GiB"). */
  note: string;
  /** This row's full scale; defaults to the chart's. */
  max?: number;
}

export interface BarChart {
  title: string;
  /** A smaller line under the title: what the bars are. */
  subtitle?: string;
  rows: BarRow[];
  /** Common full scale; defaults to the largest segment sum, marker or limit. */
  max?: number;
  /**
   * The limit that was hit, drawn as one dashed line across every row on the common scale, with its
   * name ("limit 200 MiB") under the bars. Rows with their own `max` are on another scale: give
   * them markers instead.
   */
  limit?: { value: number; name: string };
}

const WIDTH = 760;
const LABEL_W = 190;
const BAR_W = 360;
const ROW_H = 30;
const TOP = 40;
/** Room for the subtitle's line. */
const SUBTITLE_H = 18;
/** Room for the limit's name under the bars. */
const LIMIT_LABEL_H = 16;
const LIMIT_COLOR = COLOR.limit;

/**
 * The start every chart shares: the `<svg>` element (its title as an accessible name), a white
 * background, the title in bold and the subtitle under it.
 */
export function svgHead(o: { width: number; height: number; title: string; subtitle?: string | undefined }): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="${CHART_FONT}" font-size="12" role="img" aria-label="${escapeXml(o.title)}">`,
    `<title>${escapeXml(o.title)}</title>`,
    `<rect x="0" y="0" width="${o.width}" height="${o.height}" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="15" font-weight="bold" fill="#1f2328">${escapeXml(clipLabel(o.title, 90))}</text>`,
    ...(o.subtitle ? [`<text x="12" y="44" fill="#57606a">${escapeXml(clipLabel(o.subtitle, 110))}</text>`] : []),
  ];
}

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Cuts a label to about `max` characters (by code point) so it never runs into the bars. */
export function clipLabel(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

function rowMax(chart: BarChart, row: BarRow): number {
  if (row.max !== undefined) return row.max;
  if (chart.max !== undefined) return chart.max;
  let m = chart.limit?.value ?? 0;
  for (const r of chart.rows) {
    m = Math.max(m, r.segments.reduce((a, s) => a + Math.max(0, s.value), 0));
    for (const k of r.markers ?? []) m = Math.max(m, k.value);
  }
  return m;
}

const num = (n: number): string => (Math.round(n * 10) / 10).toString();

export function renderBarChart(chart: BarChart): string {
  const legend = new Map<string, string>();
  for (const r of chart.rows) for (const s of r.segments) if (!legend.has(s.name)) legend.set(s.name, s.color);
  const legendRows = Math.ceil(legend.size / 4);
  const top = TOP + (chart.subtitle ? SUBTITLE_H : 0);
  const barsEnd = top + chart.rows.length * ROW_H + (chart.limit ? LIMIT_LABEL_H : 0);
  const height = barsEnd + 14 + legendRows * 20 + 8;
  const out = svgHead({ width: WIDTH, height, title: chart.title, subtitle: chart.subtitle });
  chart.rows.forEach((row, i) => {
    const y = top + i * ROW_H;
    const max = rowMax(chart, row);
    const scale = max > 0 ? BAR_W / max : 0;
    out.push(`<text x="12" y="${y + 17}" fill="#1f2328">${escapeXml(clipLabel(row.label, 25))}</text>`);
    out.push(`<rect x="${LABEL_W}" y="${y + 4}" width="${BAR_W}" height="18" fill="#f0f2f4" stroke="#d0d7de"/>`);
    let x = LABEL_W;
    for (const s of row.segments) {
      const w = Math.min(BAR_W - (x - LABEL_W), Math.max(0, s.value) * scale);
      if (w <= 0) continue;
      out.push(`<rect x="${num(x)}" y="${y + 4}" width="${num(Math.max(w, 0.8))}" height="18" fill="${s.color}"><title>${escapeXml(`${s.name}`)}</title></rect>`);
      x += w;
    }
    // Marker labels that would overlap the previous one are left out (the tick stays, with its tooltip).
    let lastLabelX = -Infinity;
    for (const m of [...(row.markers ?? [])].sort((a, b) => a.value - b.value)) {
      const mx = LABEL_W + Math.min(BAR_W, Math.max(0, m.value * scale));
      const color = m.color ?? '#1f2328';
      out.push(`<line x1="${num(mx)}" y1="${y + 1}" x2="${num(mx)}" y2="${y + 25}" stroke="${color}" stroke-width="2"><title>${escapeXml(m.name)}</title></line>`);
      if (mx - lastLabelX >= 6 * Math.min(12, m.name.length) + 6) {
        out.push(`<text x="${num(mx + 2)}" y="${y + 3}" font-size="9" fill="${color}">${escapeXml(clipLabel(m.name, 12))}</text>`);
        lastLabelX = mx;
      }
    }
    out.push(`<text x="${LABEL_W + BAR_W + 10}" y="${y + 17}" fill="#57606a">${escapeXml(clipLabel(row.note, 30))}</text>`);
  });
  if (chart.limit) {
    // Drawn after the bars, so a bar at the limit does not hide it.
    const max = rowMax(chart, { label: '', segments: [], note: '' });
    const lx = num(LABEL_W + Math.min(BAR_W, max > 0 ? (Math.max(0, chart.limit.value) * BAR_W) / max : 0));
    out.push(`<line x1="${lx}" y1="${top}" x2="${lx}" y2="${top + chart.rows.length * ROW_H + 2}" stroke="${LIMIT_COLOR}" stroke-width="2" stroke-dasharray="6 4"><title>${escapeXml(chart.limit.name)}</title></line>`);
    out.push(`<text x="${lx}" y="${top + chart.rows.length * ROW_H + 14}" font-size="11" text-anchor="middle" fill="${LIMIT_COLOR}">${escapeXml(clipLabel(chart.limit.name, 40))}</text>`);
  }
  let i = 0;
  const ly = barsEnd + 14;
  for (const [name, color] of legend) {
    const lx = 12 + (i % 4) * 185;
    const yy = ly + Math.floor(i / 4) * 20;
    out.push(`<rect x="${lx}" y="${yy}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${lx + 18}" y="${yy + 10}" fill="#1f2328">${escapeXml(clipLabel(name, 26))}</text>`);
    i++;
  }
  out.push('</svg>');
  return out.join('');
}
