/**
 * The ways in beside a channel paste: the Home tab (published on app_home_opened, with the recent
 * kills the person may see from the kill history linked — their own recent analyses when the history
 * is off — and a button to the form), DMs (a paste answered in the DM, anything
 * else answered with what the bot reads), the form (a text limit it states, a file it accepts), and
 * `/oom analyze` in a channel the bot is not in (answered through the command's response_url).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startBot, TEAM_ID, type Bot } from '../helpers/bot-harness.js';
import { blocksText } from '../helpers/blocks-text.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const USER = 'U0HOME001';

describe('App Home, DMs, the form and channels the bot is not in', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.stop();
  });

  it('the manifest turns on the Home and Messages tabs, subscribes to app_home_opened and asks for files:write', () => {
    const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
      features: { app_home: Record<string, boolean> };
      oauth_config: { scopes: { bot: string[] } };
      settings: { event_subscriptions: { bot_events: string[] } };
    };
    assert.deepEqual(manifest.features.app_home, { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    assert.ok(manifest.settings.event_subscriptions.bot_events.includes('app_home_opened'));
    for (const scope of ['files:write', 'im:write', 'im:history']) assert.ok(manifest.oauth_config.scopes.bot.includes(scope), scope);
  });

  it('a log pasted in a DM is answered in the DM; a message that is no log gets what the bot reads', async () => {
    const ts = '1700007000.000100';
    await bot.sendEvent({ type: 'message', channel: 'D0HOME001', channel_type: 'im', user: USER, ts, text: LOG });
    const reply = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'D0HOME001' && c.args['thread_ts'] === ts), 'the reply in the DM');
    assert.match(blocksText(reply.args['blocks']), /test \(pid 30211\) killed/);
    await bot.sendEvent({ type: 'message', channel: 'D0HOME001', channel_type: 'im', user: USER, ts: '1700007000.000200', text: 'hello?' });
    const help = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'D0HOME001' && /no OOM-killer lines/.test(String(c.args['text']))), 'the help');
    assert.equal(help.args['thread_ts'], undefined);
  });

  /** Opens the Home tab as `user` and returns its text. */
  const openHome = async (user: string, eventTs: string): Promise<string> => {
    const before = bot.slack.callsTo('views.publish').length;
    await bot.sendEvent({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: eventTs });
    const publish = await bot.slack.waitFor(() => bot.slack.callsTo('views.publish').slice(before).find((c) => c.args['user_id'] === user), 'views.publish');
    const view = publish.args['view'] as { type: string; blocks: unknown[] };
    assert.equal(view.type, 'home');
    return blocksText(view.blocks);
  };

  it('the Home tab is published with what the bot reads, the form button and the recent kill linked', async () => {
    // The DM paste above is a kill of the history, in a DM this person is a member of.
    bot.slack.setChannel('D0HOME001', { members: ['U0BOT', USER] });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('D0HOME001', '1700007000.000100').join() === 'memo', '📝 on the DM paste');
    const text = await openHome(USER, '1700007001.000100');
    for (const word of ['dmesg', 'journalctl -k', 'kubectl describe pod', 'be.INFO', '.gz', '/invite @oom-triage', 'Analyze a log']) assert.ok(text.includes(word), word);
    assert.match(text, /Recent OOM kills\*, newest first:\n• <!date\^\d+\^[^^]+\^https:\/\/fake\.slack\.com\/archives\/D0HOME001\/p\d+[^|]*\|[^>]+> — `test` \(pid 30211\) in `\/mm_test\/2`/);
  });

  it('the Home tab lists the team’s kills from channels the person may read: a colleague’s in a public channel, not one from a private channel they are not in', async () => {
    const colleague = 'U0HOME002';
    bot.slack.setChannel('G0HOME001', { private: true, members: [USER] });
    const inPublic = LOG.replaceAll('(test)', '(public-job)').replaceAll('test invoked', 'public-job invoked');
    const inPrivate = LOG.replaceAll('(test)', '(private-job)').replaceAll('test invoked', 'private-job invoked');
    await bot.sendEvent({ type: 'message', channel: 'C0HOME001', user: USER, ts: '1700007002.000100', text: inPublic });
    await bot.sendEvent({ type: 'message', channel: 'G0HOME001', user: USER, ts: '1700007002.000200', text: inPrivate });
    for (const [channel, ts] of [['C0HOME001', '1700007002.000100'], ['G0HOME001', '1700007002.000200']] as const) {
      await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, ts).join() === 'memo', `📝 on ${channel}`);
    }
    const theirs = await openHome(colleague, '1700007003.000100');
    assert.match(theirs, /`public-job` \(pid 30211\)/);
    assert.doesNotMatch(theirs, /private-job|D0HOME001/, 'neither the private channel nor the other person’s DM');
    const mine = await openHome(USER, '1700007003.000200');
    assert.match(mine, /`private-job` \(pid 30211\)/, 'a member sees the private channel’s kill');
    assert.match(mine, /`public-job` \(pid 30211\)/);
  });

  it('the Home button opens the form for a DM; the form states its text limit and takes a file', async () => {
    await bot.sendInteraction({
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'fake' },
      user: { id: USER, team_id: TEAM_ID },
      api_app_id: 'A0TEST',
      token: 'legacy',
      trigger_id: 'trig.home.1',
      container: { type: 'view', view_id: 'V0HOME' },
      view: { id: 'V0HOME', type: 'home' },
      actions: [{ type: 'button', action_id: 'oom_home_analyze', block_id: 'b', value: 'home', action_ts: '1' }],
    });
    const open = await bot.slack.waitFor(() => bot.slack.callsTo('views.open').find((c) => c.args['trigger_id'] === 'trig.home.1'), 'the form');
    const view = open.args['view'] as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; hint?: { text: string }; element: { type: string } }> };
    assert.equal(JSON.parse(view.private_metadata).channel, `D${USER.slice(1)}`);
    assert.match(view.blocks[0]!.hint!.text, /Up to 3,000 characters/);
    assert.equal(view.blocks[1]!.element.type, 'file_input');

    // Submitted with a file only: the worker downloads it and the report goes to that DM.
    const file = bot.slack.addFile({ id: 'F0FORM001', name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: Buffer.from(LOG) });
    const submit = await bot.sendInteraction({
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'fake' },
      user: { id: USER, team_id: TEAM_ID },
      api_app_id: 'A0TEST',
      token: 'legacy',
      trigger_id: 'trig.submit.home',
      view: {
        id: 'V0FORM01',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { log: { text: { type: 'plain_text_input', value: null } }, file: { file: { type: 'file_input', files: [file] } } } },
      },
    });
    assert.equal(submit.status, 200);
    const dm = `D${USER.slice(1)}`;
    const root = await bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === dm && c.args['thread_ts'] === undefined && c.args['blocks'] !== undefined), 'the verdict in the DM');
    assert.match(blocksText(root.args['blocks']), /parent cgroup limit/);
    assert.ok(bot.slack.downloads.some((d) => d.path === '/files/F0FORM001/download'));
  });

  it('/oom analyze in a channel the bot is not in: answered in the channel through response_url, with how to invite it', async () => {
    bot.slack.notMemberOf('C0OUTSIDE');
    await bot.sendCommand(`analyze ${LOG}`, { channel_id: 'C0OUTSIDE', response_url: bot.slack.responseUrl('outside') });
    const answer = await bot.slack.waitFor(() => bot.slack.responses.find((r) => r.id === 'outside' && r.body['response_type'] === 'in_channel'), 'the in-channel answer');
    const text = blocksText(answer.body['blocks']);
    assert.match(text, /test \(pid 30211\) killed: parent cgroup \/mm_test hit its memory limit/);
    assert.match(text, /\/invite @oom-triage/);
    assert.doesNotMatch(JSON.stringify(bot.slack.responses.filter((r) => r.id === 'outside')), /Something went wrong/);
  });
});

describe('the Home tab with the kill history off (HISTORY_RETENTION_DAYS=0)', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot({ env: { HISTORY_RETENTION_DAYS: '0' } });
  });
  after(async () => {
    await bot.stop();
  });

  it('lists the person’s own recent analyses instead, linked', async () => {
    const ts = '1700008000.000100';
    await bot.sendEvent({ type: 'message', channel: 'D0HOME009', channel_type: 'im', user: USER, ts, text: LOG });
    await bot.slack.waitFor(() => bot.slack.reactionsOn('D0HOME009', ts).join() === 'memo', '📝 on the DM paste');
    await bot.sendEvent({ type: 'app_home_opened', user: USER, channel: 'D0HOME009', tab: 'home', event_ts: '1700008001.000100' });
    const publish = await bot.slack.waitFor(() => bot.slack.callsTo('views.publish').find((c) => c.args['user_id'] === USER), 'views.publish');
    const text = blocksText((publish.args['view'] as { blocks: unknown[] }).blocks);
    assert.match(text, /Your recent analyses/);
    assert.match(text, /<https:\/\/fake\.slack\.com\/archives\/D0HOME009\/p\d+[^|]*\|test \(pid 30211\) killed/);
  });
});
