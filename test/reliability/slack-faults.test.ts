/**
 * Exactly one reply under Slack faults that hide whether a post went through, and no job held by a
 * call Slack never answers. The real Bolt app, Redis, BullMQ worker and Web API client against the
 * Slack stand-in; what is counted is what a user sees in the thread.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0SLKFAULT';

describe('Slack faults that hide whether a post went through', () => {
  let redis: TestRedis;
  let bot: Bot;
  before(async () => {
    redis = await startRedis();
    // A short Web API deadline, so a call that is never answered fails within the test.
    bot = await startBot({ redis, env: { SLACK_API_TIMEOUT_MS: '500' } });
  });
  after(async () => {
    await bot.stop();
    await redis.stop();
  });
  // Messages the bot posted in the thread (files shared there, such as a chart, are not messages).
  const botRepliesIn = (ts: string) => bot.slack.messagesIn(CHANNEL, ts).filter((m) => m['ts'] !== ts && m['files'] === undefined);
  const paste = async (ts: string) => {
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', `📝 on ${ts}`);
  };

  it('Slack takes the reply but answers 500: the thread gets it once', async () => {
    const ts = '1700011000.000100';
    bot.slack.failNext('chat.postMessage', { status: 500, commit: true });
    await paste(ts);
    const replies = botRepliesIn(ts);
    assert.equal(replies.length, 1, 'one reply in the thread');
    assert.match(JSON.stringify(replies[0]!['blocks']), /30211/);
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).length, 1, 'the answered-500 post was found, not repeated');
  });

  it('Slack takes the reply, answers 500, and the look in the thread fails too: no blind second post, one reply', async () => {
    const ts = '1700011000.000200';
    bot.slack.failNext('chat.postMessage', { status: 500, commit: true });
    // Two failures: more than the reads' own retry, so the job's second attempt fails while looking.
    bot.slack.failNext('conversations.replies', { status: 500 }, 2);
    await paste(ts);
    assert.equal(botRepliesIn(ts).length, 1);
    assert.ok(bot.slack.callsTo('conversations.replies').filter((c) => c.args['ts'] === ts).length >= 3, 'the third look found the reply');
  });

  it('a post Slack never answers: the attempt times out and the job finishes on its next attempt, with one reply', async () => {
    const ts = '1700011000.000300';
    const held = bot.slack.hold('chat.postMessage');
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts });
    const call = await held.arrived;
    assert.equal(call.args['thread_ts'], ts);
    // Never released: only the client's deadline ends the wait.
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝 after the retry');
    assert.equal(botRepliesIn(ts).length, 1);
  });

  it('a post Slack took but never answers: the next attempt finds it and does not post again', async () => {
    const ts = '1700011000.000400';
    const held = bot.slack.hold('chat.postMessage', { commit: true });
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts });
    await held.arrived;
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝 after the retry');
    assert.equal(botRepliesIn(ts).length, 1);
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).length, 1, 'no second post was tried');
  });

  it('a read Slack never answers (the linked message): timed out, retried, answered', async () => {
    const linked = '1700011000.000500';
    bot.slack.addMessage(CHANNEL, { type: 'message', user: 'U0HUMAN01', text: LOG, ts: linked });
    // More holds than the client's own read retries: the job attempt fails and BullMQ retries it.
    bot.slack.hold('conversations.history');
    bot.slack.hold('conversations.history');
    await bot.sendCommand(`analyze https://fake.slack.com/archives/${CHANNEL}/p${linked.replace('.', '')}`);
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, linked).join() === 'memo', '📝 on the linked message');
    assert.equal(botRepliesIn(linked).length, 1);
  });
});
