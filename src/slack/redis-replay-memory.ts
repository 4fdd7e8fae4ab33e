/** The replay guard's memory in Redis: one short-lived key per signed request, shared by all web processes. */
import type { RedisClient } from '../redis/create-redis-client.js';
import type { ReplayMemory } from './reject-replayed-requests.js';

export function redisReplayMemory(redis: RedisClient, prefix: string): ReplayMemory {
  return {
    async firstSighting(key, ttlSeconds) {
      return (await redis.set(`${prefix}:slack-request:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
  };
}
