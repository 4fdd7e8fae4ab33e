/** The replay guard's memory in Redis: one short-lived key per signed request, shared by all web processes. */
import type { Redis } from 'ioredis';
import type { ReplayMemory } from './reject-replayed-requests.js';

export function redisReplayMemory(redis: Redis, prefix: string): ReplayMemory {
  return {
    async firstSighting(key, ttlSeconds) {
      return (await redis.set(`${prefix}:slack-request:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
  };
}
