/**
 * Cheap looks at the queue for /readyz and /metrics, on the bot's fail-fast connection, each with a
 * deadline so a probe never hangs on an unreachable Redis.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/create-redis-client.js';
import { QUEUE_NAME } from './enqueue-analysis.js';

/** A probe not answered within this counts as failed. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * Whether the queue can really be written now: a key in the queue's own slot is written and deleted.
 * PING is not enough: a Cluster node that does not own the slot, a replica, a master out of memory
 * (`maxmemory` with `noeviction`) or one refusing writes all answer PING.
 */
export async function canWriteQueue(redis: RedisClient, prefix: string): Promise<boolean> {
  // The prefix's hash tag puts the key in the queue's slot; the expiry cleans up after a probe cut short.
  const key = `${prefix}:probe:${randomUUID()}`;
  try {
    return await withinDeadline(async () => {
      const written = await redis.set(key, '1', 'PX', 10_000);
      await redis.del(key);
      return written === 'OK';
    });
  } catch {
    return false;
  }
}

export interface QueueDepth {
  /** Jobs waiting for a worker. */
  waiting: number;
  /** Seconds since the job longest in line was queued; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/** How many jobs wait and for how long the oldest has: two round trips (lengths and the oldest id, then its time). */
export async function readQueueDepth(redis: RedisClient, prefix: string, now: () => number = Date.now): Promise<QueueDepth> {
  // BullMQ's keys: jobs are LPUSHed onto `wait` (`paused` while the queue is paused) and taken from its right end.
  const key = (name: string) => `${prefix}:${QUEUE_NAME}:${name}`;
  return withinDeadline(async () => {
    const [wait, paused, oldest] = await Promise.all([redis.llen(key('wait')), redis.llen(key('paused')), redis.lindex(key('wait'), -1)]);
    let oldestWaitingSeconds = 0;
    if (oldest !== null) {
      const queuedAt = Number(await redis.hget(key(oldest), 'timestamp'));
      if (Number.isFinite(queuedAt) && queuedAt > 0) oldestWaitingSeconds = Math.max(0, (now() - queuedAt) / 1000);
    }
    return { waiting: wait + paused, oldestWaitingSeconds };
  });
}

async function withinDeadline<T>(run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis did not answer in time')), PROBE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
