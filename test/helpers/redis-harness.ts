/**
 * A real Redis for tests: `redis-server` on a free loopback port when it is on the PATH (no
 * persistence unless asked for), else REDIS_URL. Fails loudly — never skips — when neither answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
  /**
   * Stops the server (SIGKILL when `crash`, as a machine failure would) and starts it again on the
   * same port with the same options. Only for a server this harness started.
   */
  restart(options?: { crash?: boolean }): Promise<void>;
}

export interface RedisOptions {
  /** Persistence on: append-only file in this directory, fsynced on every write. */
  appendOnlyDir?: string;
}

export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--protected-mode', 'no'];
  if (options.appendOnlyDir) args.push('--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.appendOnlyDir);
  else args.push('--appendonly', 'no');
  let child = await spawnRedis(args);
  if (child) {
    const url = `redis://127.0.0.1:${port}`;
    await waitForPing(url, 5000);
    const stopChild = async (signal: NodeJS.Signals) => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    };
    return {
      url,
      stop: () => stopChild('SIGTERM'),
      async restart(restartOptions = {}) {
        await stopChild(restartOptions.crash ? 'SIGKILL' : 'SIGTERM');
        child = await spawnRedis(args);
        if (!child) throw new Error('redis-server could not be started again');
        await waitForPing(url, 5000);
      },
    };
  }
  if (options.appendOnlyDir) throw new Error('A test needs its own redis-server (persistence on): install redis-server');
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('Tests need Redis: install redis-server (it is started on a free port) or set REDIS_URL');
  await waitForPing(url, 3000);
  return {
    url,
    stop: async () => undefined,
    restart: async () => {
      throw new Error('cannot restart a Redis this harness did not start');
    },
  };
}

async function spawnRedis(args: string[]): Promise<ChildProcess | null> {
  try {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    return child;
  } catch {
    return null;
  }
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
