/**
 * Where Redis is: one node (`REDIS_URL`), a Redis Cluster (`REDIS_CLUSTER_NODES`), or a master found
 * through Sentinel (`REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`). Parsed in config.ts; turned into an
 * ioredis client by create-redis-client.ts.
 */
import { z } from 'zod';

export interface HostPort {
  host: string;
  port: number;
}

/** Credentials and TLS of the data nodes (Cluster and Sentinel; a single node carries them in its URL). */
export interface RedisAuth {
  username: string | null;
  password: string | null;
  /** TLS to the data nodes (and to the sentinels). */
  tls: boolean;
}

export type RedisTarget =
  | { kind: 'single'; url: string }
  | ({ kind: 'cluster'; nodes: HostPort[] } & RedisAuth)
  | ({ kind: 'sentinel'; sentinels: HostPort[]; masterName: string; sentinelPassword: string | null } & RedisAuth);

/** `host:port` or `[v6 address]:port`. */
function parseHostPort(text: string): HostPort | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2])!, port };
}

/** A comma-separated list of `host:port`, at least one. */
export const hostPortList = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
    const nodes: HostPort[] = [];
    for (const part of parts) {
      const node = parseHostPort(part);
      if (node) nodes.push(node);
      else ctx.addIssue({ code: 'custom', message: `has '${part}', which is not host:port` });
    }
    if (parts.length === 0) ctx.addIssue({ code: 'custom', message: 'lists no host:port' });
    return nodes;
  })
  .optional();

/**
 * The hash tag Redis Cluster hashes a key by: the text in its first `{…}`, when not empty. Keys that
 * share it share a slot, so the queue's Lua scripts (many keys each) run on one node.
 */
export function hashTagOf(key: string): string | null {
  const open = key.indexOf('{');
  if (open < 0) return null;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return null;
  return key.slice(open + 1, close);
}
