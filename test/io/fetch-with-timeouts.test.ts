/**
 * The downloads' fetch (src/io/fetch-with-timeouts.ts) against a real loopback HTTP server: a server
 * that goes quiet fails the request after the idle limit, and one that keeps trickling bytes fails
 * it at the total deadline; a quick answer passes untouched.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DownloadTimeoutError, fetchWithTimeouts } from '../../src/io/fetch-with-timeouts.js';

describe('fetch with an idle limit and a total deadline', () => {
  let server: Server;
  let base: string;
  const timers = new Set<NodeJS.Timeout>();
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/quick') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('all of it');
      if (req.url === '/silent') return void res.writeHead(200, { 'content-type': 'text/plain' }).write('a start, then nothing');
      // A byte every 20 ms, for ever: never idle, never done.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => res.write('.'), 20);
      timers.add(drip);
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const t of timers) clearInterval(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const readAll = async (res: Response) => Buffer.from(await res.arrayBuffer()).toString('utf8');

  it('passes a quick answer through unchanged', async () => {
    const f = fetchWithTimeouts({ idleMs: 1000, totalMs: 5000 });
    assert.equal(await readAll(await f(`${base}/quick`)), 'all of it');
  });

  it('fails a body that stops arriving, as idle', async () => {
    const f = fetchWithTimeouts({ idleMs: 200, totalMs: 60_000 });
    const res = await f(`${base}/silent`);
    await assert.rejects(readAll(res), (err: unknown) => err instanceof DownloadTimeoutError && err.kind === 'idle');
  });

  it('fails a body that trickles on past the total deadline, though it is never idle', async () => {
    const f = fetchWithTimeouts({ idleMs: 1000, totalMs: 300 });
    const res = await f(`${base}/drip`);
    await assert.rejects(readAll(res), (err: unknown) => err instanceof DownloadTimeoutError && err.kind === 'total');
  });
});
