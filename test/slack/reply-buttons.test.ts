/**
 * The reply as a user meets it: a paste gets a one-screen first message with buttons (and nothing
 * else: the memory chart comes with the Memory button, as a PNG under its tables); each button (a signed block_actions request) posts its part in the thread once,
 * however often it is pressed and after a restart of the whole bot; Right/Wrong are counted in
 * /metrics once per person, and Wrong opens a form.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startBot, TEAM_ID, type Bot } from '../helpers/bot-harness.js';
import { startFakeSlack, type ApiCall, type FakeSlack } from '../helpers/fake-slack.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';
import { Queue } from 'bullmq';
import { QUEUE_NAME } from '../../src/queue/enqueue-analysis.js';
import { blocksText } from '../helpers/blocks-text.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0BUTTON1';

type Button = { action_id: string; value: string; text: { text: string } };

function press(bot: Bot, reply: ApiCall, actionId: string, user = 'U0HUMAN01') {
  const blocks = reply.args['blocks'] as Array<{ type: string; block_id?: string; elements?: Button[] }>;
  const button = blocks.find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === actionId)!;
  const ts = String(reply.result?.['ts']);
  const threadTs = String(reply.args['thread_ts']);
  return bot.sendInteraction({
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'fake' },
    user: { id: user, team_id: TEAM_ID },
    api_app_id: 'A0TEST',
    token: 'legacy',
    trigger_id: `trig.${randomUUID()}`,
    container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: false, thread_ts: threadTs },
    channel: { id: CHANNEL, name: 'ops' },
    message: { type: 'message', ts, thread_ts: threadTs, user: 'UBOT0001', blocks },
    response_url: bot.slack.responseUrl(`btn-${randomUUID().slice(0, 8)}`),
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'oom_reply_actions', value: button.value, text: { type: 'plain_text', text: button.text.text }, action_ts: String(Date.now() / 1000) }],
  });
}

describe('reply buttons', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let bot: Bot;
  const prefix = `{test-${randomUUID().slice(0, 8)}}`;
  let reply: ApiCall;
  let queue: Queue;
  const queueIdle = async () => {
    for (;;) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const rootTs = '1700005000.000100';
  const threadPosts = () => slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === CHANNEL && c.args['thread_ts'] === rootTs);
  const partPosts = (title: RegExp) => threadPosts().filter((c) => title.test(String(c.args['text'])));

  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
    bot = await startBot({ redis, slack, env: { QUEUE_PREFIX: prefix } });
    queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix });
    await bot.sendEvent({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: 'U0HUMAN01', ts: rootTs, text: LOG });
    reply = await slack.waitFor(() => threadPosts()[0], 'the first message');
  });
  after(async () => {
    await queue.close();
    await bot.stop();
    await slack.close();
    await redis.stop();
  });

  it('the first message fits a screen and ends with the buttons; no file is shared with it', async () => {
    const blocks = reply.args['blocks'] as Array<{ type: string }>;
    assert.ok(blocks.length <= 8, `${blocks.length} blocks`);
    assert.equal(blocks.at(-1)?.type, 'actions');
    const text = blocksText(blocks);
    assert.match(text, /test \(pid 30211\) killed: parent cgroup \/mm_test hit its memory limit/);
    assert.match(text, /Usage 200 MiB of a 200 MiB limit \(100%\) · limit hit 1607 times/);
    assert.match(text, /Inspect \(read-only\)/);
    assert.doesNotMatch(text, /Change \(review first\)/);
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, rootTs).join() === 'memo', '📝 (not ✅)');
    // The job is over once its reaction is swapped: nothing of it is still on its way.
    await queueIdle();
    assert.equal(slack.callsTo('files.getUploadURLExternal').length, 0, 'no upload with the reply');
    assert.equal(threadPosts().length, 1, 'one message in the thread');
  });

  for (const [action, title, says] of [
    ['oom_show_evidence', /^Evidence/, /pid  uid   tgid  total_vm    rss  pgtables  swapents  adj  name/],
    ['oom_show_suggestions', /^All suggestions/, /\*1\. /],
    ['oom_show_memory', /^Memory/, /Largest tasks in the dump/],
  ] as const) {
    it(`${action}: pressed twice, posts its part in the thread once`, async () => {
      await press(bot, reply, action);
      await press(bot, reply, action);
      const posted = await slack.waitFor(() => partPosts(title)[0], action);
      assert.match(blocksText(posted.args['blocks']), says);
      // Every job the presses added has finished: only then is the count final.
      await queueIdle();
      await press(bot, reply, action);
      await queueIdle();
      assert.equal(partPosts(title).length, 1);
    });
  }

  it('Memory: the tables, then the memory chart as a PNG in the thread, once', async () => {
    const charts = () => slack.callsTo('files.completeUploadExternal').filter((c) => (c.args['files'] as Array<{ title: string }>)[0]?.title === 'Memory at the kill');
    const shared = await slack.waitFor(() => charts()[0], 'the chart');
    assert.equal(shared.args['channel_id'], CHANNEL);
    assert.equal(shared.args['thread_ts'], rootTs);
    const fileId = (shared.args['files'] as Array<{ id: string }>)[0]!.id;
    assert.deepEqual([...slack.uploads.get(fileId)!.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    await queueIdle();
    assert.equal(charts().length, 1, 'pressed three times, shared once');
  });

  it('Full report: the markdown report uploaded as a file in the thread, once', async () => {
    await press(bot, reply, 'oom_show_report');
    await press(bot, reply, 'oom_show_report');
    const shared = await slack.waitFor(
      () => slack.callsTo('files.completeUploadExternal').find((c) => (c.args['files'] as Array<{ title: string }>)[0]?.title === 'OOM triage report'),
      'the report file',
    );
    assert.equal(shared.args['thread_ts'], rootTs);
    const fileId = (shared.args['files'] as Array<{ id: string }>)[0]!.id;
    assert.match(slack.uploads.get(fileId)!.toString('utf8'), /^## OOM triage/);
    assert.equal(slack.callsTo('files.completeUploadExternal').filter((c) => (c.args['files'] as Array<{ title: string }>)[0]?.title === 'OOM triage report').length, 1);
  });

  it('Right / Wrong: counted once per person in /metrics; Wrong opens a form whose answer is taken', async () => {
    await press(bot, reply, 'oom_feedback_right', 'U0VOTER01');
    await press(bot, reply, 'oom_feedback_right', 'U0VOTER01');
    await press(bot, reply, 'oom_feedback_wrong', 'U0VOTER02');
    const form = await slack.waitFor(() => slack.callsTo('views.open').find((c) => (c.args['view'] as { callback_id?: string }).callback_id === 'oom_feedback_modal'), 'the form');
    const view = form.args['view'] as { callback_id: string; private_metadata: string };
    const submit = await bot.sendInteraction({
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'fake' },
      user: { id: 'U0VOTER02', team_id: TEAM_ID },
      api_app_id: 'A0TEST',
      token: 'legacy',
      trigger_id: 'trig.fb',
      view: { id: 'V0FB1', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: { what: { text: { type: 'plain_text_input', value: 'the limit was 400 MiB' } } } } },
    });
    assert.equal(submit.status, 200);
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    assert.match(metrics, /oom_triage_feedback_total\{verdict="right"\} 1\n/);
    assert.match(metrics, /oom_triage_feedback_total\{verdict="wrong"\} 1\n/);
  });

  it('buttons work after a restart: a new bot (no memory of the reply) answers from the stored report, still once', async () => {
    await bot.stop();
    slack.calls.length = 0;
    bot = await startBot({ redis, slack, env: { QUEUE_PREFIX: prefix } });
    await press(bot, reply, 'oom_show_memory');
    await queueIdle();
    assert.equal(partPosts(/^Memory/).length, 0, 'posted before the restart: not again');
    assert.equal(slack.callsTo('files.getUploadURLExternal').length, 0, 'the chart is not shared again');
    await press(bot, reply, 'oom_feedback_right', 'U0VOTER03');
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    assert.match(metrics, /oom_triage_feedback_total\{verdict="right"\} 1\n/);
  });

  it('a button whose report is gone says so privately and posts nothing', async () => {
    const stale = { ...reply, args: { ...reply.args, blocks: JSON.parse(JSON.stringify(reply.args['blocks']).replaceAll(String((reply.args['blocks'] as Array<{ elements?: Button[] }>).at(-1)!.elements![0]!.value), 'msg-gone')) } };
    const before = threadPosts().length;
    await press(bot, stale, 'oom_show_evidence');
    const note = await slack.waitFor(() => slack.responses.find((r) => /no longer kept/.test(String(r.body['text']))), 'the note');
    assert.equal(note.body['response_type'], 'ephemeral');
    await queueIdle();
    assert.equal(threadPosts().length, before);
  });
});
