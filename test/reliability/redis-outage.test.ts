/**
 * Redis faults with a real redis-server: while it is down the user is told the message was not
 * queued, and once it is back the next message is analysed without restarting the bot. With
 * persistence on (append-only file), a Redis that crashes and restarts still has the jobs that
 * were accepted, and a worker started afterwards answers them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startBot } from '../helpers/bot-harness.js';
import { startRedis } from '../helpers/redis-harness.js';
import { startWorkerRuntime } from './helpers/worker-runtime.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');

/** Polls GET /readyz until it answers 200 (Redis reachable again), for up to 20 s. */
async function untilReady(url: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if ((await fetch(`${url}/readyz`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('/readyz never answered 200');
}

describe('Redis stops while messages arrive', () => {
  it('the user is told, and when Redis is back the next message works without a restart', async () => {
    const redis = await startRedis();
    // Rate limits on: their Redis check must not be what hides the outage.
    const bot = await startBot({ redis, env: { RATE_LIMIT_USER_PER_MINUTE: '10', RATE_LIMIT_CHANNEL_PER_MINUTE: '30' } });
    const channel = 'C0OUTAGE1';
    try {
      await redis.stop();
      const lost = '1700009000.000100';
      await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts: lost });
      const note = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === lost), 'the note');
      assert.match(String(note.args['text']), /queue is unreachable/);
      assert.equal((await fetch(`${bot.url}/readyz`)).status, 503);

      await redis.restart();
      await untilReady(bot.url);
      const next = '1700009000.000200';
      await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts: next });
      // Generous: BullMQ's connections reconnect with backoff, slower on a loaded machine; this waits, it does not time anything.
      await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, next).join() === 'memo', '📝 on the next message', 90_000);
      const reply = bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === next);
      assert.match(JSON.stringify(reply?.args['blocks']), /30211/);
    } finally {
      await bot.stop();
      await redis.stop();
    }
  });
});

describe('Redis restarts with persistence on', () => {
  it('keeps the queued jobs: a worker started after the restart answers them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-triage-aof-'));
    const redis = await startRedis({ appendOnlyDir: dir });
    const prefix = `{aof-${randomUUID().slice(0, 8)}}`;
    // Only the web role: the jobs wait in Redis, nobody takes them.
    const web = await startBot({ redis, env: { ROLE: 'web', QUEUE_PREFIX: prefix } });
    const channel = 'C0PERSIST';
    const stamps = ['1700009100.000100', '1700009100.000200'];
    let worker: ReturnType<typeof startWorkerRuntime> | null = null;
    try {
      for (const ts of stamps) await web.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts });
      const enqueued = async () => (await web.metrics.registry.getSingleMetric('oom_triage_enqueued_total')?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;
      for (let i = 0; i < 2000 && (await enqueued()) < stamps.length; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await enqueued(), stamps.length, 'both jobs were accepted');

      // A crash, not a clean shutdown: only the append-only file can bring the jobs back.
      await redis.restart({ crash: true });
      worker = startWorkerRuntime({ redisUrl: redis.url, prefix, slack: web.slack });
      for (const ts of stamps) {
        await web.slack.waitFor(() => web.slack.reactionsOn(channel, ts).join() === 'memo', `📝 on ${ts}`);
        assert.equal(web.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts && c.result?.['ok'] === true).length, 1);
      }
    } finally {
      await worker?.stop();
      await web.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
