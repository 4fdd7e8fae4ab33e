/**
 * `WAIT <replicas> <timeout>` after a write: Redis replicates asynchronously, so a master that fails
 * right after it accepted a job can take the job with it while its replica, promoted, never saw it.
 * WAIT blocks until that many replicas have acknowledged every write made so far on the same
 * connection, which is why it must go to the very connection that wrote: the client itself for one
 * node or a Sentinel-managed master, and for a Cluster the node connection that owns the key's hash
 * slot (ioredis would send a keyless command to any node).
 *
 * What the answer means to the caller:
 * - ≥ `replicas`: the write is on a replica too and survives a failover of its master.
 * - fewer (the timeout passed): the replica is down, or lagging. The write is on the master, which
 *   is still there; it is lost only if the master fails before the replica catches up. The caller
 *   carries on — refusing the job would lose it for certain — and a warning is logged once. While
 *   the replica stays short, WAIT is not sent again for `pauseAfterShortMs`: a blocked WAIT holds up
 *   every command behind it on the shared connection (rate limits, the next messages' jobs), so
 *   waiting out the timeout on every job would turn a missing replica into a slow bot.
 * - an error: the connection (and perhaps the master) is gone, so the write may be lost with it:
 *   thrown, so that the caller writes it again (the job add is idempotent by job id).
 */
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './create-redis-client.js';

export interface ReplicaWaitOptions {
  /** Replicas that must have a write before it counts as safe; 0 sends no WAIT. */
  replicas: number;
  /** Longest one WAIT blocks, in ms. */
  timeoutMs: number;
  /** After a WAIT that came back short, how long no WAIT is sent. Default 30 s. */
  pauseAfterShortMs?: number;
  /** Told once when replicas fall short, and once when they are back. */
  onChange?: (event: 'short' | 'recovered', fields: { acked: number; wanted: number }) => void;
  now?: () => number;
}

export interface ReplicaWait {
  /**
   * After a write on the connection: how many replicas acknowledged it, or null when no WAIT was
   * sent (none wanted, or paused after a shortfall). Throws when the connection failed.
   */
  afterWrite(): Promise<number | null>;
}

const DEFAULT_PAUSE_AFTER_SHORT_MS = 30_000;

/** `key` names the slot the writes go to (any key of the queue: they share one hash tag). */
export function waitForReplicas(connection: RedisClient, key: string, options: ReplicaWaitOptions): ReplicaWait {
  const now = options.now ?? Date.now;
  const pauseMs = options.pauseAfterShortMs ?? DEFAULT_PAUSE_AFTER_SHORT_MS;
  let pausedUntil = 0;
  let short = false;
  let slot: number | null = null;

  /** The connection the write went through. */
  const writer = async (): Promise<Redis | Cluster> => {
    if (!(connection instanceof Cluster)) return connection;
    // The slot of a key never changes; which node owns it does (a failover), so that is looked up each time.
    slot ??= Number(await connection.call('CLUSTER', 'KEYSLOT', key));
    const owner = connection.slots[slot]?.[0];
    const node = connection.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === owner);
    if (node === undefined) throw new Error(`no connection to the master of slot ${slot} (${owner ?? 'unknown'})`);
    return node;
  };

  return {
    async afterWrite() {
      if (options.replicas === 0 || now() < pausedUntil) return null;
      const acked = Number(await (await writer()).call('WAIT', options.replicas, options.timeoutMs));
      if (acked < options.replicas) {
        pausedUntil = now() + pauseMs;
        if (!short) options.onChange?.('short', { acked, wanted: options.replicas });
        short = true;
      } else if (short) {
        short = false;
        options.onChange?.('recovered', { acked, wanted: options.replicas });
      }
      return acked;
    },
  };
}
