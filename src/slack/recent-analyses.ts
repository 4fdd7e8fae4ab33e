/**
 * Each person's recent analyses, for their Home tab: the worker adds one when it replies to someone
 * who asked (or pasted); the web role reads them when the Home tab opens. Capped and expiring, in
 * Redis, so any process can publish the tab.
 */
import type { RedisClient } from '../redis/create-redis-client.js';
import { z } from 'zod';

const KEEP = 10;
const KEEP_SECONDS = 30 * 24 * 3600;

export const RecentAnalysis = z.object({ channel: z.string(), ts: z.string(), headline: z.string(), at: z.number() });
export type RecentAnalysis = z.infer<typeof RecentAnalysis>;

export interface RecentAnalyses {
  add(teamId: string | null, user: string, item: RecentAnalysis): Promise<void>;
  list(teamId: string | null, user: string): Promise<RecentAnalysis[]>;
}

export function createRecentAnalyses(redis: RedisClient, prefix: string): RecentAnalyses {
  const key = (teamId: string | null, user: string) => `${prefix}:recent:${teamId ?? 'T'}:${user}`;
  return {
    async add(teamId, user, item) {
      const k = key(teamId, user);
      await redis.multi().lpush(k, JSON.stringify(item)).ltrim(k, 0, KEEP - 1).expire(k, KEEP_SECONDS).exec();
    },
    async list(teamId, user) {
      const raw = await redis.lrange(key(teamId, user), 0, KEEP - 1);
      return raw.flatMap((r) => {
        try {
          const parsed = RecentAnalysis.safeParse(JSON.parse(r));
          return parsed.success ? [parsed.data] : [];
        } catch {
          return [];
        }
      });
    },
  };
}
