/** Report → SVG charts: what each chart shows for real logs, and that nothing from the log escapes as markup. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { renderCharts } from '../../../src/render/chart/render-charts.js';

const fixture = (p: string): Buffer => readFileSync(fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url)));

test('a global OOM gets the memory breakdown (with swap and the victim share) and the zones against their watermarks', () => {
  const report = analyzeText(fixture('public/kernel/rhel7-3.10-global-oom-swap-full-rsyslog-012.log'));
  const charts = renderCharts(report);
  // First the reply's picture (memory-chart.ts: the PNG the Slack reply posts), then the event's own.
  assert.deepEqual(charts.map((c) => c.id), ['reply', 'e1-memory', 'e1-zones']);
  const [, memory, zones] = charts;
  assert.match(memory!.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(memory!.svg, />Swap</);
  assert.match(memory!.svg, /% of RAM\)/);
  assert.match(zones!.svg, />min</);
  assert.match(zones!.svg, />Node 0 Normal</);
  // The same charts from the event alone, unprefixed.
  assert.deepEqual(renderCharts(report.events[0]!).map((c) => c.id), ['memory', 'zones']);
});

test('a cgroup OOM charts usage against the limit with the top tasks', () => {
  const report = analyzeText(fixture('public/kernel/ubuntu-3.13-cgroup-v1-memcg-limit.log'));
  const cgroup = renderCharts(report).find((c) => c.id === 'e1-cgroup');
  assert.ok(cgroup);
  assert.match(cgroup.svg, />limit</);
  assert.match(cgroup.svg, /victim RSS/);
});

test('a Doris be.INFO gets the trackers chart', () => {
  const report = analyzeText(fixture('public/doris/doris-2.1.5-glog-process-summary-overview-trackers.be.INFO'));
  const doris = renderCharts(report).find((c) => c.id === 'doris');
  assert.ok(doris, 'doris chart');
  assert.match(doris.svg, /sum of trackers|process resident/);
});

test('text from the log is escaped: a hostile process name is shown, never markup', () => {
  const report = analyzeText(fixture('public/kernel/ubuntu-3.13-cgroup-v1-memcg-limit.log'));
  const e = report.events[0]!;
  const hostile = '<script>x</script>"><img onerror=alert(1)>';
  const evil = { ...e, topTasks: e.topTasks.map((t, i) => (i === 0 ? { ...t, comm: hostile } : t)) };
  for (const c of renderCharts(evil)) {
    assert.doesNotMatch(c.svg, /<script|<img/);
  }
  const svg = renderCharts(evil).find((c) => c.id === 'cgroup')!.svg;
  assert.match(svg, /&lt;script&gt;/);
});
