/**
 * deploy/grafana and deploy/prometheus speak of the metrics the bot really exports: every metric
 * name and label value they use is one src/ registers, and every metric the bot exports is on the
 * dashboard. promtool — from Debian's
 * prometheus package, which .ci/run unpacks when missing — checks the alert rules, runs their unit
 * tests, and parses every dashboard query as PromQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALERTS = join(ROOT, 'deploy', 'prometheus', 'oom-triage-alerts.yml');
const ALERT_TESTS = join(ROOT, 'deploy', 'prometheus', 'oom-triage-alerts.test.yml');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'oom-triage-dashboard.json');
const PROMTOOL = process.env['PROMTOOL'] ?? 'promtool';

/** Issue 12 adds these; the dashboard and alerts are ready for them. Label values they will carry. */
/** The `verdict` label of oom_triage_feedback_total: the Right / Wrong buttons. */
const FEEDBACK_VERDICTS = ['right', 'wrong'];
/** prom-client's default metrics (collectDefaultMetrics in main.ts) and Prometheus' own `up`. */
const GENERIC = ['process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_p99_seconds', 'up'];

function sourceFiles(): Array<{ file: string; text: string }> {
  return readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(ROOT, 'src', f), 'utf8') }));
}

/** `new Counter({ name: 'oom_triage_…'` and its kin, wherever under src/ they are registered. */
function metricsInSource(): Map<string, string> {
  const metrics = new Map<string, string>();
  for (const { text } of sourceFiles()) {
    for (const m of text.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{\s*name:\s*'(oom_triage_[a-z0-9_]+)'/g)) metrics.set(m[2]!, m[1]!);
  }
  return metrics;
}

/** Outcome label values the code sets: `jobs.inc({ outcome: 'x' })` and `finish('x')`. */
function outcomesInSource(): Set<string> {
  const values = new Set<string>();
  for (const { text } of sourceFiles()) {
    for (const m of text.matchAll(/\{ outcome: '([a-z_]+)' \}|finish\('([a-z_]+)'\)/g)) values.add((m[1] ?? m[2])!);
  }
  return values;
}

/** Every series name a PromQL expression refers to (the ones this project's metrics can be). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(oom_triage_[a-z0-9_]+|process_[a-z0-9_]+|nodejs_[a-z0-9_]+|up(?=\{))/g)].map((m) => m[1]!);
}

/** label="value" and label=~"a|b" matchers on one label. */
function labelValues(expr: string, label: string): string[] {
  return [...expr.matchAll(new RegExp(`\\b${label}=~?"([^"]+)"`, 'g'))].flatMap((m) => m[1]!.split('|'));
}

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Array<{ expr: string; refId: string }>;
}

const alertRules = async () => (parse(await readFile(ALERTS, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> }).groups.flatMap((g) => g.rules);
const dashboard = async () => JSON.parse(await readFile(DASHBOARD, 'utf8')) as { uid: string; title: string; panels: Panel[]; templating: { list: Array<{ name: string }> } };
const dashboardExprs = async () => (await dashboard()).panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p, expr: t.expr, refId: t.refId })));

function known(): { names: Set<string>; histograms: Set<string> } {
  const names = new Set<string>(GENERIC);
  const histograms = new Set<string>();
  for (const [name, type] of metricsInSource()) {
    names.add(name);
    if (type === 'Histogram') {
      histograms.add(name);
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    }
  }
  return { names, histograms };
}

describe('deploy/grafana and deploy/prometheus', () => {
  it('use only metrics the bot exports, with the label values the code sets', async () => {
    const source = metricsInSource();
    assert.ok(source.has('oom_triage_jobs_total'), `src/ registers the bot's metrics (found: ${[...source.keys()].join(', ') || 'none'})`);
    const { names, histograms } = known();
    const outcomes = outcomesInSource();
    assert.ok(outcomes.size > 0, 'outcome values found in src/');
    const uses = [
      ...(await alertRules()).map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
      ...(await dashboardExprs()).map((e) => ({ where: `panel "${e.panel.title}" ${e.refId}`, expr: e.expr })),
    ];
    for (const { where, expr } of uses) {
      const used = metricNames(expr);
      assert.ok(used.length > 0, `${where} queries a metric`);
      for (const name of used) {
        assert.ok(names.has(name), `${where}: ${name} is not a metric the bot exports`);
        assert.ok(!histograms.has(name), `${where}: ${name} is a histogram: query ${name}_bucket, _sum or _count`);
      }
      for (const value of labelValues(expr, 'outcome')) assert.ok(outcomes.has(value), `${where}: outcome "${value}" is never set (the code sets ${[...outcomes].join(', ')})`);
      for (const value of labelValues(expr, 'verdict')) assert.ok(FEEDBACK_VERDICTS.includes(value), `${where}: verdict "${value}"`);
    }
  });

  it('the dashboard shows every metric the bot exports, and the alerts watch failures, the queue and feedback', async () => {
    const onDashboard = new Set((await dashboardExprs()).flatMap((e) => metricNames(e.expr)));
    for (const [name, type] of metricsInSource()) {
      const series = type === 'Histogram' ? `${name}_bucket` : name;
      assert.ok(onDashboard.has(series), `the dashboard shows ${series}`);
    }
    const inAlerts = new Set((await alertRules()).flatMap((r) => metricNames(r.expr)));
    for (const name of ['oom_triage_jobs_total', 'oom_triage_job_duration_seconds_bucket', 'oom_triage_queue_waiting_jobs', 'oom_triage_queue_oldest_waiting_seconds', 'oom_triage_feedback_total']) {
      assert.ok(inAlerts.has(name), `an alert watches ${name}`);
    }
  });

  it('every alert has a unique name, a severity, a summary and a description', async () => {
    const rules = await alertRules();
    assert.equal(new Set(rules.map((r) => r.alert)).size, rules.length);
    for (const rule of rules) {
      assert.match(rule.alert, /^OomTriage[A-Z][A-Za-z]+$/);
      assert.ok(['critical', 'warning', 'info'].includes(rule.labels?.['severity'] ?? ''), `${rule.alert}: severity`);
      assert.ok(rule.annotations?.['summary'] && rule.annotations['description'], `${rule.alert}: summary and description`);
    }
  });

  it('the dashboard is well formed: a datasource variable, unique panel ids, panels on the 24-column grid without overlaps', async () => {
    const board = await dashboard();
    assert.equal(board.uid, 'oom-triage');
    assert.ok(board.templating.list.some((v) => v.name === 'datasource'));
    const ids = board.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'unique panel ids');
    for (const panel of board.panels) {
      const { x, y, w, h } = panel.gridPos;
      assert.ok(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0, `panel "${panel.title}" fits the grid`);
      if (panel.type === 'row') continue;
      assert.deepEqual(panel.datasource, { type: 'prometheus', uid: '${datasource}' }, `panel "${panel.title}" uses the datasource variable`);
      assert.ok((panel.targets ?? []).length > 0, `panel "${panel.title}" has a query`);
    }
    const overlap = (a: Panel['gridPos'], b: Panel['gridPos']) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (let i = 0; i < board.panels.length; i++) {
      for (let j = i + 1; j < board.panels.length; j++) {
        const [a, b] = [board.panels[i]!, board.panels[j]!];
        assert.ok(!overlap(a.gridPos, b.gridPos), `"${a.title}" and "${b.title}" overlap`);
      }
    }
  });

  describe('promtool', () => {
    const promtool = async (t: { skip(message: string): void }, args: string[], cwd = ROOT) => {
      try {
        return await run(PROMTOOL, args, { cwd });
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
        if (e.code === 'ENOENT') {
          if (process.env['CI']) assert.fail(`${PROMTOOL} is missing: .ci/run unpacks it from Debian's prometheus package`);
          t.skip(`${PROMTOOL} not found: install Debian's prometheus package (or set PROMTOOL); the rules were NOT checked by promtool`);
          return null;
        }
        assert.fail(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      }
    };

    it('checks the alert rules', async (t) => {
      const result = await promtool(t, ['check', 'rules', ALERTS]);
      if (result) assert.match(result.stdout, /SUCCESS: \d+ rules found/);
    });

    it('passes the alert rules unit tests (oom-triage-alerts.test.yml)', async (t) => {
      const result = await promtool(t, ['test', 'rules', ALERT_TESTS], dirname(ALERT_TESTS));
      if (result) assert.match(result.stdout, /SUCCESS/);
    });

    it("parses every dashboard query as PromQL (Grafana's variables filled in)", async (t) => {
      const exprs = await dashboardExprs();
      const fill = (expr: string) =>
        expr.replaceAll('$__rate_interval', '5m').replaceAll('$__range', '6h').replaceAll('$__interval', '1m').replaceAll('$job', '.+');
      assert.ok(exprs.every((e) => !/\$(?!__rate_interval|__range|__interval|job)\w/.test(e.expr)), 'no other Grafana variable in a query');
      const rules = { groups: [{ name: 'dashboard-queries', rules: exprs.map((e) => ({ record: `dashboard:panel${e.panel.id}:${e.refId.toLowerCase()}`, expr: fill(e.expr) })) }] };
      const dir = await mkdtemp(join(tmpdir(), 'oom-triage-dashboard-'));
      try {
        const file = join(dir, 'dashboard-queries.yml');
        await writeFile(file, stringify(rules));
        const result = await promtool(t, ['check', 'rules', file]);
        if (result) assert.match(result.stdout, new RegExp(`SUCCESS: ${exprs.length} rules found`));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
