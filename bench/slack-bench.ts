/**
 * The Slack figures of DESIGN §5, against the test Slack server on loopback and a real Redis, with
 * the bot deployed as DESIGN §1 and docker-compose run it: one web process (ROLE=web) and one
 * worker process (ROLE=worker), each the real entry point in its own node process.
 *
 * - reply latency: a steady 50 signed message events a second (paced by the clock, not a flood:
 *   under overload latency only measures the queue); each latency is the time from the event POST
 *   leaving the bench to the fake Slack receiving the threaded chat.postMessage for that message;
 * - ack latency: the HTTP response time of those same POSTs;
 * - throughput: one worker process alone draining a full queue of pastes (after a warm-up batch),
 *   counted by the ✅ reactions that end each job;
 * - the kill history is on throughout (the default): every paste is the same workload, so each reply
 *   reads that workload's earlier kills (up to 50, from up to 200 channels, each channel's
 *   visibility asked of Slack once) and each job records its kill after replying; plus Redis memory
 *   per recorded kill, from MEMORY USAGE of every history key after recording 1000 kills.
 *
 * `runSlackBench()` is imported by bench/run.ts; `node --import tsx bench/slack-bench.ts` runs it
 * alone. BENCH_SLACK_SECONDS, BENCH_SLACK_JOBS, BENCH_WORKER_CONCURRENCY change the load;
 * BENCH_HISTORY_DAYS=0 runs the bot with the kill history off (for a comparison);
 * BENCH_SLACK_PROFILE=DIR writes a CPU profile of each bot process there (`node --cpu-prof`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createEnqueuer, QUEUE_NAME } from '../src/queue/enqueue-analysis.js';
import { newAnalysisJob } from '../src/queue/new-analysis-job.js';
import { jobIdForMessage } from '../src/queue/job-id.js';
import { REACTION } from '../src/slack/slack-notices.js';
import type { AnalysisJob } from '../src/queue/job-schema.js';
import { startFakeSlack, TEAM_ID, type ApiCall, type FakeSlack } from '../test/helpers/fake-slack.js';
import { startRedis } from '../test/helpers/redis-harness.js';
import { signSlack } from '../test/helpers/sign-slack.js';
import { analyzeText } from '../src/analysis/analyze.js';
import { historyEntries } from '../src/history/history-entry.js';
import { createHistoryStore } from '../src/history/history-store.js';
import type { BenchRow } from './bench-row.js';
import { pickEntryPoint, startBotProcess, type BotProcess, type EntryPoint } from './start-bot-process.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-test-token';
const LOG = readFileSync(new URL('../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const RATE = 50;
/** Channels the steady load is spread over (well under the per-channel rate limit each). */
const CHANNELS = 200;
const SECONDS = Number(process.env['BENCH_SLACK_SECONDS'] ?? 10);
const WARMUP_SECONDS = 3;
const DRAIN_JOBS = Number(process.env['BENCH_SLACK_JOBS'] ?? 2000);
const DRAIN_WARMUP_JOBS = 300;
const CONCURRENCY = process.env['BENCH_WORKER_CONCURRENCY'] ?? '8';
const PROFILE_DIR = process.env['BENCH_SLACK_PROFILE'];
const HISTORY_DAYS = process.env['BENCH_HISTORY_DAYS'] ?? '90';

function botEnv(slack: FakeSlack, redisUrl: string, prefix: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_FILE_HOSTS: slack.host,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: CONCURRENCY,
    HISTORY_RETENTION_DAYS: HISTORY_DAYS,
    LOG_LEVEL: process.env['BENCH_SLACK_SHOW_LOGS'] ? 'info' : 'silent',
  };
}

function nodeArgs(): string[] {
  return PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Reads the fake's call log from where it last stopped: the log grows to tens of thousands of calls. */
function callReader(slack: FakeSlack): (visit: (call: ApiCall) => void) => void {
  let next = 0;
  return (visit) => {
    for (; next < slack.calls.length; next++) visit(slack.calls[next]!);
  };
}

async function until(probe: () => boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function runSlackBench(): Promise<BenchRow[]> {
  const entry = pickEntryPoint(ROOT);
  const redis = await startRedis();
  const slack = await startFakeSlack();
  const rows: BenchRow[] = [];
  try {
    rows.push(...(await latencyAtSteadyRate(entry, slack, redis.url)));
    rows.push(await workerThroughput(entry, slack, redis.url));
    rows.push(...(await historyStoreRows(redis.url)));
  } finally {
    await slack.close();
    await redis.stop();
  }
  return rows;
}

/** RATE signed message events a second for SECONDS seconds (after a warm-up at the same rate) into a web process with one worker process behind it. */
async function latencyAtSteadyRate(entry: EntryPoint, slack: FakeSlack, redisUrl: string): Promise<BenchRow[]> {
  const env = botEnv(slack, redisUrl, '{bench-latency}');
  const processes: BotProcess[] = [];
  try {
    processes.push(await startBotProcess(ROOT, entry, 'web', env, nodeArgs()));
    processes.push(await startBotProcess(ROOT, entry, 'worker', env, nodeArgs()));
    const url = `http://127.0.0.1:${processes[0]!.port}/slack/events`;
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const replies = new Map<string, number>();
    const read = callReader(slack);
    const eyes: number[] = [];
    const replyAt = new Map<string, number>();
    const collect = () =>
      read((c) => {
        if (c.method === 'reactions.add' && c.args['name'] === 'eyes') {
          const sent = sentAt.get(String(c.args['timestamp']));
          if (sent !== undefined) eyes.push(c.at - sent);
        }
        if (c.method !== 'chat.postMessage') return;
        const thread = String(c.args['thread_ts']);
        replies.set(thread, (replies.get(thread) ?? 0) + 1);
        const sent = sentAt.get(thread);
        if (sent !== undefined && replies.get(thread) === 1) {
          latencies.push(c.at - sent);
          replyAt.set(thread, c.at);
        }
      });

    const acks: number[] = [];
    const send = async (n: number, ts: string, measure: boolean): Promise<void> => {
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: TEAM_ID,
        event_id: `Ev${ts.replace('.', '')}`,
        // 50 pastes a second come from many people in many channels: one person or channel would
        // (rightly) meet the per-person and per-channel rate limits long before.
        event: { type: 'message', channel: `C0BENCH${n % CHANNELS}`, user: `U0BENCH${n}`, text: LOG, ts },
      });
      const headers = { 'content-type': 'application/json', ...signSlack(SECRET, body) };
      const start = performance.now();
      if (measure) sentAt.set(ts, Date.now());
      const res = await fetch(url, { method: 'POST', headers, body });
      await res.text();
      if (res.status !== 200) throw new Error(`event POST answered ${res.status}`);
      if (measure) acks.push(performance.now() - start);
    };
    /** Paced by the clock: event i leaves at start + i/RATE, whatever the previous ones are doing. */
    const steady = async (count: number, tsBase: number, measure: boolean): Promise<void> => {
      const started = performance.now();
      const inflight: Array<Promise<void>> = [];
      for (let i = 0; i < count; i++) {
        const wait = started + (i * 1000) / RATE - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        inflight.push(send(tsBase + i, `${tsBase}.${String(i).padStart(6, '0')}`, measure));
        collect();
      }
      await Promise.all(inflight);
    };

    // Warm-up at the same rate: JIT, connections, the worker's first polls.
    const warm = RATE * WARMUP_SECONDS;
    await steady(warm, 1600000000, false);
    await until(() => (collect(), replies.size >= warm), 'the warm-up replies', 60_000);

    const total = RATE * SECONDS;
    await steady(total, 1700000000, true);
    await until(() => (collect(), latencies.length >= total), 'every reply', 120_000);
    const duplicated = [...replies.values()].filter((n) => n > 1).length;
    if (duplicated > 0) throw new Error(`${duplicated} message(s) got more than one reply`);

    // Where the time goes: BullMQ's own timestamps of the measured jobs (same machine clock).
    const stages = await jobStages(redisUrl, '{bench-latency}', replyAt);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const ackP99 = percentile(acks, 99);
    const setup = `${RATE} events/s for ${SECONDS} s; web and worker processes, concurrency ${CONCURRENCY}; kill history ${HISTORY_DAYS === '0' ? 'off' : 'on'}`;
    return [
      { name: `Slack event → threaded reply p50 (${setup})`, value: p50, unit: 'ms', target: '≤ 50 ms', met: p50 <= 50 },
      { name: `Slack event → threaded reply p99 (${setup})`, value: p99, unit: 'ms', target: '≤ 250 ms', met: p99 <= 250 },
      { name: `  event → 👀 reaction p50, i.e. the web process's listener done (p99 ${round(percentile(eyes, 99))} ms)`, value: percentile(eyes, 50), unit: 'ms' },
      { name: `  enqueued → a worker took the job p50 (p99 ${round(percentile(stages.waited, 99))} ms)`, value: percentile(stages.waited, 50), unit: 'ms' },
      { name: `  worker took the job → reply received p50 (p99 ${round(percentile(stages.toReply, 99))} ms)`, value: percentile(stages.toReply, 50), unit: 'ms' },
      { name: `HTTP ack latency p99 (web process, same load; p50 ${round(percentile(acks, 50))} ms)`, value: ackP99, unit: 'ms', target: '≤ 100 ms', met: ackP99 <= 100 },
    ];
  } finally {
    for (const p of processes.reverse()) await p.stop();
  }
}

/** Per measured job: enqueue → taken by a worker, and taken → its reply reached the fake Slack. */
async function jobStages(redisUrl: string, prefix: string, replyAt: Map<string, number>): Promise<{ waited: number[]; toReply: number[] }> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  try {
    const waited: number[] = [];
    const toReply: number[] = [];
    for (const job of await queue.getJobs(['completed'], 0, -1)) {
      const thread = (job.data as AnalysisJob).reactTs ?? '';
      const reply = replyAt.get(thread);
      if (reply === undefined || job.processedOn === undefined) continue;
      waited.push(job.processedOn - job.timestamp);
      toReply.push(reply - job.processedOn);
    }
    return { waited, toReply };
  } finally {
    await queue.close();
    await connection.quit();
  }
}

/**
 * One worker process draining a full queue: DRAIN_WARMUP_JOBS pastes first (JIT), then DRAIN_JOBS
 * enqueued while the queue is paused, timed from resume to the last ✅.
 */
async function workerThroughput(entry: EntryPoint, slack: FakeSlack, redisUrl: string): Promise<BenchRow> {
  const prefix = '{bench-drain}';
  const channel = 'C0BENCH02';
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  const enqueuer = createEnqueuer({ connection, prefix, timeoutMs: 30_000 });
  let done = 0;
  let lastDoneAt = 0;
  const read = callReader(slack);
  const collect = () =>
    read((c) => {
      if (c.method === 'reactions.add' && c.args['channel'] === channel && c.args['name'] === REACTION.done) {
        done++;
        lastDoneAt = c.at;
      }
    });
  const fill = async (from: number, count: number): Promise<void> => {
    for (let i = from; i < from + count; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, from + count - i) }, (_, k) => {
          const ts = `1710000000.${String(i + k).padStart(6, '0')}`;
          return enqueuer.enqueue(jobIdForMessage(TEAM_ID, channel, ts), pasteJob(channel, ts));
        }),
      );
    }
  };
  let worker: BotProcess | null = null;
  try {
    worker = await startBotProcess(ROOT, entry, 'worker', botEnv(slack, redisUrl, prefix), nodeArgs());
    await fill(0, DRAIN_WARMUP_JOBS);
    await until(() => (collect(), done >= DRAIN_WARMUP_JOBS), 'the warm-up jobs', 120_000);

    await queue.pause();
    await fill(DRAIN_WARMUP_JOBS, DRAIN_JOBS);
    const resumedAt = Date.now();
    await queue.resume();
    await until(() => (collect(), done >= DRAIN_WARMUP_JOBS + DRAIN_JOBS), 'the queue drained', 600_000);
    const perSecond = DRAIN_JOBS / ((lastDoneAt - resumedAt) / 1000);
    return {
      name: `analyses per second, one worker process (concurrency ${CONCURRENCY}, ${DRAIN_JOBS} queued pastes)`,
      value: perSecond,
      unit: '/s',
      target: '≥ 200/s',
      met: perSecond >= 200,
    };
  } finally {
    await worker?.stop();
    await enqueuer.close();
    await queue.close();
    await connection.quit();
  }
}

/**
 * Redis bytes per recorded kill: 1000 kills of 100 workloads, through the store the worker uses; and
 * what a reply adds to read a workload's earlier kills (10 of them), median of 500 reads.
 */
async function historyStoreRows(redisUrl: string): Promise<BenchRow[]> {
  const KILLS = 1000;
  const WORKLOADS = 100;
  const prefix = '{bench-history}';
  const connection = new Redis(redisUrl);
  try {
    const store = createHistoryStore(connection, prefix, { retentionSeconds: 90 * 86_400 });
    const [base] = historyEntries({ report: analyzeText(LOG), jobId: 'x', channel: 'C0BENCH01', permalink: null, analysedAt: 0 });
    if (!base) throw new Error('the bench paste has no fingerprinted kill');
    const t0 = Date.now();
    for (let i = 0; i < KILLS; i++) {
      const jobId = `msg-${TEAM_ID}-C0BENCH${i % 200}-1720000000_${String(i).padStart(6, '0')}`;
      const fp = `${base.fp.slice(0, 12)}${String(i % WORKLOADS).padStart(4, '0')}`;
      const permalink = `https://example.slack.com/archives/C0BENCH${i % 200}/p1720000000${String(i).padStart(6, '0')}?thread_ts=1720000000.${String(i).padStart(6, '0')}&cid=C0BENCH${i % 200}`;
      await store.record(TEAM_ID, [{ ...base, id: `${jobId}#0`, fp, channel: `C0BENCH${i % 200}`, permalink, analysedAt: t0 + i, pid: 30000 + i }]);
    }
    let bytes = 0;
    let keys = 0;
    const stream = connection.scanStream({ match: store.keyPattern(TEAM_ID), count: 500 });
    for await (const batch of stream as AsyncIterable<string[]>) {
      for (const key of batch) {
        bytes += Number(await connection.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
        keys++;
      }
    }
    const reads: number[] = [];
    for (let i = 0; i < 500; i++) {
      const started = performance.now();
      await store.byFingerprint(TEAM_ID, `${base.fp.slice(0, 12)}${String(i % WORKLOADS).padStart(4, '0')}`);
      reads.push(performance.now() - started);
    }
    return [
      { name: `Redis memory per recorded kill (${KILLS} kills of ${WORKLOADS} workloads, ${keys} keys, MEMORY USAGE)`, value: bytes / KILLS, unit: 'B' },
      { name: `  a reply's read of one workload's earlier kills (${KILLS / WORKLOADS} kept), median of 500 (p99 ${round(percentile(reads, 99))} ms)`, value: percentile(reads, 50), unit: 'ms' },
    ];
  } finally {
    await connection.quit();
  }
}

function pasteJob(channel: string, ts: string): AnalysisJob {
  return newAnalysisJob({
    trigger: 'paste',
    teamId: TEAM_ID,
    channel,
    source: { kind: 'inline', text: LOG, files: [] },
    reply: { kind: 'thread', threadTs: ts },
    reactTs: ts,
    explicit: false,
    requestedBy: 'U0HUMAN01',
  });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runSlackBench().then(
    (rows) => {
      for (const r of rows) process.stdout.write(`${r.name}: ${round(r.value)} ${r.unit}${r.target ? ` (target ${r.target}, ${r.met ? 'met' : 'NOT met'})` : ''}\n`);
      process.stdout.write(`(load average at the end: ${readFileSync('/proc/loadavg', 'utf8').trim()})\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
