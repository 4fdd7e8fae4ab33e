/**
 * The one place ioredis clients are made, for whichever Redis the config names (redis-target.ts):
 * a `Redis` for one node or for a master found through Sentinel, a `Cluster` for Redis Cluster. The
 * queue, the rate limiter, the replay check and the posted-parts store all use what this returns.
 *
 * Failover needs no restart: a Cluster client follows MOVED and refreshes its slot map when a master
 * goes; a Sentinel client asks the sentinels for the new master (and listens for +switch-master); and
 * every non-cluster client reconnects when a write meets a replica (READONLY), which is what a
 * demoted master or a DNS name that still points at one answers.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './redis-target.js';

export type RedisClient = Redis | Cluster;

/**
 * - `commands`: the bot's own commands (enqueue, rate limits, replay check, posted parts, readiness
 *   probe, queue gauges). Fails fast: no offline queue and one retry per command, so the caller hears
 *   within its own deadline that Redis is away, instead of commands piling up behind an outage.
 * - `worker`: BullMQ's worker. Waits out an outage (no per-command retry limit, offline queue on), as
 *   BullMQ's blocking commands require.
 */
export type RedisUse = 'commands' | 'worker';

/** Milliseconds to open a connection before the attempt counts as failed. */
const CONNECT_TIMEOUT_MS = 5000;
/** Cluster: pause before retrying a command that met a failover, a CLUSTERDOWN or a TRYAGAIN. */
const CLUSTER_RETRY_DELAY_MS = 200;

/** 2: reconnect and send the command again. A write that meets a replica is sent again to the master. */
const reconnectOnReadOnly = (err: Error): 2 | false => (err.message.startsWith('READONLY') ? 2 : false);

function useOptions(use: RedisUse): Pick<RedisOptions, 'maxRetriesPerRequest' | 'enableOfflineQueue'> {
  return use === 'worker' ? { maxRetriesPerRequest: null, enableOfflineQueue: true } : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
}

export function createRedisClient(target: RedisTarget, use: RedisUse): RedisClient {
  switch (target.kind) {
    case 'single':
      return new Redis(target.url, { ...useOptions(use), connectTimeout: CONNECT_TIMEOUT_MS, reconnectOnError: reconnectOnReadOnly });
    case 'sentinel':
      return new Redis({
        ...useOptions(use),
        sentinels: target.sentinels,
        name: target.masterName,
        ...(target.username !== null ? { username: target.username } : {}),
        ...(target.password !== null ? { password: target.password } : {}),
        ...(target.sentinelPassword !== null ? { sentinelPassword: target.sentinelPassword } : {}),
        ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
        // Reconnects to the new master as soon as a sentinel announces a failover.
        failoverDetector: true,
        connectTimeout: CONNECT_TIMEOUT_MS,
        reconnectOnError: reconnectOnReadOnly,
      });
    case 'cluster': {
      const { maxRetriesPerRequest, enableOfflineQueue } = useOptions(use);
      const options: ClusterOptions = {
        enableOfflineQueue,
        retryDelayOnFailover: CLUSTER_RETRY_DELAY_MS,
        retryDelayOnClusterDown: CLUSTER_RETRY_DELAY_MS,
        retryDelayOnTryAgain: CLUSTER_RETRY_DELAY_MS,
        // Node addresses are used as the cluster announces them (TLS certificates name the host).
        ...(target.tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
        redisOptions: {
          maxRetriesPerRequest,
          connectTimeout: CONNECT_TIMEOUT_MS,
          ...(target.username !== null ? { username: target.username } : {}),
          ...(target.password !== null ? { password: target.password } : {}),
          ...(target.tls ? { tls: {} } : {}),
        },
      };
      return new Cluster(target.nodes, options);
    }
  }
}

/** Where the client points, for logs: never a password. */
export function describeRedisTarget(target: RedisTarget): string {
  const list = (nodes: Array<{ host: string; port: number }>) => nodes.map((n) => `${n.host}:${n.port}`).join(',');
  switch (target.kind) {
    case 'single': {
      const url = new URL(target.url);
      return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    }
    case 'cluster':
      return `cluster ${list(target.nodes)}`;
    case 'sentinel':
      return `sentinel ${target.masterName} via ${list(target.sentinels)}`;
  }
}
