/**
 * Uploading a log file (`file_share` messages): size checked before the download and the bytes
 * counted during it (a `size` that lies, a gzip bomb), the bot token sent only to Slack hosts, a
 * download that stalls given up (FILE_DOWNLOAD_TIMEOUT_MS), gzip read, Slack's sign-in page
 * recognised, images left alone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { blocksText } from '../helpers/blocks-text.js';
import type { FakeFile } from '../helpers/fake-slack.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url));
const CHANNEL = 'C0UPLOAD1';
const LIMIT = 64 * 1024;

describe('an uploaded log file', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot({ env: { MAX_FILE_BYTES: String(LIMIT), FILE_DOWNLOAD_TIMEOUT_MS: '1000' } });
  });
  after(async () => {
    await bot.stop();
  });

  let n = 0;
  const upload = async (file: Omit<FakeFile, 'id'>, extra: Record<string, unknown> = {}) => {
    const id = `F0FILE${++n}`;
    const ts = `1700001000.${String(n).padStart(6, '0')}`;
    const object = bot.slack.addFile({ id, ...file });
    await bot.sendEvent({ type: 'message', subtype: 'file_share', channel: CHANNEL, user: 'U0HUMAN01', text: '', ts, files: [{ ...object, ...extra }] });
    return { id, ts };
  };
  const threadReply = (ts: string) => bot.slack.waitFor(() => bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'a reply in the thread');

  it('downloads a .log with the bot token and replies in the thread with the verdict', async () => {
    const { id, ts } = await upload({ name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: LOG });
    const reply = await threadReply(ts);
    assert.equal(reply.args['channel'], CHANNEL);
    assert.match(blocksText(reply.args['blocks']), /test \(pid 30211\) killed: parent cgroup \/mm_test hit its memory limit/);
    const download = bot.slack.downloads.find((d) => d.path.includes(id));
    assert.equal(download?.authorization, 'Bearer xoxb-test-token');
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝');
  });

  it('reads a gzip-compressed log (detected by its magic bytes, whatever the name)', async () => {
    const { ts } = await upload({ name: 'kern.log.1', mimetype: 'application/octet-stream', filetype: 'binary', content: gzipSync(LOG) });
    const reply = await threadReply(ts);
    assert.match(blocksText(reply.args['blocks']), /30211/);
  });

  it('follows a redirect to a Slack host and still sends the token', async () => {
    const { id, ts } = await upload({ name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: LOG, serve: 'redirect' });
    const reply = await threadReply(ts);
    assert.match(blocksText(reply.args['blocks']), /parent cgroup \/mm_test hit its memory limit/);
    const hops = bot.slack.downloads.filter((d) => d.path.includes(id));
    assert.equal(hops.length, 2);
    assert.ok(hops.every((h) => h.authorization === 'Bearer xoxb-test-token'));
  });

  it('does not follow a redirect away from Slack, and says why', async () => {
    const { ts } = await upload({ name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: LOG, serve: 'redirect-elsewhere' });
    const reply = await threadReply(ts);
    assert.match(String(reply.args['text']), /not Slack’s/);
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'warning', '⚠️');
  });

  it('tells the user the limit when the file is too large, without downloading it', async () => {
    const { id, ts } = await upload({ name: 'huge.log', mimetype: 'text/plain', filetype: 'text', content: LOG, size: LIMIT + 1 });
    const reply = await threadReply(ts);
    assert.match(String(reply.args['text']), /larger than the limit/);
    assert.match(String(reply.args['text']), /64 KiB/);
    assert.equal(bot.slack.downloads.filter((d) => d.path.includes(id)).length, 0);
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'warning', '⚠️ replacing 👀');
  });

  it('stops a gzip bomb at the limit on decompressed bytes', async () => {
    const bomb = gzipSync(Buffer.alloc(LIMIT * 8, 'a'));
    assert.ok(bomb.length < LIMIT);
    const { ts } = await upload({ name: 'bomb.log.gz', mimetype: 'application/gzip', filetype: 'gzip', content: bomb });
    const reply = await threadReply(ts);
    assert.match(String(reply.args['text']), /larger than the limit/);
  });

  it('cuts a file whose reported size lies at the limit, while downloading it', async () => {
    const big = Buffer.concat(Array.from({ length: Math.ceil((LIMIT * 2) / LOG.length) }, () => LOG));
    const { id, ts } = await upload({ name: 'small.log', mimetype: 'text/plain', filetype: 'text', content: big, size: 100 });
    const reply = await threadReply(ts);
    assert.match(String(reply.args['text']), /larger than the limit/);
    assert.match(String(reply.args['text']), /small\.log is larger once read/);
    assert.equal(bot.slack.downloads.filter((d) => d.path.includes(id)).length, 1, 'downloaded once: too large is not retried');
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'warning', '⚠️');
  });

  it('gives up a download that stalls, and says so', async () => {
    const { id, ts } = await upload({ name: 'stuck.log', mimetype: 'text/plain', filetype: 'text', content: LOG, serve: 'stall' });
    const reply = await threadReply(ts);
    assert.match(String(reply.args['text']), /could not be downloaded from Slack \(stuck\.log: no data for 1 s\)/);
    assert.ok(bot.slack.downloads.filter((d) => d.path.includes(id)).length >= 2, 'a stall is worth another try before giving up');
    await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'warning', '⚠️');
  });

  it('never fetches a url_private_download that points away from Slack', async () => {
    const hits: string[] = [];
    const evil: Server = createServer((req, res) => {
      hits.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(LOG);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      // `localhost` is not the allowed test host (127.0.0.1) and not Slack's.
      const url = `http://localhost:${(evil.address() as AddressInfo).port}/files/F0EVIL/download`;
      const ts = '1700001998.000001';
      const file = { id: 'F0EVIL', name: 'kern.log', mimetype: 'text/plain', filetype: 'text', size: LOG.length, url_private: url, url_private_download: url };
      await bot.sendEvent({ type: 'message', subtype: 'file_share', channel: CHANNEL, user: 'U0HUMAN01', text: '', ts, files: [file] });
      const reply = await threadReply(ts);
      assert.match(String(reply.args['text']), /not Slack’s/);
      assert.deepEqual(hits, []);
    } finally {
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    }
  });

  it('recognises Slack’s HTML sign-in page as a missing files:read scope', async () => {
    const { ts } = await upload({ name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: LOG, serve: 'html-signin' });
    const reply = await threadReply(ts);
    assert.match(String(reply.args['text']), /files:read/);
    assert.match(String(reply.args['text']), /reinstall/);
  });

  it('politely ignores images', async () => {
    const { ts } = await upload({ name: 'screenshot.png', mimetype: 'image/png', filetype: 'png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    const later = await upload({ name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: LOG });
    await threadReply(later.ts);
    assert.equal(bot.slack.calls.filter((c) => c.args['timestamp'] === ts || c.args['thread_ts'] === ts).length, 0);
  });

  it('asks files.info about a Slack Connect file stub, then downloads it', async () => {
    const id = 'F0CONNECT';
    bot.slack.addFile({ id, name: 'kern.log', mimetype: 'text/plain', filetype: 'text', content: LOG });
    const ts = '1700001999.000001';
    await bot.sendEvent({ type: 'message', subtype: 'file_share', channel: CHANNEL, user: 'U0HUMAN01', text: '', ts, files: [{ id, mode: 'file_access', file_access: 'check_file_info' }] });
    const reply = await threadReply(ts);
    assert.match(blocksText(reply.args['blocks']), /30211/);
    assert.ok(bot.slack.callsTo('files.info').some((c) => c.args['file'] === id));
  });
});
