/**
 * The reply's chart as a PNG: drawn with the shipped "Chart Sans" subset (so its text does not depend
 * on the host's fonts and stays cheap to lay out), falling back to the full DejaVu Sans for characters
 * the subset lacks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { analyzeText } from '../../src/analysis/analyze.js';
import { replyChart } from '../../src/render/chart/render-charts.js';
import { CHART_SCALE, renderChartPng } from '../../src/worker/render-chart-png.js';

const report = analyzeText(readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url)));

function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG signature');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Pixels something was drawn on (the text-only SVG has no background). */
function ink(svg: string, fontFiles: string[]): number {
  const pixels = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'Chart Sans' } }).render().pixels;
  let drawn = 0;
  for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 128) drawn++;
  return drawn;
}

describe('the chart PNG', () => {
  const svg = replyChart(report)?.svg;
  assert.ok(svg, 'the cgroup-limit example has a chart');

  it('is the SVG scaled by CHART_SCALE', () => {
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    assert.equal(pngSize(renderChartPng(svg)).width, Math.round(width * CHART_SCALE));
  });

  it('asks for the shipped Chart Sans first', () => {
    assert.match(svg, /font-family="Chart Sans, /);
  });

  it('draws its labels with the shipped subset alone, without any system font', () => {
    // Every shape out, with its tooltip: only the text is left to draw.
    const textOnly = svg.replace(/<(rect|line|path|polygon|polyline|circle)\b[^>]*?(\/>|>.*?<\/\1>)/g, '');
    assert.equal(ink(textOnly, []), 0, 'no font, no text');
    const drawn = ink(textOnly, [fileURLToPath(new URL('../../assets/fonts/chart-sans.ttf', import.meta.url))]);
    assert.ok(drawn > 1000, `the shipped subset draws the labels (${drawn} pixels)`);
  });
});
