/**
 * Incident channels, end to end against the Slack stand-in: an integration's OOM alert (no kernel
 * log in it) gets one threaded answer with the commands named for its pod; the `kubectl describe`
 * someone pastes in that thread gets the kill analysed in the same thread; an alert about anything
 * else gets nothing at all.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { blocksText } from '../helpers/blocks-text.js';

const INCIDENTS = 'C0INCID15';
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/alerts/${name}`, import.meta.url), 'utf8');

/** What `kubectl describe pod api-7d9f8b6c5-x2x9q -n payments` prints after the kills (shortened). */
const DESCRIBE = `Name:             api-7d9f8b6c5-x2x9q
Namespace:        payments
Node:             ip-10-0-3-17.eu-west-1.compute.internal/10.0.3.17
Status:           Running
Controlled By:    ReplicaSet/api-7d9f8b6c5
Containers:
  api:
    Image:          registry.example.com/payments/api:1.42.0
    State:          Running
      Started:      Thu, 18 Jul 2024 15:04:02 +0000
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Thu, 18 Jul 2024 14:58:11 +0000
      Finished:     Thu, 18 Jul 2024 15:03:59 +0000
    Ready:          True
    Restart Count:  3
    Limits:
      memory:  512Mi
    Requests:
      memory:  256Mi`;

describe('incident channels: OOM alerts from integrations', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot({ env: { INCIDENT_CHANNELS: INCIDENTS } });
  });
  after(async () => {
    await bot.stop();
  });

  const repliesIn = (ts: string) => bot.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === INCIDENTS && c.args['thread_ts'] === ts);

  it('an Alertmanager alert → one threaded answer with the filled-in commands; a describe pasted in its thread → the kill analysed there', async () => {
    const alertTs = '1700015000.000100';
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: INCIDENTS, bot_id: 'B0ALERTMGR', username: 'AlertManager', text: fixture('alertmanager-description-template-oom-killer.txt'), ts: alertTs });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(INCIDENTS, alertTs).join() === 'white_check_mark', '✅ on the alert');
    const answers = repliesIn(alertTs).filter((c) => c.args['reply_broadcast'] === undefined);
    assert.equal(answers.length, 1, 'one answer in the thread');
    const answer = blocksText(answers[0]!.args['blocks']);
    assert.match(answer, /Container `api` in `payments\/api-7d9f8b6c5-x2x9q` was OOM-killed 3 times in 10 minutes — it hit its container memory limit \(exit 137\)/);
    assert.match(answer, /Inspect \(read-only\)/);
    for (const command of [
      'kubectl describe pod api-7d9f8b6c5-x2x9q -n payments',
      'kubectl logs api-7d9f8b6c5-x2x9q -n payments -c api --previous',
      'kubectl top pod api-7d9f8b6c5-x2x9q -n payments --containers',
      'kubectl debug node/&lt;node&gt; -it --image=busybox -- chroot /host dmesg -T',
    ]) {
      assert.ok(answer.includes(command), `the answer shows ${command}`);
    }
    assert.match(answer, /Paste the output of any of these in this thread/);
    const broadcast = repliesIn(alertTs).filter((c) => c.args['reply_broadcast'] === 'true');
    assert.equal(broadcast.length, 1);
    assert.match(String(broadcast[0]!.args['text']), /^Container api in payments\/api-7d9f8b6c5-x2x9q was OOM-killed 3 times/);

    // Someone runs the first command and pastes its output in the alert's thread.
    const pasteTs = '1700015000.000200';
    await bot.sendEvent({ type: 'message', channel: INCIDENTS, user: 'U0ONCALL1', text: `\`\`\`${DESCRIBE}\`\`\``, ts: pasteTs, thread_ts: alertTs });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(INCIDENTS, pasteTs).join() === 'white_check_mark', '✅ on the paste');
    const analyses = repliesIn(alertTs).filter((c) => c.args['reply_broadcast'] === undefined);
    assert.equal(analyses.length, 2, 'the analysis of the paste joins the answer in the alert’s thread');
    const analysis = blocksText(analyses[1]!.args['blocks']);
    assert.match(analysis, /Killed: pod payments\/api-7d9f8b6c5-x2x9q container api — cgroup limit/);
    assert.match(analysis, /Raise the memory limit of container api above 512Mi/);
    assert.ok(bot.slack.callsTo('chat.postMessage').every((c) => c.args['channel'] === INCIDENTS || c.args['thread_ts'] !== alertTs));
  });

  it('an alert in attachments (Alertmanager summary/description receiver) is read from them', async () => {
    const ts = '1700015100.000100';
    const message = JSON.parse(fixture('alertmanager-docs-receiver-oom-killer.json')) as Record<string, unknown>;
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: INCIDENTS, bot_id: 'B0ALERTMGR', text: '', ts, ...message });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(INCIDENTS, ts).join() === 'white_check_mark', '✅');
    const answer = blocksText(repliesIn(ts).find((c) => c.args['reply_broadcast'] === undefined)!.args['blocks']);
    assert.match(answer, /was OOM-killed 2 times in 10 minutes/);
    assert.ok(answer.includes('kubectl logs api-7d9f8b6c5-x2x9q -n payments -c api --previous'));
  });

  it('a Robusta notification in blocks names the node, so the kernel-log command is complete', async () => {
    const ts = '1700015200.000100';
    const message = JSON.parse(fixture('robusta-oomkill-current-sender.json')) as Record<string, unknown>;
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: INCIDENTS, bot_id: 'B0ROBUSTA', ts, ...message });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(INCIDENTS, ts).join() === 'white_check_mark', '✅');
    const answer = blocksText(repliesIn(ts).find((c) => c.args['reply_broadcast'] === undefined)!.args['blocks']);
    assert.ok(answer.includes('kubectl debug node/ip-10-0-3-17.eu-west-1.compute.internal -it --image=busybox -- chroot /host dmesg -T'));
  });

  it('@oom-triage in the thread of an alert posted elsewhere answers from the alert', async () => {
    const root = '1700015400.000100';
    const message = JSON.parse(fixture('kwatch-oomkilled.json')) as Record<string, unknown>;
    bot.slack.addMessage('C0OPS0001', { type: 'message', subtype: 'bot_message', bot_id: 'B0KWATCH1', ts: root, ...message });
    await bot.sendEvent({ type: 'app_mention', channel: 'C0OPS0001', user: 'U0ONCALL1', text: '<@UBOT0001> what now?', ts: '1700015400.000200', thread_ts: root });
    const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0OPS0001' && c.args['thread_ts'] === root), 'the answer');
    const answer = blocksText(reply.args['blocks']);
    assert.match(answer, /Container `api` in `payments\/api-7d9f8b6c5-x2x9q` was OOM-killed/);
    assert.ok(answer.includes('kubectl debug node/ip-10-0-3-17.eu-west-1.compute.internal -it --image=busybox -- chroot /host dmesg -T'));
  });

  it('alerts that name no OOM kill get nothing: no 👀, no reply — even when their words match a log signature', async () => {
    // awesome-prometheus-alerts' HostOutOfMemory as Alertmanager's Slack receiver prints it: "Out of
    // memory" is a kernel log signature, but the alert is about memory filling up, not a kill.
    const hostOutOfMemory = {
      username: 'AlertManager',
      text: '[FIRING:1] HostOutOfMemory (node-exporter node-7:9100 warning)\n*Summary:* Out of memory soon on node-7 (instance node-7:9100)\n*Description:* Node memory is filling up (< 10% left)\n  VALUE = 7.2',
    };
    const quiet: Array<Record<string, unknown>> = [
      hostOutOfMemory,
      JSON.parse(fixture('kwatch-errimagepull-screenshot.json')) as Record<string, unknown>,
      JSON.parse(fixture('grafana-default-template-high-memory.json')) as Record<string, unknown>,
    ];
    const stamps = quiet.map((_, i) => `1700015300.00010${i}`);
    for (const [i, message] of quiet.entries()) {
      await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: INCIDENTS, bot_id: 'B0OTHER01', ts: stamps[i], ...message });
    }
    // An OOM alert sent after them is answered: the quiet ones had their turn.
    const later = '1700015300.000900';
    const defaultTitle = JSON.parse(fixture('alertmanager-default-title-group-by-namespace.json')) as Record<string, unknown>;
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: INCIDENTS, bot_id: 'B0ALERTMGR', ts: later, ...defaultTitle });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(INCIDENTS, later).join() === 'white_check_mark', '✅ on the OOM alert');
    for (const ts of stamps) {
      assert.equal(bot.slack.calls.filter((c) => c.args['timestamp'] === ts || c.args['thread_ts'] === ts).length, 0, `nothing touched ${ts}`);
    }
  });
});
