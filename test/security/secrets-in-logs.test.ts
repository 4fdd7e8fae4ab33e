/**
 * Tokens, the signing secret and Authorization headers never appear in the logs. The whole bot runs
 * at LOG_LEVEL=trace (Bolt's and the Web API client's own debug lines included) through a paste, a
 * failing download, a redirect off Slack, Slack errors, an unreadable channel and a forged request;
 * every line written is captured and searched.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { BOT_TOKEN, SIGNING_SECRET, startBot, type Bot } from '../helpers/bot-harness.js';
import { signSlack } from '../helpers/sign-slack.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url));
const CHANNEL = 'C0SECRETS';

describe('secrets in logs', () => {
  const lines: string[] = [];
  let bot: Bot;
  before(async () => {
    bot = await startBot({ env: { LOG_LEVEL: 'trace' }, logStream: { write: (line) => void lines.push(line) } });
  });
  after(async () => {
    await bot.stop();
  });

  it('a whole run, failures included, logs no token, secret or Authorization header', async () => {
    // A paste that is answered, after Slack failed twice (5xx: each fails a job attempt, BullMQ retries).
    bot.slack.failNext('chat.postMessage', { status: 500 }, 2);
    const paste = '1700011000.000100';
    await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG.toString('utf8'), ts: paste });
    // An upload answered with Slack's sign-in page, and one redirected off Slack.
    let n = 0;
    for (const serve of ['html-signin', 'redirect-elsewhere'] as const) {
      const file = bot.slack.addFile({ id: `F0SECRET${++n}`, name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: LOG, serve });
      await bot.sendEvent({ type: 'message', subtype: 'file_share', channel: CHANNEL, user: 'U0HUMAN01', text: '', ts: `1700011000.00020${n}`, files: [file] });
    }
    // A link into a channel the bot may not read (a Slack platform error), and a forged request.
    bot.slack.forbidChannel('C0PRIVATE');
    await bot.sendCommand('analyze https://fake.slack.com/archives/C0PRIVATE/p1700011000000900', { response_url: bot.slack.responseUrl('private') });
    const forged = JSON.stringify({ type: 'event_callback', event: { type: 'message', channel: CHANNEL, text: 'x', ts: '1.1' } });
    assert.equal((await bot.post(forged, { 'content-type': 'application/json', ...signSlack('wrong', forged) })).status, 401);

    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, paste).join() === 'memo', 'the paste answered');
    for (const ts of ['1700011000.000201', '1700011000.000202']) {
      await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'warning', `⚠️ on ${ts}`);
    }
    await bot.slack.waitFor(() => bot.slack.responses.find((r) => r.id === 'private'), 'the private note');

    const log = lines.join('');
    // The run was really logged, failures included.
    assert.match(log, /job finished/);
    assert.match(log, /files:read/);
    assert.match(log, /not Slack’s/);
    assert.match(log, /job attempt failed/);
    assert.match(log, /"level":20/, "debug lines (Bolt, the Web API client) were written");
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, 'Bearer', 'xoxb-']) {
      assert.ok(!log.includes(secret), `${secret} appears in the logs`);
    }
    assert.doesNotMatch(log, /authorization"\s*:\s*"(?!\[redacted\])/i);
  });

  it('the logger redacts the config and request headers if code ever logs them', () => {
    const loaded = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_APP_TOKEN: 'xapp-test-app-token' });
    assert.ok(loaded.ok);
    const written: string[] = [];
    const log = createLogger('info', { write: (line: string) => void written.push(line) });
    log.info({ config: loaded.config }, 'config');
    log.info(loaded.config, 'config at the top level');
    log.info({ request: { headers: { authorization: `Bearer ${BOT_TOKEN}`, Authorization: `Bearer ${BOT_TOKEN}` } } }, 'request');
    log.info({ headers: { authorization: `Bearer ${BOT_TOKEN}` }, token: BOT_TOKEN }, 'fetch');
    const out = written.join('');
    assert.equal(written.length, 4);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, 'xapp-test-app-token', 'Bearer']) assert.ok(!out.includes(secret), `${secret} logged`);
    assert.match(out, /\[redacted\]/);
  });
});
