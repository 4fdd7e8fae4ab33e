/**
 * Pastes analysed and charts rasterised on worker threads give the same report and the same PNG as
 * in the process itself, and many at once each get their own.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import { createAnalysisPool } from '../../src/worker/analysis-pool.js';
import { replyChart } from '../../src/render/chart/render-charts.js';
import { renderChartPng } from '../../src/worker/render-chart-png.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');

describe('createAnalysisPool', () => {
  const pool = createAnalysisPool(2);
  after(() => pool.close());

  it('returns the report analyzeText gives for the same paste', async () => {
    assert.deepEqual(await pool.analyseText(LOG), analyzeText(LOG));
  });

  it('answers each of many concurrent pastes with its own report', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? LOG : `no kill here ${i}`));
    const reports = await Promise.all(texts.map((t) => pool.analyseText(t)));
    reports.forEach((r, i) => assert.equal(r.events.length, i % 2 === 0 ? 1 : 0, `paste ${i}`));
    assert.equal(reports[0]!.events[0]!.victim?.comm, 'test');
  });

  it('rasterises the reply chart to the same PNG as the main thread would, many at once', async () => {
    const svg = replyChart(analyzeText(LOG))!.svg;
    const pngs = await Promise.all(Array.from({ length: 4 }, () => pool.renderPng(svg)));
    const here = renderChartPng(svg);
    for (const png of pngs) {
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
      assert.ok(Buffer.from(png).equals(here), 'the same bytes');
    }
  });

  it('a chart resvg cannot read fails that chart alone: the thread goes on analysing', async () => {
    await assert.rejects(pool.renderPng('<svg'), /chart not rendered/);
    assert.equal((await pool.analyseText(LOG)).events[0]!.victim?.comm, 'test');
  });

  it('refuses work once closed', async () => {
    const closed = createAnalysisPool(1);
    await closed.close();
    await assert.rejects(closed.analyseText(LOG), /closed/);
    await assert.rejects(closed.renderPng('<svg/>'), /closed/);
  });
});
