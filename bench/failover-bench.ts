/**
 * The Redis Cluster figures: a web and a worker process (the real entry point, ROLE=web / ROLE=worker)
 * on a real 3-master + 3-replica cluster on loopback (test/helpers/redis-cluster-harness.ts), fed a
 * steady RATE signed message events a second for SECONDS seconds; KILL_AT seconds in, the master
 * serving the queue's slot is killed (SIGKILL), and a replica takes over (cluster-node-timeout 1 s).
 *
 * - time to recover: from the kill to the first reply to a message sent after it (the queue takes
 *   writes again), and to the point from which every message is answered within 1 s again;
 * - messages delayed: replies that came more than 1 s after their event (p50 is tens of ms otherwise);
 * - lost and duplicated: messages with no reply, or more than one (both must be 0);
 * - queue depth: the web process's own gauges (oom_triage_queue_waiting_jobs, …_oldest_waiting_seconds,
 *   oom_triage_queue_held_jobs), scraped every 100 ms; their highest values.
 *
 * `runFailoverBench()` is imported by bench/run.ts; `node --import tsx bench/failover-bench.ts` runs
 * it alone. BENCH_FAILOVER_SECONDS changes the load's length.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startFakeSlack, TEAM_ID, type FakeSlack } from '../test/helpers/fake-slack.js';
import { startRedisCluster } from '../test/helpers/redis-cluster-harness.js';
import { signSlack } from '../test/helpers/sign-slack.js';
import type { BenchRow } from './bench-row.js';
import { pickEntryPoint, startBotProcess, type BotProcess } from './start-bot-process.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECRET = 'bench-signing-secret';
const LOG = readFileSync(new URL('../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const RATE = 50;
const SECONDS = Number(process.env['BENCH_FAILOVER_SECONDS'] ?? 12);
const KILL_AT_SECONDS = Number(process.env['BENCH_FAILOVER_KILL_AT'] ?? 4);
const PREFIX = '{bench-failover}';
const CHANNELS = 200;
const WARMUP_SECONDS = 3;

export async function runFailoverBench(): Promise<BenchRow[]> {
  const cluster = await startRedisCluster();
  const slack = await startFakeSlack();
  const processes: BotProcess[] = [];
  try {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_FILE_HOSTS: slack.host,
      // Empty counts as unset: a REDIS_URL in the bench's own environment must not meet the Cluster's.
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: cluster.startupNodes.map((n) => `${n.host}:${n.port}`).join(','),
      QUEUE_PREFIX: PREFIX,
      WORKER_CONCURRENCY: '8',
      LOG_LEVEL: process.env['BENCH_SLACK_SHOW_LOGS'] ? 'info' : 'silent',
    };
    const entry = pickEntryPoint(ROOT);
    const web = await startBotProcess(ROOT, entry, 'web', env);
    processes.push(web);
    processes.push(await startBotProcess(ROOT, entry, 'worker', env));
    const base = `http://127.0.0.1:${web.port}`;
    await until(async () => (await fetch(`${base}/readyz`)).status === 200, 'the web process ready', 60_000);

    const sentAt = new Map<string, number>();
    const send = async (n: number): Promise<void> => {
      const ts = `1720000000.${String(n).padStart(7, '0')}`;
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: TEAM_ID,
        event_id: `EvF${n}`,
        event: { type: 'message', channel: `C0FAIL${n % CHANNELS}`, user: `U0FAIL${n}`, text: LOG, ts },
      });
      sentAt.set(ts, Date.now());
      const res = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signSlack(SECRET, body) }, body });
      await res.text();
    };

    // The web process's gauges, scraped through the failover.
    const peak = { waiting: 0, oldest: 0, held: 0 };
    let scraping = true;
    const scraper = (async () => {
      while (scraping) {
        const text = await (await fetch(`${base}/metrics`)).text().catch(() => '');
        const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
        for (const [key, name] of [['waiting', 'oom_triage_queue_waiting_jobs'], ['oldest', 'oom_triage_queue_oldest_waiting_seconds'], ['held', 'oom_triage_queue_held_jobs']] as const) {
          const v = gauge(name);
          if (Number.isFinite(v)) peak[key] = Math.max(peak[key], v);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    /** Paced by the clock: event i leaves at start + i/RATE, whatever the previous ones are doing. */
    const steady = async (from: number, count: number, atSecond?: { second: number; run: () => void }): Promise<void> => {
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        const wait = started + (i * 1000) / RATE - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (atSecond && i === RATE * atSecond.second) atSecond.run();
        inflight.push(send(from + i));
      }
    };
    const inflight: Array<Promise<void>> = [];
    // Warm-up at the same rate (JIT, connections), not measured.
    await steady(900_000, RATE * WARMUP_SECONDS);
    await Promise.all(inflight);
    sentAt.clear();

    const total = RATE * SECONDS;
    let killedAt = 0;
    // The moment the master is gone (the harness first asks the cluster which node it is).
    await steady(0, total, { second: KILL_AT_SECONDS, run: () => void cluster.killMasterOf(PREFIX).then(() => (killedAt = Date.now())) });
    await Promise.all(inflight);

    const replies = () => {
      const byThread = new Map<string, number[]>();
      for (const c of slack.callsTo('chat.postMessage')) {
        if (c.result?.['ok'] !== true) continue;
        const thread = String(c.args['thread_ts']);
        byThread.set(thread, [...(byThread.get(thread) ?? []), c.at]);
      }
      return byThread;
    };
    await until(
      () => {
        const answered = replies();
        return [...sentAt.keys()].every((ts) => answered.has(ts));
      },
      'a reply to every message',
      180_000,
    ).catch(() => undefined);
    scraping = false;
    await scraper;

    const byThread = replies();
    const latencies: number[] = [];
    let lost = 0;
    let duplicated = 0;
    /** Messages sent after the kill: when sent, and how long their reply took. */
    const afterKill: Array<{ sent: number; latency: number; repliedAt: number }> = [];
    for (const [ts, sent] of sentAt) {
      const at = byThread.get(ts);
      if (!at) {
        lost++;
        continue;
      }
      if (at.length > 1) duplicated++;
      latencies.push(at[0]! - sent);
      if (sent >= killedAt) afterKill.push({ sent, latency: at[0]! - sent, repliedAt: at[0]! });
    }
    const delayed = latencies.filter((l) => l > 1000).length;
    const beforeKill = [...sentAt].filter(([, sent]) => sent < killedAt).map(([ts, sent]) => (byThread.get(ts)?.[0] ?? Infinity) - sent).sort((a, b) => a - b);
    // The queue took writes again: the first reply to a message sent after the kill.
    const firstAnswered = Math.min(...afterKill.map((m) => m.repliedAt)) - killedAt;
    // On time again: every message sent from then on was answered within 1 s.
    afterKill.sort((a, b) => a.sent - b.sent);
    const lastLate = afterKill.filter((m) => m.latency > 1000).at(-1);
    const onTimeAgain = lastLate ? lastLate.sent - killedAt : 0;
    const setup = `${RATE} events/s for ${SECONDS} s after a warm-up, the queue's master killed ${KILL_AT_SECONDS} s in`;
    return [
      { name: `Cluster failover: kill → first reply to a message sent after it (${setup})`, value: firstAnswered, unit: 'ms' },
      { name: '  kill → replies on time again (every later message answered within 1 s)', value: onTimeAgain, unit: 'ms' },
      { name: `  messages delayed past 1 s, of ${total} (max reply latency ${Math.round(Math.max(...latencies))} ms)`, value: delayed, unit: 'msgs' },
      { name: '  (before the kill: reply latency p50)', value: beforeKill[beforeKill.length >> 1] ?? NaN, unit: 'ms' },
      { name: '  messages lost', value: lost, unit: 'msgs', target: '0', met: lost === 0 },
      { name: '  messages answered twice', value: duplicated, unit: 'msgs', target: '0', met: duplicated === 0 },
      { name: '  queue depth: most jobs waiting', value: peak.waiting, unit: 'jobs' },
      { name: '  queue depth: longest wait of the oldest job', value: peak.oldest, unit: 's' },
      { name: '  jobs held by the web process at most', value: peak.held, unit: 'jobs' },
    ];
  } finally {
    for (const p of processes.reverse()) await p.stop();
    await slack.close();
    await cluster.stop();
  }
}

async function until(probe: () => Promise<boolean> | boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await Promise.resolve(probe()).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runFailoverBench().then(
    (rows) => {
      for (const r of rows) process.stdout.write(`${r.name}: ${Math.round(r.value * 10) / 10} ${r.unit}${r.target ? ` (target ${r.target}, ${r.met ? 'met' : 'NOT met'})` : ''}\n`);
      process.stdout.write(`(load average at the end: ${readFileSync('/proc/loadavg', 'utf8').trim()})\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
