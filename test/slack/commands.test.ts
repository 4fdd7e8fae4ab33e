/** `/oom analyze` with text, with nothing (the modal), with a message link; `/oom help`. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, TEAM_ID, type Bot } from '../helpers/bot-harness.js';
import { blocksText } from '../helpers/blocks-text.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0PASTE01'; // the harness's default command channel

describe('/oom', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.stop();
  });

  it('analyze <text>: an ephemeral "analysing…" ack first, then the verdict in the channel and the details in its thread', async () => {
    const res = await bot.sendCommand(`analyze ${LOG}`, { channel_id: 'C0CMDTXT1' });
    assert.equal(res.status, 200);
    const ack = JSON.parse(res.text) as { response_type: string; text: string };
    assert.equal(ack.response_type, 'ephemeral');
    assert.match(ack.text, /Analysing/);

    const root = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0CMDTXT1' && c.args['thread_ts'] === undefined), 'the verdict message');
    assert.match(blocksText(root.args['blocks']), /Killed: test \(pid 30211\) — parent cgroup limit/);
    assert.match(blocksText(root.args['blocks']), /requested by <@U0HUMAN01>/);
    const details = await bot.slack.waitFor(
      () => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0CMDTXT1' && c.args['thread_ts'] === root.result?.['ts']),
      'the details in the thread',
    );
    assert.match(blocksText(details.args['blocks']), /limit hit 1607 times/);
    // The ack reached the user before the report was posted (the recorded times, not a limit).
    assert.ok(res.receivedAt <= root.at, `ack at ${res.receivedAt}, verdict at ${root.at}`);
  });

  it('analyze with nothing opens a modal; its submission reports to the channel it came from', async () => {
    const res = await bot.sendCommand('analyze', { channel_id: 'C0MODAL01', trigger_id: 'trig.modal.1' });
    assert.equal(res.status, 200);
    const open = await bot.slack.waitFor(() => bot.slack.callsTo('views.open')[0], 'views.open');
    assert.equal(open.args['trigger_id'], 'trig.modal.1');
    const view = open.args['view'] as { callback_id: string; private_metadata: string; blocks: Array<{ element?: { multiline?: boolean } }> };
    assert.equal(view.blocks[0]?.element?.multiline, true);

    const submit = await bot.sendInteraction({
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'fake' },
      user: { id: 'U0HUMAN02', team_id: TEAM_ID },
      api_app_id: 'A0TEST',
      token: 'legacy',
      trigger_id: 'trig.submit.1',
      view: {
        id: 'V0MODAL1',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { log: { text: { type: 'plain_text_input', value: LOG } } } },
      },
    });
    assert.equal(submit.status, 200);
    const root = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0MODAL01' && c.args['thread_ts'] === undefined), 'the verdict');
    assert.match(blocksText(root.args['blocks']), /parent cgroup limit/);
    await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0MODAL01' && c.args['thread_ts'] !== undefined), 'the details');
  });

  it('analyze <message link>: fetches that message and replies in its thread', async () => {
    const ts = '1700002000.000100';
    bot.slack.addMessage('C0LINKED1', { type: 'message', user: 'U0HUMAN03', ts, text: LOG });
    const link = `<https://fake.slack.com/archives/C0LINKED1/p${ts.replace('.', '')}>`;
    const res = await bot.sendCommand(`analyze ${link}`);
    assert.match((JSON.parse(res.text) as { text: string }).text, /its thread/);
    const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the reply in the linked thread');
    assert.equal(reply.args['channel'], 'C0LINKED1');
    assert.match(blocksText(reply.args['blocks']), /30211/);
    // The report goes only where the input is: nothing is posted into the channel the command came from.
    assert.deepEqual(bot.slack.calls.filter((c) => c.method.startsWith('chat.') && c.args['channel'] === 'C0PASTE01' && c.args['thread_ts'] === ts), []);
    assert.ok(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).every((c) => c.args['channel'] === 'C0LINKED1'));
    assert.ok(bot.slack.callsTo('conversations.history').some((c) => c.args['channel'] === 'C0LINKED1' && c.args['latest'] === ts));
  });

  it('analyze <link to a channel the bot cannot read>: says so privately and leaks nothing', async () => {
    bot.slack.forbidChannel('C0SECRET1');
    const res = await bot.sendCommand('analyze https://fake.slack.com/archives/C0SECRET1/p1700003000000100', { response_url: bot.slack.responseUrl('secret') });
    assert.equal(res.status, 200);
    const note = await bot.slack.waitFor(() => bot.slack.responses.find((r) => r.id === 'secret'), 'the private note');
    assert.equal(note.body['response_type'], 'ephemeral');
    assert.match(String(note.body['text']), /can’t read that channel/);
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0SECRET1').length, 0);
    // Reading was tried and refused; nothing else touched that channel, and the note names nothing in it.
    assert.deepEqual([...new Set(bot.slack.calls.filter((c) => c.args['channel'] === 'C0SECRET1').map((c) => c.method))], ['conversations.history']);
    assert.doesNotMatch(String(note.body['text']), /C0SECRET1|1700003000/);
  });

  it('help and unknown sub-commands answer with usage, ephemerally', async () => {
    for (const text of ['help', 'frobnicate now']) {
      const res = await bot.sendCommand(text);
      const body = JSON.parse(res.text) as { response_type: string; text: string };
      assert.equal(body.response_type, 'ephemeral');
      assert.match(body.text, /\/oom analyze/);
    }
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === CHANNEL).length, 0);
  });

  it('analyze <a SysRq-m memory dump>: asked for, so answered with what the dump shows, never as an OOM kill', async () => {
    const dump = readFileSync(new URL('../fixtures/public/kernel/sysrq-m-show-memory-dmesg-T-no-oom-context.log', import.meta.url), 'utf8');
    await bot.sendCommand(`analyze ${dump}`, { channel_id: 'C0DUMPONLY' });
    const root = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0DUMPONLY' && c.args['thread_ts'] === undefined), 'the verdict message');
    const text = blocksText(root.args['blocks']);
    assert.match(text, /No OOM kill: a memory dump only/);
    assert.match(String(root.args['text']), /^No OOM kill in this text: it is a memory dump/);
    assert.doesNotMatch(text, /OOM killer ran|No OOM-killer kill found/);
  });

  it('analyze <text without an OOM kill>: tells only the requester', async () => {
    await bot.sendCommand('analyze just some words', { response_url: bot.slack.responseUrl('nothing'), channel_id: 'C0NOTHING' });
    const note = await bot.slack.waitFor(() => bot.slack.responses.find((r) => r.id === 'nothing'), 'the private note');
    assert.match(String(note.body['text']), /No OOM-killer kill/);
    assert.equal(bot.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0NOTHING').length, 0);
  });
});
