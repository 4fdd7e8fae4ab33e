/**
 * A real Redis for tests: `redis-server` on a free loopback port when it is on the PATH (no
 * persistence), else REDIS_URL. Fails loudly — never skips — when neither answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
      stdio: 'ignore',
    });
    const spawned = child;
    await new Promise<void>((resolve, reject) => {
      spawned.once('spawn', () => resolve());
      spawned.once('error', reject);
    });
  } catch {
    child = null;
  }
  if (child) {
    const url = `redis://127.0.0.1:${port}`;
    await waitForPing(url, 5000);
    const running = child;
    return {
      url,
      stop: async () => {
        if (running.exitCode !== null) return;
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        await exited;
      },
    };
  }
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('Tests need Redis: install redis-server (it is started on a free port) or set REDIS_URL');
  await waitForPing(url, 3000);
  return { url, stop: async () => undefined };
}

async function waitForPing(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') {
        await client.quit();
        return;
      }
    } catch (err) {
      last = err;
    }
    client.disconnect();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Redis at ${url} did not answer PING: ${last instanceof Error ? last.message : String(last)}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
