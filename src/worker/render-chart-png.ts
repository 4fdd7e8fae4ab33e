/**
 * The chart's SVG (src/render/chart) rasterised to PNG with resvg (@resvg/resvg-js: Rust resvg
 * through N-API, a prebuilt binary inside its npm package, no browser and no native build; about
 * 10 ms and a few MB for this 720 px chart). Fonts: one DejaVu Sans file when the system has it
 * (Debian's fonts-dejavu-core; the Docker image installs it), loaded per render without scanning
 * every system font.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];

let fontFile: string | null | undefined;
function findFont(): string | null {
  fontFile ??= FONT_CANDIDATES.find((f) => existsSync(f)) ?? null;
  return fontFile;
}

export function renderChartPng(svg: string): Buffer {
  const font = findFont();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: font ? { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } : { loadSystemFonts: true },
  });
  return resvg.render().asPng();
}
