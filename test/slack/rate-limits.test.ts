/**
 * Per-person and per-channel limits on analyses (RATE_LIMIT_USER_PER_MINUTE,
 * RATE_LIMIT_CHANNEL_PER_MINUTE): checked before anything is queued, counted in Redis so two web
 * processes share them, and announced once per window — a flood is not answered with a flood.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const ALERTS = 'C0RATEALR';

describe('rate limits', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let bot: Bot;
  let other: Bot;
  const logLines: string[] = [];
  const refusals = () => logLines.filter((l) => l.includes('"msg":"rate limited"')).length;
  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
    const env = { QUEUE_PREFIX: `{rate-${randomUUID().slice(0, 8)}}`, RATE_LIMIT_USER_PER_MINUTE: '2', RATE_LIMIT_CHANNEL_PER_MINUTE: '3', INCIDENT_CHANNELS: ALERTS, LOG_LEVEL: 'info' };
    const logStream = { write: (line: string) => void logLines.push(line) };
    bot = await startBot({ redis, slack, env, logStream });
    // A second web process on the same Redis: the limits are shared, not per process.
    other = await startBot({ redis, slack, env: { ...env, ROLE: 'web' }, logStream });
  });
  after(async () => {
    await other.stop();
    await bot.stop();
    await slack.close();
    await redis.stop();
  });
  const repliesIn = (ts: string) => slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);
  const answered = (channel: string, ts: string) => slack.waitFor(() => slack.reactionsOn(channel, ts).join() === 'memo', `📝 on ${ts}`);
  const untilRefusals = (n: number) => slack.waitFor(() => refusals() >= n, `${n} refusals`);

  it('a person over the limit is told once in the thread, then only sees ⏳; others are still answered', async () => {
    const channel = 'C0RATEUSR';
    const paste = (b: Bot, user: string, ts: string) => b.sendEvent({ type: 'message', channel, user, text: LOG, ts });
    const base = refusals();
    await paste(bot, 'U0ALICE01', '1700012000.000100');
    await paste(other, 'U0ALICE01', '1700012000.000200');
    await answered(channel, '1700012000.000100');
    await answered(channel, '1700012000.000200');

    await paste(other, 'U0ALICE01', '1700012000.000300');
    await untilRefusals(base + 1);
    await paste(bot, 'U0ALICE01', '1700012000.000400');
    await untilRefusals(base + 2);

    const [note, ...more] = repliesIn('1700012000.000300');
    assert.match(String(note?.args['text']), /You have started 2 analyses in the last minute/);
    assert.equal(more.length, 0);
    assert.deepEqual(repliesIn('1700012000.000400'), [], 'no second notice');
    await slack.waitFor(() => slack.reactionsOn(channel, '1700012000.000400').includes('hourglass_flowing_sand'), '⏳ on the fourth');
    assert.ok(slack.reactionsOn(channel, '1700012000.000300').includes('hourglass_flowing_sand'));

    await paste(bot, 'U0BOB0001', '1700012000.000500');
    await answered(channel, '1700012000.000500');
  });

  it('a Slack retry of a refused message is not analysed and not announced again', async () => {
    const base = refusals();
    const event = { type: 'message', channel: 'C0RATEUSR', user: 'U0ALICE01', text: LOG, ts: '1700012000.000600' };
    await bot.sendEvent(event, { eventId: 'EvRateRetry' });
    await untilRefusals(base + 1);
    await other.sendEvent(event, { eventId: 'EvRateRetry', retryNum: 1 });
    await untilRefusals(base + 2);
    assert.deepEqual(repliesIn('1700012000.000600'), []);
  });

  it('/oom analyze over the limit answers privately with the limit and queues nothing', async () => {
    const res = await bot.sendCommand(`analyze ${LOG}`, { user_id: 'U0ALICE01', channel_id: 'C0RATECMD' });
    assert.equal(res.status, 200);
    const ack = JSON.parse(res.text) as Record<string, unknown>;
    assert.equal(ack['response_type'], 'ephemeral');
    assert.match(String(ack['text']), /You have started 2 analyses in the last minute.*Try again in \d+ s/);
    const carol = await bot.sendCommand(`analyze ${LOG}`, { user_id: 'U0CAROL01', channel_id: 'C0RATECMD' });
    assert.match(String((JSON.parse(carol.text) as Record<string, unknown>)['text']), /Analysing/);
    await slack.waitFor(() => slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0RATECMD'), 'Carol’s report');
    const commands = (await bot.metrics.registry.getSingleMetric('oom_triage_enqueued_total')?.get())?.values.find((v) => v.labels['trigger'] === 'command');
    assert.equal(commands?.value, 1, 'only Carol’s analysis was queued');
  });

  it('a modal submission over the limit shows the limit under the text box, keeping the pasted log', async () => {
    const submit = await bot.sendInteraction({
      type: 'view_submission',
      team: { id: 'T0TEST01', domain: 'fake' },
      user: { id: 'U0ALICE01', team_id: 'T0TEST01' },
      api_app_id: 'A0TEST',
      token: 'legacy',
      trigger_id: 'trig.rate.modal',
      view: {
        id: 'V0RATEMOD',
        type: 'modal',
        callback_id: 'oom_analyze_modal',
        private_metadata: JSON.stringify({ channel: 'C0RATEMOD' }),
        state: { values: { log: { text: { type: 'plain_text_input', value: LOG } } } },
      },
    });
    assert.equal(submit.status, 200);
    const answer = JSON.parse(submit.text) as { response_action?: string; errors?: Record<string, string> };
    assert.equal(answer.response_action, 'errors');
    assert.match(Object.values(answer.errors ?? {}).join(), /^You have started 2 analyses in the last minute/);
  });

  it('a flooding alert in an incident channel is cut at the channel limit and announced once', async () => {
    const base = refusals();
    const alert = (b: Bot, ts: string) => b.sendEvent({ type: 'message', subtype: 'bot_message', bot_id: 'B0ALERTMGR', channel: ALERTS, text: LOG, ts });
    const stamps = ['1700012100.000100', '1700012100.000200', '1700012100.000300', '1700012100.000400', '1700012100.000500'];
    for (const [i, ts] of stamps.entries()) await alert(i % 2 === 0 ? bot : other, ts);
    for (const ts of stamps.slice(0, 3)) await answered(ALERTS, ts);
    await untilRefusals(base + 2);
    const [note, ...more] = repliesIn(stamps[3]!);
    assert.match(String(note?.args['text']), /This channel has had 3 analyses in the last minute/);
    assert.equal(more.length, 0);
    assert.deepEqual(repliesIn(stamps[4]!), [], 'the rest of the flood gets nothing');
    assert.deepEqual(slack.reactionsOn(ALERTS, stamps[4]!), []);
    // Another channel is not affected.
    await bot.sendEvent({ type: 'message', channel: 'C0RATEOK1', user: 'U0DAVE001', text: LOG, ts: '1700012100.000600' });
    await answered('C0RATEOK1', '1700012100.000600');
  });
});
