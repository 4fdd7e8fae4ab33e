/**
 * Report → SVG charts, one chart code for the Slack reply's PNG and the web page: what each chart
 * shows for real logs (the limit that was hit drawn as a line, the killed task apart), that the
 * reply's picture is the same SVG on the page, and that nothing from the log escapes as markup.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { readOomAlert } from '../../../src/analysis/alerts/read-alert.js';
import { triageAlert, withAlert } from '../../../src/analysis/alerts/triage-alert.js';
import { alertChart, renderCharts, replyChart } from '../../../src/render/chart/render-charts.js';

const fixture = (p: string): Buffer => readFileSync(fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url)));
const example = (p: string): Buffer => readFileSync(fileURLToPath(new URL(`../../../examples/${p}`, import.meta.url)));
/** The dashed line across the bars and its name under them. */
const limitLine = (svg: string): string | null => /stroke-dasharray="6 4"><title>([^<]+)<\/title>/.exec(svg)?.[1] ?? null;
/** Each bar row's label and the note at its end, in order. */
const rowTexts = (svg: string): string[] => [...svg.matchAll(/<text x="12" y="\d+" fill="#1f2328">([^<]*)<\/text>/g)].map((m) => m[1]!);

test('a parent-cgroup kill: the reply shows the cgroup usage and the largest tasks against the 200 MiB limit', () => {
  const report = analyzeText(example('cgroup-v1-parent-limit.log'));
  const chart = replyChart(report)!;
  assert.match(chart.svg, /test \(pid 30211\) killed: parent cgroup \/mm_test hit its memory limit/);
  assert.equal(limitLine(chart.svg), 'limit 200 MiB');
  assert.deepEqual(rowTexts(chart.svg).slice(0, 3), ['cgroup /mm_test', 'test (30211)', 'leaky-worker (30198)']);
  assert.match(chart.svg, />200 MiB of 200 MiB</);
  assert.match(chart.svg, /fill="#cf222e"><title>killed task<\/title>/);
  // The page gets the very same SVG as the reply's PNG, first; its event section does not repeat it.
  const charts = renderCharts(report);
  assert.equal(charts[0]!.id, 'reply');
  assert.equal(charts[0]!.svg, chart.svg);
  assert.ok(!charts.some((c) => c.id === 'e1-tasks'));
});

test('a global OOM: the memory breakdown (with swap and the victim share), the zones, and the tasks against the RAM', () => {
  const report = analyzeText(fixture('public/kernel/rhel7-3.10-global-oom-swap-full-rsyslog-012.log'));
  const charts = renderCharts(report);
  assert.deepEqual(charts.map((c) => c.id), ['reply', 'e1-memory', 'e1-zones']);
  const [reply, memory, zones] = charts;
  assert.match(limitLine(reply!.svg) ?? '', /^RAM \d/);
  assert.ok(rowTexts(reply!.svg).includes('free'));
  assert.match(memory!.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(memory!.svg, />Swap</);
  assert.match(memory!.svg, /% of RAM\)/);
  assert.match(zones!.svg, />min</);
  assert.match(zones!.svg, />Node 0 Normal</);
  // The same charts from the event alone, unprefixed, with its tasks chart.
  assert.deepEqual(renderCharts(report.events[0]!).map((c) => c.id), ['memory', 'zones', 'tasks']);
});

test('several kills whose worst printed no numbers: no reply picture (never another kill under its headline), each other kill keeps its chart', () => {
  // seed 001: the machine-wide kill (the worst) has no task dump, Mem-Info or cgroup usage in the paste.
  const report = analyzeText(fixture('kernel/seed-001-alibaba-five-oom-scenarios.txt'));
  assert.equal(replyChart(report), null);
  const ids = renderCharts(report).map((c) => c.id);
  assert.deepEqual(ids.filter((id) => id.endsWith('-tasks')), ['e2-tasks', 'e3-tasks', 'e5-tasks']);
  assert.match(renderCharts(report).find((c) => c.id === 'e2-tasks')!.svg, /limit 200 MiB/);
});

test('a Doris be.INFO alone: the reply is the Doris chart, its resident memory against mem_limit', () => {
  const report = analyzeText(fixture('public/doris/doris-2.1.5-glog-process-summary-overview-trackers.be.INFO'));
  const charts = renderCharts(report);
  assert.deepEqual(charts.map((c) => c.id), ['reply']);
  assert.match(charts[0]!.svg, /Apache Doris BE memory/);
  assert.equal(rowTexts(charts[0]!.svg)[0], 'BE resident');
  assert.match(limitLine(charts[0]!.svg) ?? '', /^mem_limit \d/);
});

test('text from the log is escaped: a hostile process name is shown, never markup', () => {
  const report = analyzeText(fixture('public/kernel/ubuntu-3.13-cgroup-v1-memcg-limit.log'));
  const e = report.events[0]!;
  const hostile = '<script>x</script>"><img onerror=alert(1)>';
  const evil = { ...e, topTasks: e.topTasks.map((t, i) => (i === 0 ? { ...t, comm: hostile } : t)) };
  for (const c of [...renderCharts(evil), ...renderCharts({ ...report, events: [evil] })]) {
    assert.doesNotMatch(c.svg, /<script|<img/);
  }
  const svg = renderCharts(evil).find((c) => c.id === 'tasks')!.svg;
  assert.match(svg, /&lt;script&gt;/);
});

test("an enriched alert's working set over time: a line to the peak, the limit a dashed line, the times at both ends", () => {
  const MiB = 1024 * 1024;
  const t0 = Date.UTC(2026, 11, 7, 9, 0) / 1000;
  // 200 MiB climbing to 510 MiB over the hour, every 15 s (what prometheus-lookup.ts returns).
  const points = Array.from({ length: 241 }, (_, i): [number, number] => [t0 + i * 15, Math.round((200 + (310 * i) / 240) * MiB)]);
  const report = analyzeText('');
  // The real path: the alert's text read (readOomAlert), then triaged with what the cluster added.
  const facts = readOomAlert({ text: fixture('alerts/alertmanager-description-template-oom-killer.txt').toString('utf8') })!;
  const memory = { metric: 'container_memory_working_set_bytes', start: '', end: '', stepSeconds: 15, points, peakBytes: 510 * MiB, limitBytes: 512 * MiB };
  const alerted = withAlert(report, triageAlert(facts, { pod: null, node: null, events: [], gaps: [], memory }));
  const chart = alertChart(alerted)!;
  assert.equal(chart.id, 'alert-memory');
  assert.match(chart.svg, /OOM-killed: api in payments\//);
  assert.equal(limitLine(chart.svg), 'limit 512 MiB');
  assert.match(chart.svg, />peak 510 MiB</);
  assert.match(chart.svg, />09:00 UTC<.*>10:00 UTC</);
  assert.match(chart.svg, /over the 60 min before the kill, every 15 s/);
  // Gridlines at sizes a reader can add up.
  assert.deepEqual([...chart.svg.matchAll(/text-anchor="end" fill="#57606a">([^<]+ (?:B|KiB|MiB|GiB))</g)].map((m) => m[1]), ['0 B', '128 MiB', '256 MiB', '384 MiB', '512 MiB']);
  assert.equal(alertChart(report), null, 'no alert, no picture');
});
