/**
 * The bot on a real Redis Cluster (3 masters + 3 replicas on loopback, test/helpers/redis-cluster-harness.ts):
 * a paste gets one reply with every key the bot wrote in the one slot of the queue prefix's hash tag;
 * /readyz answers 503 while the queue cannot be written (a node that does not own the slot given as
 * REDIS_URL, the queue's master out of memory) and 200 again once it can; and the worker pointed at
 * the wrong node logs a few lines, not thousands, and does not spin.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startBot } from '../helpers/bot-harness.js';
import { commandOnNode, startRedisCluster, type TestRedisCluster } from '../helpers/redis-cluster-harness.js';
import { createRedisClient } from '../../src/redis/create-redis-client.js';
import { createEnqueuer } from '../../src/queue/enqueue-analysis.js';
import { newAnalysisJob } from '../../src/queue/new-analysis-job.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0CLUSTER';

/** GET /readyz until it answers `status` (each answer comes within the probe's own deadline). */
async function readyzBecomes(url: string, status: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await fetch(`${url}/readyz`)).status === status) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`/readyz never answered ${status}`);
}

/** How many WAIT commands a node has run (INFO commandstats). */
async function waitsRunOn(port: number): Promise<number> {
  const stats = String(await commandOnNode(port, 'INFO', 'commandstats'));
  return Number(/^cmdstat_wait:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
}


describe('on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  before(async () => {
    cluster = await startRedisCluster();
  });
  after(async () => {
    await cluster.stop();
  });
  const clusterEnv = () => ({ REDIS_CLUSTER_NODES: cluster.startupNodes.map((n) => `${n.host}:${n.port}`).join(',') });

  it('a paste gets one reply, and every key the bot wrote is in the slot of the prefix’s hash tag', async () => {
    const bot = await startBot({ redisEnv: clusterEnv(), env: { RATE_LIMIT_USER_PER_MINUTE: '10', RATE_LIMIT_CHANNEL_PER_MINUTE: '30' } });
    try {
      await readyzBecomes(bot.url, 200);
      const ts = '1700020000.000100';
      await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts });
      await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝');
      const replies = bot.slack.messagesIn(CHANNEL, ts).filter((m) => m['ts'] !== ts && m['files'] === undefined);
      assert.equal(replies.length, 1);
      assert.match(JSON.stringify(replies[0]!['blocks']), /30211/);
      assert.equal((await fetch(`${bot.url}/readyz`)).status, 200);

      const prefix = bot.config.queuePrefix;
      const slot = await cluster.slotOf(prefix);
      const keys: string[] = [];
      for (const master of (await cluster.state()).filter((n) => n.role === 'master' && !n.failing)) {
        keys.push(...((await commandOnNode(master.port, 'KEYS', `*${prefix.slice(1, -1)}*`)) as string[]));
      }
      // Queue, posted parts, rate limits, replay check: all there, all in one slot.
      for (const kind of [':analyses:', ':posted:', ':rate:', ':slack-request:']) assert.ok(keys.some((k) => k.includes(kind)), `a ${kind} key was written`);
      for (const key of keys) assert.equal(await cluster.slotOf(key), slot, `${key} is in slot ${slot}`);
      // Before the 👀, the job was copied to a replica: WAIT ran on the master that owns the queue.
      assert.ok((await waitsRunOn((await cluster.masterOf(slot)).port)) >= 1, 'WAIT ran on the queue’s master');
    } finally {
      await bot.stop();
    }
  });

  it('a new job is on a replica before the enqueue returns: WAIT goes to the master of the queue’s slot and one replica acknowledges', async () => {
    const connection = createRedisClient({ kind: 'cluster', nodes: cluster.startupNodes, username: null, password: null, tls: false }, 'commands');
    connection.on('error', () => undefined);
    const prefix = '{wait-check}';
    const enqueuer = createEnqueuer({ connection, prefix, timeoutMs: 10_000, replicaWait: { replicas: 1, timeoutMs: 5000 } });
    try {
      const slot = await cluster.slotOf(prefix);
      const master = await cluster.masterOf(slot);
      const others = (await cluster.state()).filter((n) => n.role === 'master' && n.id !== master.id);
      const before = await waitsRunOn(master.port);
      const othersBefore = await Promise.all(others.map((n) => waitsRunOn(n.port)));
      const job = newAnalysisJob({
        trigger: 'paste',
        teamId: 'T1',
        channel: CHANNEL,
        source: { kind: 'inline', text: LOG, files: [] },
        reply: { kind: 'thread', threadTs: '1.1' },
        reactTs: '1.1',
        explicit: false,
        requestedBy: 'U1',
      });
      const receipt = await enqueuer.enqueue('wait-job-1', job);
      assert.ok(receipt.replicas !== null && receipt.replicas >= 1, `WAIT answered ${receipt.replicas} replicas`);
      assert.equal((await waitsRunOn(master.port)) - before, 1, 'one WAIT, on the master that took the job');
      assert.deepEqual(await Promise.all(others.map((n) => waitsRunOn(n.port))), othersBefore, 'no WAIT on the other masters');
      // And the replica really has it (a replica answers reads of its master's slots after READONLY).
      const replica = (await cluster.state()).find((n) => n.role === 'replica' && n.masterId === master.id)!;
      const reader = new Redis({ host: '127.0.0.1', port: replica.port, lazyConnect: true, maxRetriesPerRequest: 0 });
      reader.on('error', () => undefined);
      try {
        await reader.connect();
        await reader.call('READONLY');
        assert.equal(await reader.exists(`${prefix}:analyses:wait-job-1`), 1, 'the job is on the replica');
      } finally {
        reader.disconnect();
      }

      // The WAIT covers this very job: with the replica frozen (SIGSTOP) it cannot acknowledge it, and
      // the WAIT times out with none — a WAIT on a connection that had written nothing would answer
      // at once with every replica. The enqueue still succeeds (the job is on the master).
      const pid = Number(/^process_id:(\d+)/m.exec(String(await commandOnNode(replica.port, 'INFO', 'server')))?.[1]);
      const frozen = createEnqueuer({ connection, prefix, timeoutMs: 10_000, replicaWait: { replicas: 1, timeoutMs: 300 } });
      process.kill(pid, 'SIGSTOP');
      try {
        const short = await frozen.enqueue('wait-job-2', job);
        assert.equal(short.replicas, 0, 'no replica acknowledged the job while the replica was frozen');
      } finally {
        process.kill(pid, 'SIGCONT');
        await frozen.close();
      }
      assert.equal(await connection.exists(`${prefix}:analyses:wait-job-2`), 1, 'the job was queued all the same');
    } finally {
      await enqueuer.close();
      connection.disconnect();
    }
  });

  it('REDIS_URL at a node that does not own the queue’s slot: /readyz 503, and the worker logs a few lines instead of spinning', async () => {
    const lines: string[] = [];
    const probe = await cluster.slotOf('{probe-wrong-node}');
    const elsewhere = (await cluster.state()).find((n) => n.role === 'master' && !n.slots.some(([a, b]) => probe >= a && probe <= b))!;
    const bot = await startBot({
      redisEnv: { REDIS_URL: `redis://127.0.0.1:${elsewhere.port}` },
      env: { QUEUE_PREFIX: '{probe-wrong-node}', LOG_LEVEL: 'info' },
      logStream: { write: (line) => void lines.push(line) },
    });
    try {
      assert.equal((await fetch(`${bot.url}/readyz`)).status, 503);
      const workerErrors = () => lines.filter((l) => l.includes('"msg":"worker error'));
      await bot.slack.waitFor(() => workerErrors().length > 0, 'the worker’s first error line', 20_000);
      // Without the backoff, BullMQ retries MOVED at once, for ever: hundreds of errors (and log
      // lines) in this second and a half, and a CPU spent on them.
      let errors = 0;
      bot.runtime.worker!.on('error', () => errors++);
      await new Promise((r) => setTimeout(r, 1500));
      const written = workerErrors();
      assert.ok(written.length <= 3, `${written.length} worker error lines`);
      assert.ok(errors <= 5, `the worker met ${errors} errors: it retried without pause`);
      assert.match(written[0]!, /MOVED/);
      assert.match(written[0]!, /REDIS_CLUSTER_NODES/, 'the line says what to change');
    } finally {
      await bot.stop();
    }
  });

  it('the queue’s master out of memory: /readyz 503 until it can take writes again', async () => {
    const bot = await startBot({ redisEnv: clusterEnv(), env: { ROLE: 'web' } });
    const master = await cluster.masterOf(await cluster.slotOf(bot.config.queuePrefix));
    try {
      await readyzBecomes(bot.url, 200);
      // Still answers PING and reads; refuses every write (maxmemory reached, noeviction).
      await commandOnNode(master.port, 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
      await commandOnNode(master.port, 'CONFIG', 'SET', 'maxmemory', '1');
      await readyzBecomes(bot.url, 503);
      await commandOnNode(master.port, 'CONFIG', 'SET', 'maxmemory', '0');
      await readyzBecomes(bot.url, 200);
    } finally {
      await commandOnNode(master.port, 'CONFIG', 'SET', 'maxmemory', '0').catch(() => undefined);
      await bot.stop();
    }
  });

  // Last: it changes the cluster (a replica becomes the queue's master).
  it('the queue’s master killed mid-load: the bot carries on without a restart, every message answered once', async () => {
    const bot = await startBot({ redisEnv: clusterEnv() });
    const stamps: string[] = [];
    try {
      await readyzBecomes(bot.url, 200);
      const slot = await cluster.slotOf(bot.config.queuePrefix);
      let killed: Awaited<ReturnType<TestRedisCluster['killMasterOf']>> | null = null;
      for (let i = 0; i < 40; i++) {
        const ts = `1700021000.${String(i).padStart(6, '0')}`;
        stamps.push(ts);
        await bot.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts });
        // A SIGKILL, as a lost machine: no goodbye to the cluster, jobs in flight.
        if (i === 10) killed = await cluster.killMasterOf(bot.config.queuePrefix);
        await new Promise((r) => setTimeout(r, 50));
      }
      const promoted = await cluster.waitForFailover(slot, killed!);
      assert.notEqual(promoted.port, killed!.port);
      for (const ts of stamps) {
        // Generous: the failover and the held jobs' next try come first; this waits, it times nothing.
        await bot.slack.waitFor(() => bot.slack.reactionsOn(CHANNEL, ts).join() === 'memo', `📝 on ${ts}`, 90_000);
      }
      for (const ts of stamps) {
        const replies = bot.slack.messagesIn(CHANNEL, ts).filter((m) => m['ts'] !== ts && m['files'] === undefined);
        assert.equal(replies.length, 1, `one reply to ${ts}, no note`);
      }
      assert.equal((await fetch(`${bot.url}/readyz`)).status, 200, 'ready again, same process');
    } finally {
      await bot.stop();
    }
  });
});
