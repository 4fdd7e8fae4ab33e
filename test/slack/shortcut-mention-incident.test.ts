/** The message shortcut, a mention in a thread, and incident-channel auto-triage of bot alerts. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, BOT_USER_ID, TEAM_ID, type Bot } from '../helpers/bot-harness.js';
import { blocksText } from '../helpers/blocks-text.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const INCIDENTS = 'C0INCIDNT';

describe('shortcut, mention and incident channels', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot({ env: { INCIDENT_CHANNELS: `C0OTHER01, ${INCIDENTS}` } });
  });
  after(async () => {
    await bot.stop();
  });

  it('"Analyze OOM" on a message replies in that message’s thread', async () => {
    const ts = '1700004000.000100';
    const res = await bot.sendInteraction({
      type: 'message_action',
      callback_id: 'analyze_oom',
      trigger_id: 'trig.shortcut.1',
      response_url: bot.slack.responseUrl('shortcut'),
      team: { id: TEAM_ID, domain: 'fake' },
      channel: { id: 'C0SHORTC1', name: 'ops' },
      user: { id: 'U0HUMAN01', name: 'alice' },
      message_ts: ts,
      message: { type: 'message', user: 'U0HUMAN09', ts, text: LOG },
      token: 'legacy',
    });
    assert.equal(res.status, 200);
    const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the reply');
    assert.equal(reply.args['channel'], 'C0SHORTC1');
    assert.match(blocksText(reply.args['blocks']), /test \(pid 30211\) killed/);
  });

  for (const [name, fixture, says, command] of [
    ['Alertmanager', 'alertmanager-docs-receiver-oom-killer.json', /was OOM-killed 2 times in 10 minutes/, 'kubectl logs api-7d9f8b6c5-x2x9q -n payments -c api --previous'],
    ['Grafana', 'grafana-default-template-oom-killer.json', /OOM-killed/, 'kubectl logs report-worker-5f7c9d8b47-m2vtn -n batch -c worker --previous'],
  ] as const) {
    it(`"Analyze OOM" on an alert from ${name} outside an incident channel: read from its attachments, answered from the alert`, async () => {
      const ts = `17000041${name.length}0.000100`;
      const alert = JSON.parse(readFileSync(new URL(`../fixtures/alerts/${fixture}`, import.meta.url), 'utf8')) as Record<string, unknown>;
      const res = await bot.sendInteraction({
        type: 'message_action',
        callback_id: 'analyze_oom',
        trigger_id: `trig.shortcut.${name}`,
        response_url: bot.slack.responseUrl(`shortcut-${name}`),
        team: { id: TEAM_ID, domain: 'fake' },
        channel: { id: 'C0SHORTC2', name: 'ops' },
        user: { id: 'U0HUMAN01', name: 'alice' },
        message_ts: ts,
        // As Slack sends an integration's message: no text of its own, everything in the attachments.
        message: { type: 'message', subtype: 'bot_message', bot_id: 'B0ALERTMGR', ts, text: '', ...alert },
        token: 'legacy',
      });
      assert.equal(res.status, 200);
      const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the answer');
      const answer = blocksText(reply.args['blocks']);
      assert.match(answer, says);
      assert.ok(answer.includes(command), answer);
      assert.equal(bot.slack.responses.filter((r) => /No OOM-killer kill/.test(String(r.body['text']))).length, 0, 'not "nothing found"');
    });
  }

  it('@oom-triage in a thread analyses the thread’s root message', async () => {
    const root = '1700004100.000100';
    bot.slack.addMessage('C0MENTION', { type: 'message', user: 'U0HUMAN03', ts: root, text: LOG });
    await bot.sendEvent({ type: 'app_mention', channel: 'C0MENTION', user: 'U0HUMAN04', text: `<@${BOT_USER_ID}> what happened?`, ts: '1700004100.000200', thread_ts: root });
    const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === root), 'the reply');
    assert.equal(reply.args['channel'], 'C0MENTION');
    assert.match(blocksText(reply.args['blocks']), /parent cgroup \/mm_test hit its memory limit/);
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0MENTION', root).join() === 'memo', '📝 on the root');
  });

  it('a mention that carries the log itself gets one reply, although Slack sends it as a message too', async () => {
    const ts = '1700004200.000100';
    const text = `<@${BOT_USER_ID}> ${LOG}`;
    await bot.sendEvent({ type: 'message', channel: 'C0MENTION', user: 'U0HUMAN04', text, ts });
    await bot.sendEvent({ type: 'app_mention', channel: 'C0MENTION', user: 'U0HUMAN04', text, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0MENTION', ts).join() === 'memo', '📝');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).length, 1);
  });

  it('in an incident channel, an integration’s alert (attachments) is analysed and the verdict broadcast', async () => {
    const ts = '1700004300.000100';
    await bot.sendEvent({
      type: 'message',
      subtype: 'bot_message',
      channel: INCIDENTS,
      bot_id: 'B0ALERTMGR',
      username: 'alertmanager',
      text: '',
      ts,
      attachments: [{ fallback: '[FIRING] OOMKill on node-7', title: '[FIRING] OOMKill on node-7', text: LOG }],
    });
    const broadcast = await bot.slack.waitFor(
      () => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts && c.args['reply_broadcast'] === 'true'),
      'the broadcast verdict',
    );
    assert.equal(broadcast.args['channel'], INCIDENTS);
    assert.match(String(broadcast.args['text']), /test \(pid 30211\)/);
    const details = await bot.slack.waitFor(
      () => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts && c.args['reply_broadcast'] === undefined),
      'the details in the thread',
    );
    assert.match(blocksText(details.args['blocks']), /Next: /);
  });

  it('outside incident channels, other bots’ messages are left alone', async () => {
    const ts = '1700004400.000100';
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: 'C0QUIET01', bot_id: 'B0ALERTMGR', text: LOG, ts });
    const later = '1700004400.000200';
    await bot.sendEvent({ type: 'message', channel: 'C0QUIET01', user: 'U0HUMAN01', text: LOG, ts: later });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('C0QUIET01', later).join() === 'memo', 'the human paste answered');
    assert.equal(bot.slack.calls.filter((c) => c.args['timestamp'] === ts || c.args['thread_ts'] === ts).length, 0);
  });
});
