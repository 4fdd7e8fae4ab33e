/**
 * The enqueuer against a real Redis reached through a TCP proxy that plays a short outage right
 * after the connection first became ready — what a Redis restarting while the bot starts (docker compose
 * bringing both up) does. The next message must still be queued: a start-up step that failed on
 * the cut must not leave the producer broken for good.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createEnqueuer } from '../../src/queue/enqueue-analysis.js';
import { createRedisClient } from '../../src/redis/create-redis-client.js';
import type { AnalysisJob } from '../../src/queue/job-schema.js';
import { newAnalysisJob } from '../../src/queue/new-analysis-job.js';
import { Redis } from 'ioredis';
import { startRedis } from '../helpers/redis-harness.js';

/**
 * Forwards to `target`, but plays a Redis that goes away just after the client's first connection
 * became ready: the first thing that connection sends after ioredis's ready check closes it, and
 * nothing listens for `outageMs` (connections are refused, as from a stopped Redis). `cut`
 * resolves when it listens again.
 */
async function outageAfterReady(target: { host: string; port: number }, outageMs: number): Promise<{ url: string; cut: Promise<void>; close(): void }> {
  let outageOver: () => void = () => undefined;
  const cut = new Promise<void>((resolve) => (outageOver = resolve));
  let outageDone = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let readyCheckSent = false;
    client.on('data', (chunk) => {
      if (!outageDone && readyCheckSent) {
        outageDone = true;
        client.destroy();
        upstream.destroy();
        server.close();
        setTimeout(() => server.listen(port, '127.0.0.1', outageOver), outageMs);
        return;
      }
      // ioredis's ready check is an INFO (after its HELLO / CLIENT SETINFO hand-shake).
      if (/\r\ninfo\r\n/i.test(chunk.toString('latin1'))) readyCheckSent = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const JOB: AnalysisJob = newAnalysisJob({
  trigger: 'paste',
  teamId: 'T0TEST01',
  channel: 'C0ENQUEUE1',
  source: { kind: 'inline', text: 'Killed process 1 (x)', files: [] },
  reply: { kind: 'thread', threadTs: '1700000000.000100' },
  reactTs: '1700000000.000100',
  explicit: false,
  requestedBy: 'U0HUMAN01',
});

describe('enqueuer', () => {
  it('queues the next message after Redis went away just after the connection became ready', async () => {
    const redis = await startRedis();
    const port = Number(new URL(redis.url).port);
    const proxy = await outageAfterReady({ host: '127.0.0.1', port }, 500);
    const producer = createRedisClient({ kind: 'single', url: proxy.url }, 'commands');
    producer.on('error', () => undefined);
    const prefix = '{oomtest}';
    const enqueuer = createEnqueuer({ connection: producer, prefix });
    try {
      await proxy.cut;
      await enqueuer.enqueue('job-after-cut', JOB);
      const direct = new Redis(redis.url);
      try {
        assert.equal(await direct.exists(`${prefix}:analyses:job-after-cut`), 1, 'the job is in Redis');
      } finally {
        direct.disconnect();
      }
    } finally {
      await enqueuer.close().catch(() => undefined);
      producer.disconnect();
      proxy.close();
      await redis.stop();
    }
  });
});
