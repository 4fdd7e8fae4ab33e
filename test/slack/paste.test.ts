/**
 * Pasting a kernel log into a channel: 👀 at once, a threaded reply with the verdict, 👀 → 📝.
 * Drives the real Bolt app with signed requests, a real Redis and BullMQ worker, and the real
 * Web API client talking to the fake Slack server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, BOT_ID, BOT_USER_ID, type Bot } from '../helpers/bot-harness.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';
import { signSlack } from '../helpers/sign-slack.js';
import { blocksText } from '../helpers/blocks-text.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const PARENT_LIMIT_LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0PASTE01';

describe('a pasted OOM log', () => {
  let redis: TestRedis;
  let bot: Bot;
  before(async () => {
    redis = await startRedis();
    bot = await startBot({ redis });
  });
  after(async () => {
    await bot.stop();
    await redis.stop();
  });

  it('gets 👀, then a threaded reply naming the victim and the numbers, then 📝 instead of 👀', async () => {
    const ts = '1700000001.000100';
    const res = await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts, channel_type: 'channel' });
    assert.equal(res.status, 200);

    const eyes = await bot.slack.waitFor(() => bot.slack.callsTo('reactions.add').find((c) => c.args['timestamp'] === ts && c.args['name'] === 'eyes'), '👀');
    assert.equal(eyes.args['channel'], CHANNEL);

    const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the threaded reply');
    assert.equal(reply.args['channel'], CHANNEL);
    const text = blocksText(reply.args['blocks']);
    assert.match(text, /test \(pid 30211\) killed: parent cgroup \/mm_test hit its memory limit/);
    assert.match(text, /30211/);
    assert.match(text, /\/mm_test/);
    assert.match(text, /Usage 200 MiB of a 200 MiB limit \(100%\)/);
    assert.match(text, /limit hit 1607 times/);
    assert.match(text, /Next: /);
    assert.equal(typeof reply.args['text'], 'string');
    assert.ok(String(reply.args['text']).length > 0, 'a plain-text fallback for notifications');

    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝 replacing 👀');
    assert.deepEqual(bot.slack.reactionsOn(CHANNEL, ts), ['memo']);
  });

  it('replies once when Slack retries the event', async () => {
    const ts = '1700000002.000200';
    const event = { type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts };
    await bot.sendEvent(event, { eventId: 'EvRetried' });
    await bot.sendEvent(event, { eventId: 'EvRetried', retryNum: 1 });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝');
    await bot.sendEvent(event, { eventId: 'EvRetried', retryNum: 2 });
    // The third delivery arrives after the job finished; give a duplicate job every chance to run.
    await bot.runtime.worker!.waitUntilReady();
    await new Promise((r) => setTimeout(r, 300));
    const replies = bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);
    assert.equal(replies.length, 1);
  });

  it('leaves 📝 alone when Slack redelivers the event after the reply: no 👀 again', async () => {
    const ts = '1700000002.000300';
    const event = { type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts };
    await bot.sendEvent(event, { eventId: 'EvLateRetry' });
    await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the reply');
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝');

    // Events are acked before the listener runs: the enqueued counter says when it is done.
    const enqueued = async () => (await bot.metrics.registry.getSingleMetric('oom_triage_enqueued_total')?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;
    const before = await enqueued();
    assert.equal((await bot.sendEvent(event, { eventId: 'EvLateRetry', retryNum: 1 })).status, 200);
    for (let i = 0; i < 2000 && (await enqueued()) === before; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await enqueued(), before + 1, 'the redelivery reached the queue');
    // Give a duplicate job (and a late reaction call) every chance to show up.
    await new Promise((r) => setTimeout(r, 300));

    assert.deepEqual(bot.slack.reactionsOn(CHANNEL, ts), ['memo']);
    const eyes = bot.slack.callsTo('reactions.add').filter((c) => c.args['timestamp'] === ts && c.args['name'] === 'eyes');
    assert.equal(eyes.length, 1, '👀 only for the delivery that added the job');
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).length, 1);
  });

  it('says nothing at all about a message without an OOM signature', async () => {
    const ts = '1700000003.000300';
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: 'lunch at noon? <!here>', ts });
    const chatter = '1700000003.000400';
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts: chatter });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, chatter).join() === 'memo', 'the later paste answered');
    assert.equal(bot.slack.calls.filter((c) => c.args['timestamp'] === ts || c.args['thread_ts'] === ts).length, 0);
  });

  it('never answers its own messages', async () => {
    const ts = '1700000004.000400';
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: CHANNEL, bot_id: BOT_ID, text: PARENT_LIMIT_LOG, ts });
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: BOT_USER_ID, bot_id: BOT_ID, text: PARENT_LIMIT_LOG, ts: '1700000004.000500' });
    const later = '1700000004.000600';
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts: later });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, later).join() === 'memo', 'the human paste answered');
    const touched = bot.slack.calls.filter((c) => ['1700000004.000400', '1700000004.000500'].includes(String(c.args['timestamp'] ?? c.args['thread_ts'])));
    assert.deepEqual(touched, []);
  });

  it('escapes <!channel> and links quoted from the log, so nobody is pinged', async () => {
    const ts = '1700000005.000500';
    // Slack delivers "<" and ">" typed by a user as entities; the comm below is the 15-character kernel limit.
    const log = PARENT_LIMIT_LOG.replaceAll('(test)', '(&lt;!channel&gt;)').replace(
      'Task in /mm_test/2 killed',
      'Task in /mm_test/2&lt;http://evil.example|click&gt; killed',
    );
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: log, ts });
    const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the reply');
    const everything = JSON.stringify(reply.args);
    assert.doesNotMatch(everything, /<!channel>/);
    assert.doesNotMatch(everything, /<http:\/\/evil/);
    assert.match(everything, /&lt;!channel&gt;/);
  });

  it('rejects unsigned and stale requests with 401', async () => {
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T0TEST01', event: { type: 'message', channel: CHANNEL, text: PARENT_LIMIT_LOG, ts: '1700000006.000600' } });
    const unsigned = await bot.post(body, { 'content-type': 'application/json' });
    assert.equal(unsigned.status, 401);
    const forged = await bot.post(body, { 'content-type': 'application/json', ...signSlack('not-the-secret', body) });
    assert.equal(forged.status, 401);
    const stale = await bot.post(body, { 'content-type': 'application/json', ...signSlack('test-signing-secret', body, Math.floor(Date.now() / 1000) - 6 * 60) });
    assert.equal(stale.status, 401);
    assert.equal(bot.slack.calls.filter((c) => c.args['timestamp'] === '1700000006.000600').length, 0);
  });
});
