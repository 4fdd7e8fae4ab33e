/**
 * The Web API client's transport: what the client sends arrives intact, Slack's answer comes back
 * as a standard Response (status, headers, JSON body), a redirect fails the call as the global fetch
 * does with `redirect: 'error'`, and an aborted call rejects.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WebClient } from '@slack/web-api';
import { nodeHttpFetch } from '../../src/io/node-http-fetch.js';

describe('nodeHttpFetch', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        if (req.url === '/api/moved') return void res.writeHead(302, { location: 'http://elsewhere.invalid/' }).end();
        if (req.url === '/api/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 5000);
        res.writeHead(200, { 'content-type': 'application/json', 'x-slack-req-id': 'r1' }).end(JSON.stringify({ ok: true, ts: '1700000000.000100', echo: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('carries a Web API call of the real client, blocks and all, and returns its answer', async () => {
    const client = new WebClient('xoxb-test-token', { slackApiUrl: `${base}/api/`, fetch: nodeHttpFetch });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'é &lt;!channel&gt; 100%' } }];
    const res = await client.chat.postMessage({ channel: 'C1', thread_ts: '1.2', text: 'fallback', blocks });
    assert.equal(res.ts, '1700000000.000100');
    const call = seen.at(-1)!;
    assert.equal(call.url, '/api/chat.postMessage');
    assert.equal(call.headers.authorization, 'Bearer xoxb-test-token');
    assert.equal(call.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(call.body);
    assert.equal(form.get('channel'), 'C1');
    assert.equal(form.get('thread_ts'), '1.2');
    assert.deepEqual(JSON.parse(form.get('blocks') ?? ''), blocks);
  });

  it('answers with status and headers as fetch does', async () => {
    const res = await nodeHttpFetch(`${base}/api/auth.test`, { method: 'POST', body: 'a=1', redirect: 'error', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-slack-req-id'), 'r1');
    assert.deepEqual(await res.json(), { ok: true, ts: '1700000000.000100', echo: 'a=1' });
  });

  it('fails a redirected call instead of following it', async () => {
    await assert.rejects(nodeHttpFetch(`${base}/api/moved`, { method: 'POST', body: '', redirect: 'error' }), TypeError);
  });

  it('rejects when the call is aborted', async () => {
    const controller = new AbortController();
    const pending = nodeHttpFetch(`${base}/api/slow`, { method: 'POST', body: '', redirect: 'error', signal: controller.signal });
    controller.abort(new Error('gave up'));
    await assert.rejects(pending);
  });
});
