/**
 * The Slack figures of DESIGN §5, against the test Slack server on loopback and a real Redis:
 * event → threaded reply latency (p50/p99) at a steady 50 events/s, HTTP ack latency p99 under that
 * load, and the sustained analyses per second of one worker process draining a full queue.
 * `runSlackBench()` is imported by bench/run.ts; `node --import tsx bench/slack-bench.ts` runs it alone.
 */
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createRuntime } from '../src/runtime.js';
import { jobIdForMessage } from '../src/queue/job-id.js';
import { startFakeSlack, TEAM_ID, type FakeSlack } from '../test/helpers/fake-slack.js';
import { startRedis } from '../test/helpers/redis-harness.js';
import { signSlack } from '../test/helpers/sign-slack.js';
import type { BenchRow } from './bench-row.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-test-token';
const LOG = readFileSync(new URL('../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const RATE = 50;
const SECONDS = Number(process.env['BENCH_SLACK_SECONDS'] ?? 10);
const DRAIN_JOBS = Number(process.env['BENCH_SLACK_JOBS'] ?? 2000);
const CONCURRENCY = process.env['BENCH_WORKER_CONCURRENCY'] ?? '8';

function config(slack: FakeSlack, redisUrl: string, role: string, prefix: string): Config {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_FILE_HOSTS: slack.host,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    ROLE: role,
    PORT: '0',
    WORKER_CONCURRENCY: CONCURRENCY,
    LOG_LEVEL: 'silent',
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function runSlackBench(): Promise<BenchRow[]> {
  const redis = await startRedis();
  const slack = await startFakeSlack();
  const rows: BenchRow[] = [];
  try {
    rows.push(...(await latencyAtSteadyRate(slack, redis.url)));
    rows.push(await workerThroughput(slack, redis.url));
  } finally {
    await slack.close();
    await redis.stop();
  }
  return rows;
}

/** 50 signed message events a second for SECONDS seconds through the real Bolt app, ROLE=all. */
async function latencyAtSteadyRate(slack: FakeSlack, redisUrl: string): Promise<BenchRow[]> {
  const runtime = createRuntime({ config: config(slack, redisUrl, 'all', '{bench-latency}'), log: createLogger('silent'), metrics: createMetrics() });
  const server = await runtime.app!.start({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  const send = async (ts: string, measure: boolean) => {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: TEAM_ID,
      event_id: `Ev${ts}`,
      event: { type: 'message', channel: 'C0BENCH01', user: 'U0HUMAN01', text: LOG, ts },
    });
    const start = performance.now();
    if (measure) sentAt.set(ts, Date.now());
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signSlack(SECRET, body) }, body });
    await res.text();
    if (measure) acks.push(performance.now() - start);
  };
  try {
    // Warm-up: JIT, connections, the worker's first poll.
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(`1600000000.${String(i).padStart(6, '0')}`, false)));
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length >= 20, 'warm-up replies', 60000);

    const total = RATE * SECONDS;
    const started = performance.now();
    const inflight: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(send(`1700000000.${String(i).padStart(6, '0')}`, true));
    }
    await Promise.all(inflight);
    const replies = await slack.waitFor(
      () => {
        const posted = slack.callsTo('chat.postMessage').filter((c) => sentAt.has(String(c.args['thread_ts'])));
        return posted.length >= total ? posted : undefined;
      },
      'every reply',
      120000,
    );
    const latencies = replies.map((c) => c.at - sentAt.get(String(c.args['thread_ts']))!);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const ackP99 = percentile(acks, 99);
    return [
      { name: `Slack event → threaded reply p50 (${RATE} events/s, ${SECONDS} s)`, value: round(p50), unit: 'ms', target: '≤ 50 ms', met: p50 <= 50 },
      { name: `Slack event → threaded reply p99 (${RATE} events/s, ${SECONDS} s)`, value: round(p99), unit: 'ms', target: '≤ 250 ms', met: p99 <= 250 },
      { name: `HTTP ack latency p99 (${RATE} events/s)`, value: round(ackP99), unit: 'ms', target: '≤ 100 ms', met: ackP99 <= 100 },
    ];
  } finally {
    await runtime.stop();
  }
}

/** Fills the queue with DRAIN_JOBS pastes, then times one worker process (ROLE=worker) draining it. */
async function workerThroughput(slack: FakeSlack, redisUrl: string): Promise<BenchRow> {
  const prefix = '{bench-drain}';
  const web = createRuntime({ config: config(slack, redisUrl, 'web', prefix), log: createLogger('silent'), metrics: createMetrics() });
  const channel = 'C0BENCH02';
  const done = () => slack.callsTo('reactions.add').filter((c) => c.args['channel'] === channel && c.args['name'] === 'white_check_mark').length;
  try {
    for (let i = 0; i < DRAIN_JOBS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, DRAIN_JOBS - i) }, (_, k) => {
          const ts = `1710000000.${String(i + k).padStart(6, '0')}`;
          return web.enqueuer!.enqueue(jobIdForMessage(TEAM_ID, channel, ts), {
            v: 1,
            trigger: 'paste',
            teamId: TEAM_ID,
            channel,
            source: { kind: 'inline', text: LOG, files: [] },
            reply: { kind: 'thread', threadTs: ts },
            reactTs: ts,
            broadcast: false,
            explicit: false,
            requestedBy: 'U0HUMAN01',
            responseUrl: null,
          });
        }),
      );
    }
  } finally {
    await web.stop();
  }
  const worker = createRuntime({ config: config(slack, redisUrl, 'worker', prefix), log: createLogger('silent'), metrics: createMetrics() });
  try {
    const started = performance.now();
    await slack.waitFor(() => done() >= DRAIN_JOBS, 'the queue drained', 600000);
    const perSecond = DRAIN_JOBS / ((performance.now() - started) / 1000);
    return {
      name: `analyses per second, one worker process (concurrency ${CONCURRENCY}, ${DRAIN_JOBS} queued pastes)`,
      value: round(perSecond),
      unit: '/s',
      target: '≥ 200/s',
      met: perSecond >= 200,
    };
  } finally {
    await worker.stop();
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runSlackBench().then(
    (rows) => {
      for (const r of rows) process.stdout.write(`${r.name}: ${r.value} ${r.unit} (target ${r.target}, ${r.met ? 'met' : 'NOT met'})\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
