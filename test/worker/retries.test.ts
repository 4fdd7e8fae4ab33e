/**
 * Faults between the worker and Slack: 429 honours Retry-After, 5xx is retried with backoff, a job
 * retried after posting part of its output does not post that part again, and after the last
 * attempt the user is told. Redis down when a message arrives: the user is told too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');

describe('Slack faults while replying', () => {
  let redis: TestRedis;
  let bot: Bot;
  before(async () => {
    redis = await startRedis();
    bot = await startBot({ redis, env: { INCIDENT_CHANNELS: 'C0INCIDNT' } });
  });
  after(async () => {
    await bot.stop();
    await redis.stop();
  });
  const repliesIn = (ts: string) => bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);

  it('waits for Retry-After on a 429 and then replies once', async () => {
    const ts = '1700005000.000100';
    bot.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await bot.sendEvent({ type: 'message', channel: 'C0FAULTS1', user: 'U0HUMAN01', text: LOG, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0FAULTS1', ts).join() === 'memo', '📝');
    const attempts = repliesIn(ts);
    assert.equal(attempts.length, 2, 'the rate-limited call and its retry');
    assert.ok(attempts[1]!.at - attempts[0]!.at >= 900, 'the retry waited for Retry-After: 1');
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts && c.result?.['ok'] === true).length, 1);
  });

  it('retries the job after 5xx answers and replies exactly once', async () => {
    const ts = '1700005000.000200';
    // Posts are not retried by the client: each failure fails a job attempt, and BullMQ retries the job.
    bot.slack.failNext('chat.postMessage', { status: 503 }, 3);
    await bot.sendEvent({ type: 'message', channel: 'C0FAULTS1', user: 'U0HUMAN01', text: LOG, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0FAULTS1', ts).join() === 'memo', '📝');
    assert.equal(repliesIn(ts).filter((c) => c.result?.['ok'] === true).length, 1);
  });

  it('does not repeat the part it had already posted when the job is retried', async () => {
    const ts = '1700005000.000300';
    // The broadcast verdict goes through; the detailed report then fails twice (two job attempts).
    bot.slack.failNext('chat.postMessage', { status: 500, skip: 1 }, 2);
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', bot_id: 'B0ALERTS', channel: 'C0INCIDNT', text: LOG, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0INCIDNT', ts).join() === 'memo', '📝');
    const ok = repliesIn(ts).filter((c) => c.result?.['ok'] === true);
    assert.equal(ok.filter((c) => c.args['reply_broadcast'] === 'true').length, 1, 'one broadcast verdict');
    assert.equal(ok.filter((c) => c.args['reply_broadcast'] === undefined).length, 1, 'one detailed report');
  });

  it('after a 429 with Retry-After and then 5xx answers, replies once, after the wait', async () => {
    const ts = '1700005000.000500';
    // 429 (the client waits 1 s, then the attempt fails), then three 500s: each a job attempt of its own.
    bot.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    bot.slack.failNext('chat.postMessage', { status: 500 }, 3);
    await bot.sendEvent({ type: 'message', channel: 'C0FAULTS3', user: 'U0HUMAN01', text: LOG, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0FAULTS3', ts).join() === 'memo', '📝');
    const attempts = repliesIn(ts);
    const statuses = attempts.map((c) => (c.result ? 'ok' : 'failed'));
    assert.deepEqual(statuses, ['failed', 'failed', 'failed', 'failed', 'ok'], 'the 429, three 500s, then the reply');
    assert.ok(attempts[1]!.at - attempts[0]!.at >= 900, 'the first retry waited for Retry-After: 1');
    assert.match(JSON.stringify(attempts[4]!.args['blocks']), /30211/);
  });

  it('tells the user in the thread, with ⚠️, after the last attempt fails', async () => {
    const ts = '1700005000.000400';
    // 5 attempts, one post each, all fail; the next post (the failure note) goes through.
    bot.slack.failNext('chat.postMessage', { status: 502 }, 5);
    await bot.sendEvent({ type: 'message', channel: 'C0FAULTS2', user: 'U0HUMAN01', text: LOG, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0FAULTS2', ts).join() === 'warning', '⚠️ replacing 👀');
    const notes = repliesIn(ts).filter((c) => c.result?.['ok'] === true);
    assert.equal(notes.length, 1);
    assert.match(String(notes[0]!.args['text']), /:warning:/);
  });
});

describe('Redis unreachable when a message arrives, with holding off', () => {
  it('tells the user in the thread instead of dropping the message', async () => {
    const redis = await startRedis();
    // QUEUE_HOLD_MAX_JOBS=0: nothing is held for later (test/reliability/redis-outage.test.ts holds).
    const bot = await startBot({ redis, env: { ROLE: 'web', QUEUE_HOLD_MAX_JOBS: '0' } });
    try {
      await redis.stop();
      const ts = '1700005100.000100';
      await bot.sendEvent({ type: 'message', channel: 'C0NOREDIS', user: 'U0HUMAN01', text: LOG, ts });
      const note = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the note');
      assert.match(String(note.args['text']), /queue is unreachable/);
      await bot.slack.waitFor(() => bot.slack.reactionsOn('C0NOREDIS', ts).join() === 'warning', '⚠️');
    } finally {
      await bot.stop();
    }
  });
});
