/**
 * Only Slack gets in: unsigned, wrongly signed, stale (> 5 minutes), far-future and replayed
 * requests are answered 401 through the real HTTP endpoint and never reach a listener. A replay is
 * the very same signed request sent again; the memory of seen requests is in Redis, so a replay
 * sent to another web process is refused too. Slack's own retries (signed afresh) still get in.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SIGNING_SECRET, startBot, type Bot } from '../helpers/bot-harness.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';
import { signSlack } from '../helpers/sign-slack.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0SIGNED1';
const now = () => Math.floor(Date.now() / 1000);

describe('request verification on POST /slack/events', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let bot: Bot;
  let other: Bot;
  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
    // Two web processes behind one load balancer: same Redis, same queue.
    const prefix = `{sig-${randomUUID().slice(0, 8)}}`;
    bot = await startBot({ redis, slack, env: { QUEUE_PREFIX: prefix } });
    other = await startBot({ redis, slack, env: { ROLE: 'web', QUEUE_PREFIX: prefix } });
  });
  after(async () => {
    await other.stop();
    await bot.stop();
    await slack.close();
    await redis.stop();
  });

  const eventBody = (ts: string) =>
    JSON.stringify({
      type: 'event_callback',
      team_id: 'T0TEST01',
      event_id: `Ev${randomUUID().slice(0, 8)}`,
      event: { type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts, event_ts: ts },
    });
  const json = { 'content-type': 'application/json' };
  const helpBody = () =>
    new URLSearchParams({ command: '/oom', text: 'help', team_id: 'T0TEST01', channel_id: CHANNEL, user_id: 'U0HUMAN01', trigger_id: `t.${randomUUID()}`, response_url: slack.responseUrl('x') }).toString();
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const touched = (ts: string) => slack.calls.filter((c) => c.args['timestamp'] === ts || c.args['thread_ts'] === ts);

  it('refuses unsigned, wrongly signed, stale and far-future events with 401, before any listener', async () => {
    const cases: Array<[string, (body: string) => Record<string, string>]> = [
      ['unsigned', () => ({})],
      ['signed with another secret', (body) => signSlack('not-the-secret', body)],
      ['stale (6 minutes old)', (body) => signSlack(SIGNING_SECRET, body, now() - 6 * 60)],
      ['from 10 minutes in the future', (body) => signSlack(SIGNING_SECRET, body, now() + 10 * 60)],
      ['signed over other bytes', (body) => signSlack(SIGNING_SECRET, body.replace(CHANNEL, 'C0OTHER01'))],
    ];
    for (const [i, [what, sign]] of cases.entries()) {
      const ts = `1700010000.00010${i}`;
      const body = eventBody(ts);
      const res = await bot.post(body, { ...json, ...sign(body) });
      assert.equal(res.status, 401, what);
    }
    // A valid message sent afterwards is answered, so anything that got through would have been too.
    const valid = '1700010000.000900';
    const body = eventBody(valid);
    assert.equal((await bot.post(body, { ...json, ...signSlack(SIGNING_SECRET, body) })).status, 200);
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, valid).join() === 'memo', 'the valid message answered');
    for (let i = 0; i < cases.length; i++) assert.deepEqual(touched(`1700010000.00010${i}`), [], `case ${i} reached no listener`);
  });

  it('refuses an unsigned or forged slash command with 401 (a listener would have answered 200 with usage)', async () => {
    const body = helpBody();
    assert.equal((await bot.post(body, form)).status, 401);
    assert.equal((await bot.post(body, { ...form, ...signSlack('not-the-secret', body) })).status, 401);
    const genuine = await bot.post(body, { ...form, ...signSlack(SIGNING_SECRET, body) });
    assert.equal(genuine.status, 200);
    assert.match(genuine.text, /analyze/);
  });

  it('refuses a replayed event with 401: one 👀, one job, one reply', async () => {
    const ts = '1700010001.000100';
    const body = eventBody(ts);
    const headers = { ...json, ...signSlack(SIGNING_SECRET, body) };
    assert.equal((await bot.post(body, headers)).status, 200);
    assert.equal((await bot.post(body, headers)).status, 401, 'the same request again, to the same process');
    assert.equal((await other.post(body, headers)).status, 401, 'the same request again, to another web process');
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝');
    assert.equal(slack.callsTo('reactions.add').filter((c) => c.args['timestamp'] === ts && c.args['name'] === 'eyes').length, 1, 'only the first reached the listener');
    const enqueued = async (b: Bot) => (await b.metrics.registry.getSingleMetric('oom_triage_enqueued_total')?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;
    assert.equal(await enqueued(other), 0, 'the other process enqueued nothing');
    assert.equal(slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).length, 1);
  });

  it('refuses a replayed slash command with 401', async () => {
    const body = helpBody();
    const headers = { ...form, ...signSlack(SIGNING_SECRET, body) };
    assert.equal((await bot.post(body, headers)).status, 200);
    const replay = await bot.post(body, headers);
    assert.equal(replay.status, 401);
    assert.equal(replay.text, '');
  });

  it('still takes Slack’s retries, which Slack signs afresh', async () => {
    const ts = '1700010002.000100';
    const event = { type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts };
    assert.equal((await bot.sendEvent(event, { eventId: 'EvSigRetry' })).status, 200);
    assert.equal((await bot.sendEvent(event, { eventId: 'EvSigRetry', retryNum: 1 })).status, 200);
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝');
    assert.equal(slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).length, 1, 'the job-id dedupe made one reply');
  });
});
