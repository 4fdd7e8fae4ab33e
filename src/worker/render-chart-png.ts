/**
 * The chart's SVG (src/render/chart) rasterised to PNG with resvg (@resvg/resvg-js: Rust resvg
 * through N-API, a prebuilt binary inside its npm package, no browser and no native build).
 *
 * Fonts: "Chart Sans", a subset of DejaVu Sans shipped in assets/fonts (scripts/subset-chart-font.sh),
 * then the system's full DejaVu Sans where it exists, only for characters outside the subset (a
 * Cyrillic process name, say). resvg shapes every <text> with the font it picked, and that cost grows
 * with the font: the full DejaVu Sans made text layout 12 of a chart's 24 ms; the subset takes ~2 ms.
 *
 * Scale 1.5 (1080 px for the 720 px chart): sharp in Slack's 480 px thread pane on a 2× screen and on a
 * phone; scale 2 costs twice the pixels to render and compress for no visible gain there.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const CHART_FONTS = ['chart-sans.ttf', 'chart-sans-Bold.ttf'].map((f) => fileURLToPath(new URL(`../../assets/fonts/${f}`, import.meta.url)));
const FALLBACK_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];
/** The PNG's pixels per SVG unit. */
export const CHART_SCALE = 1.5;

let fontFiles: string[] | undefined;
function chartFonts(): string[] {
  fontFiles ??= [...CHART_FONTS.filter((f) => existsSync(f)), ...FALLBACK_FONTS.filter((f) => existsSync(f)).slice(0, 1)];
  return fontFiles;
}

export function renderChartPng(svg: string): Buffer {
  const fonts = chartFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: CHART_SCALE },
    font: fonts.length > 0 ? { fontFiles: fonts, loadSystemFonts: false, defaultFontFamily: 'Chart Sans' } : { loadSystemFonts: true },
  });
  return resvg.render().asPng();
}
