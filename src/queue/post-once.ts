/**
 * Remembers, per job and per part ("verdict", "report", "failure"…), the ts of what was already
 * posted, so a job retried after posting part of its output never posts that part twice.
 */
import type { Redis } from 'ioredis';

/** How long a posted part is remembered: longer than any job's retries. */
const REMEMBER_SECONDS = 7 * 24 * 3600;

export interface PostedParts {
  get(jobId: string, part: string): Promise<string | null>;
  remember(jobId: string, part: string, ts: string): Promise<void>;
}

export function createPostedParts(redis: Redis, prefix: string): PostedParts {
  const key = (jobId: string, part: string) => `${prefix}:posted:${jobId}:${part}`;
  return {
    async get(jobId, part) {
      return redis.get(key(jobId, part));
    },
    async remember(jobId, part, ts) {
      await redis.set(key(jobId, part), ts, 'EX', REMEMBER_SECONDS);
    },
  };
}
