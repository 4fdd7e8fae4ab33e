/** Right/Wrong votes on a reply, one per person and reply (Redis SET NX), so a double press counts once. */
import type { RedisClient } from '../redis/create-redis-client.js';

const KEEP_SECONDS = 30 * 24 * 3600;

export interface FeedbackStore {
  /** True for the person's first vote on this reply. */
  record(jobId: string, user: string, verdict: string): Promise<boolean>;
}

export function createFeedbackStore(redis: RedisClient, prefix: string): FeedbackStore {
  return {
    async record(jobId, user, verdict) {
      const set = await redis.set(`${prefix}:feedback:${jobId}:${user}`, verdict, 'EX', KEEP_SECONDS, 'NX');
      return set === 'OK';
    },
  };
}
