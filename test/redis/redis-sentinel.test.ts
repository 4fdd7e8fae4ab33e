/**
 * The bot behind Redis Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME) with real processes on
 * loopback: a master, its replica and one sentinel, all `redis-server`. A paste is answered; after a
 * failover (SENTINEL FAILOVER: the replica is promoted, the old master demoted) the same bot, not
 * restarted, answers the next paste and /readyz says 200.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../helpers/bot-harness.js';
import { freePort } from '../helpers/redis-harness.js';
import { commandOnNode } from '../helpers/redis-cluster-harness.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0SENTINL';
const MASTER_NAME = 'oom-test-master';

async function spawnServer(args: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (err) => reject(new Error(`Sentinel tests need redis-server on the PATH: ${err.message}`)));
  });
  return child;
}


/** Polls `probe` every 100 ms (errors count as not yet) for up to 20 s. */
async function until<T>(what: string, probe: () => Promise<T | null | false>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== false) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting until ${what}`);
}

describe('behind Redis Sentinel', () => {
  const children: ChildProcess[] = [];
  let dir: string;
  let ports: { master: number; replica: number; sentinel: number };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oom-triage-sentinel-'));
    ports = { master: await freePort(), replica: await freePort(), sentinel: await freePort() };
    // --dir: a replica writes the master's snapshot it syncs from there (not into the working copy).
    const common = ['--bind', '127.0.0.1', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', dir];
    children.push(await spawnServer(['--port', String(ports.master), ...common]));
    children.push(await spawnServer(['--port', String(ports.replica), ...common, '--replicaof', '127.0.0.1', String(ports.master)]));
    await until('the replica is in sync', async () => /master_link_status:up/.test(String(await commandOnNode(ports.replica, 'INFO', 'replication'))));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${ports.sentinel}`,
        'bind 127.0.0.1',
        'protected-mode no',
        `dir ${dir}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${ports.master} 1`,
        `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
        `sentinel failover-timeout ${MASTER_NAME} 5000`,
        '',
      ].join('\n'),
    );
    children.push(await spawnServer([conf, '--sentinel']));
    await until('the sentinel knows the replica', async () => {
      const replicas = (await commandOnNode(ports.sentinel, 'SENTINEL', 'REPLICAS', MASTER_NAME)) as unknown[];
      return replicas.length === 1;
    });
  });
  after(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a paste, and after a failover the same bot answers the next one', async () => {
    const bot = await startBot({ redisEnv: { REDIS_SENTINELS: `127.0.0.1:${ports.sentinel}`, REDIS_SENTINEL_NAME: MASTER_NAME } });
    try {
      await until('/readyz 200', async () => (await fetch(`${bot.url}/readyz`)).status === 200);
      const before = '1700022000.000100';
      await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts: before });
      await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, before).join() === 'memo', '📝 before the failover');

      await commandOnNode(ports.sentinel, 'SENTINEL', 'FAILOVER', MASTER_NAME);
      await until('the sentinel names the replica as master', async () => {
        const [, port] = (await commandOnNode(ports.sentinel, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as [string, string];
        return Number(port) === ports.replica;
      });
      await until('the old master is a replica', async () => /role:slave/.test(String(await commandOnNode(ports.master, 'INFO', 'replication'))));

      const after = '1700022000.000200';
      await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts: after });
      // Generous: the clients find the new master on their own; this waits, it times nothing.
      await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, after).join() === 'memo', '📝 after the failover', 60_000);
      for (const ts of [before, after]) assert.equal(bot.slack.messagesIn(CHANNEL, ts).filter((m) => m['ts'] !== ts && m['files'] === undefined).length, 1, `one reply to ${ts}`);
      await until('/readyz 200 after the failover', async () => (await fetch(`${bot.url}/readyz`)).status === 200);
      // The queue's keys are on the new master.
      assert.ok(((await commandOnNode(ports.replica, 'KEYS', `${bot.config.queuePrefix}:analyses:*`)) as string[]).length > 0);
    } finally {
      await bot.stop();
    }
  });
});
