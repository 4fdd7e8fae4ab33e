/**
 * Redis faults with a real redis-server. A message that arrives while Redis is down (longer than the
 * enqueue's own 2 s deadline) is held by the web process and analysed once Redis is back: one reply,
 * no repost, no "try again" note. Beyond the hold (too long, too many, or the bot stopping) the user
 * is told it was not queued. With persistence on (append-only file), a Redis that crashes and
 * restarts still has the jobs that were accepted, and a worker started afterwards answers them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { startFakeSlack } from '../helpers/fake-slack.js';
import { startRedis } from '../helpers/redis-harness.js';
import { startWorkerRuntime } from './helpers/worker-runtime.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');

/** Polls GET /readyz until it answers 200 (the queue writable again), for up to 20 s. */
async function untilReady(url: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if ((await fetch(`${url}/readyz`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('/readyz never answered 200');
}

/** Jobs the bot holds now (the oom_triage_queue_held_jobs gauge). */
async function held(bot: Bot): Promise<number> {
  return (await bot.metrics.heldJobs.get()).values[0]?.value ?? 0;
}

const notesIn = (bot: Bot, channel: string, ts: string) =>
  bot.slack.messagesIn(channel, ts).filter((m) => m['ts'] !== ts && /queue is unreachable/.test(String(m['text'])));

describe('Redis down when messages arrive', () => {
  it('a message that arrives while Redis is down is analysed once it is back: one reply, no repost, no note', async () => {
    const redis = await startRedis();
    // Rate limits on: their Redis check must not be what loses the message.
    const bot = await startBot({ redis, env: { RATE_LIMIT_USER_PER_MINUTE: '10', RATE_LIMIT_CHANNEL_PER_MINUTE: '30' } });
    const channel = 'C0OUTAGE1';
    try {
      await untilReady(bot.url);
      await redis.stop();
      const during = '1700009000.000100';
      assert.equal((await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts: during })).status, 200);
      // Held once the enqueue has tried for its whole 2 s deadline.
      for (let i = 0; i < 2000 && (await held(bot)) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await held(bot), 1, 'the message is held');
      assert.equal((await fetch(`${bot.url}/readyz`)).status, 503);
      await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, during).join() === 'eyes', '👀: it was seen, and will be answered');

      await redis.restart();
      // Generous: BullMQ's connections reconnect with backoff, slower on a loaded machine; this waits, it does not time anything.
      await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, during).join() === 'memo', '📝 on the message sent during the outage', 90_000);
      const replies = bot.slack.messagesIn(channel, during).filter((m) => m['ts'] !== during && m['files'] === undefined);
      assert.equal(replies.length, 1, 'one reply, and no note asking to repost');
      assert.match(JSON.stringify(replies[0]!['blocks']), /30211/);
      assert.equal(await held(bot), 0);

      const next = '1700009000.000200';
      await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts: next });
      await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, next).join() === 'memo', '📝 on the next message', 90_000);
    } finally {
      await bot.stop();
      await redis.stop();
    }
  });

  it('held longer than QUEUE_HOLD_MS: the user is told it was not queued', async () => {
    const redis = await startRedis();
    const bot = await startBot({ redis, env: { ROLE: 'web', QUEUE_HOLD_MS: '1000' } });
    const channel = 'C0OUTAGE2';
    try {
      await untilReady(bot.url);
      await redis.stop();
      const ts = '1700009000.000300';
      await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts });
      await bot.slack.waitFor(() => notesIn(bot, channel, ts).length === 1, 'the note');
      await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, ts).join() === 'warning', '⚠️ for 👀');
      assert.equal(await held(bot), 0);
    } finally {
      await bot.stop();
    }
  });

  it('more messages than QUEUE_HOLD_MAX_JOBS: the one beyond is told at once, the held one is analysed later', async () => {
    const redis = await startRedis();
    const bot = await startBot({ redis, env: { QUEUE_HOLD_MAX_JOBS: '1' } });
    const channel = 'C0OUTAGE3';
    try {
      await untilReady(bot.url);
      await redis.stop();
      const first = '1700009000.000400';
      const second = '1700009000.000500';
      await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts: first });
      for (let i = 0; i < 2000 && (await held(bot)) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts: second });
      await bot.slack.waitFor(() => notesIn(bot, channel, second).length === 1, 'the note on the second');
      await redis.restart();
      await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, first).join() === 'memo', '📝 on the first', 90_000);
      assert.equal(notesIn(bot, channel, first).length, 0);
    } finally {
      await bot.stop();
      await redis.stop();
    }
  });

  it('the bot stopped (as on SIGTERM) while it holds a message: the user is told before it stops', async () => {
    const redis = await startRedis();
    const slack = await startFakeSlack();
    const bot = await startBot({ redis, slack, env: { ROLE: 'web' } });
    const channel = 'C0OUTAGE4';
    try {
      await untilReady(bot.url);
      await redis.stop();
      const ts = '1700009000.000600';
      await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text: LOG, ts });
      for (let i = 0; i < 2000 && (await held(bot)) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await bot.stop();
      assert.equal(notesIn(bot, channel, ts).length, 1);
      assert.deepEqual(slack.reactionsOn(channel, ts), ['warning']);
    } finally {
      await bot.stop();
      await slack.close();
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
