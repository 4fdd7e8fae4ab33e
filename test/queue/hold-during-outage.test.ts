/**
 * The hold in front of the queue, against a real redis-server that goes away and comes back: every
 * job submitted while Redis is down is queued once it is back — each exactly once, the oldest first —
 * and many held jobs are queued together rather than one round trip after another.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createEnqueuer } from '../../src/queue/enqueue-analysis.js';
import { holdDuringOutage } from '../../src/queue/hold-during-outage.js';
import { newAnalysisJob } from '../../src/queue/new-analysis-job.js';
import { createRedisClient } from '../../src/redis/create-redis-client.js';
import { startRedis } from '../helpers/redis-harness.js';

const job = (ts: string) =>
  newAnalysisJob({
    trigger: 'paste',
    teamId: 'T0TEST01',
    channel: 'C0HOLD001',
    source: { kind: 'inline', text: 'Killed process 1 (x)', files: [] },
    reply: { kind: 'thread', threadTs: ts },
    reactTs: ts,
    explicit: false,
    requestedBy: 'U0HUMAN01',
  });

describe('holding jobs while the queue is unreachable', () => {
  it('queues every held job once Redis is back: each once, oldest first, many at a time', async () => {
    const redis = await startRedis();
    const producer = createRedisClient({ kind: 'single', url: redis.url }, 'commands');
    producer.on('error', () => undefined);
    const prefix = '{oomhold}';
    const enqueuer = createEnqueuer({ connection: producer, prefix, timeoutMs: 300 });
    // Counts the adds in flight at once, through the real enqueuer.
    let inFlight = 0;
    let mostInFlight = 0;
    const counting = {
      ...enqueuer,
      async enqueue(...args: Parameters<typeof enqueuer.enqueue>) {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          return await enqueuer.enqueue(...args);
        } finally {
          inFlight--;
        }
      },
    };
    const hold = holdDuringOutage({ enqueuer: counting, limits: { maxHoldMs: 120_000, maxJobs: 1000 }, retryEveryMs: 100 });
    const queued: string[] = [];
    const ids = Array.from({ length: 80 }, (_, i) => `held-${String(i).padStart(3, '0')}`);
    try {
      await enqueuer.enqueue('before', job('1700000000.000001'));
      await redis.stop();
      for (const [i, id] of ids.entries()) {
        const how = await hold.submit(id, job(`1700000001.${String(i).padStart(6, '0')}`), { onQueued: () => queued.push(id), onGiveUp: async () => assert.fail(`${id} given up`) });
        assert.equal(how, 'held', `${id} is held while Redis is down`);
      }
      assert.equal(hold.held, 80);
      await redis.restart();
      for (let i = 0; i < 6000 && queued.length < ids.length; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(hold.held, 0, 'nothing left in the hold');
      assert.deepEqual([...queued].sort(), ids, 'each held job queued exactly once');
      assert.equal(queued[0], ids[0], 'the oldest first');
      assert.ok(mostInFlight > 1, `held jobs queued together (at most ${mostInFlight} at once)`);
      const direct = new Redis(redis.url);
      try {
        for (const id of ids) assert.equal(await direct.exists(`${prefix}:analyses:${id}`), 1, `${id} is in Redis`);
      } finally {
        direct.disconnect();
      }
    } finally {
      await hold.close().catch(() => undefined);
      producer.disconnect();
      await redis.stop();
    }
  });
});
