/**
 * The listeners' Redis connection: it fails fast (one retry, no offline queue), so a listener can
 * tell the user that nothing was queued instead of holding the event while Redis is away.
 */
import { Redis } from 'ioredis';

export function createProducerConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
}
