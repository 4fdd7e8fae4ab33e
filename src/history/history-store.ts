/**
 * The kill history in Redis, per Slack team. Every key starts with the (hash-tagged) queue prefix,
 * so all of them share the queue's Redis Cluster slot and one script may touch several:
 *
 *   <prefix>:history:<team>:kill:<entry id>   the entry's JSON, expiring after the retention
 *   <prefix>:history:<team>:fp:<fingerprint>  sorted set of entry ids by analysis time (ms),
 *                                             capped at `perFingerprint`; dropped entries are deleted
 *   <prefix>:history:<team>:recent            sorted set of the team's entry ids, capped at `perTeam`
 *                                             (what `/oom history` searches)
 *
 * Both sets lose members older than the retention on every write and expire with their newest entry.
 * Writing is idempotent per entry id (SET NX): a retried job records each kill once.
 */
import type { RedisClient } from '../redis/create-redis-client.js';
import { HistoryEntry } from './history-entry.js';

export interface HistoryStoreOptions {
  /** How long a kill is remembered. */
  retentionSeconds: number;
  /** Kills kept per fingerprint (the oldest go first). Default 50. */
  perFingerprint?: number;
  /** Kills `/oom history` can search per team. Default 1000. */
  perTeam?: number;
  now?: () => number;
}

export interface HistoryStore {
  /** Records the entries not recorded before; resolves to how many were new. */
  record(team: string, entries: HistoryEntry[]): Promise<number>;
  /** The kills with this fingerprint, newest first, within the retention. */
  byFingerprint(team: string, fp: string): Promise<HistoryEntry[]>;
  /** The team's latest kills, newest first, at most `limit`. */
  recent(team: string, limit: number): Promise<HistoryEntry[]>;
  /** The keys of a team (for the bench's memory figure and tests). */
  keyPattern(team: string): string;
}

// KEYS: 1 entry, 2 fingerprint set, 3 team set. ARGV: 1 entry id, 2 JSON, 3 score (ms), 4 TTL (s),
// 5 oldest score kept, 6 cap per fingerprint, 7 cap per team, 8 entry key prefix.
const RECORD_SCRIPT = `
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'EX', ARGV[4]) then return 0 end
for i = 2, 3 do
  redis.call('ZADD', KEYS[i], ARGV[3], ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[5])
  redis.call('EXPIRE', KEYS[i], ARGV[4])
end
local over = redis.call('ZRANGE', KEYS[2], 0, -(tonumber(ARGV[6]) + 1))
for _, id in ipairs(over) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('DEL', ARGV[8] .. id)
end
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(tonumber(ARGV[7]) + 1))
return 1
`;

// KEYS: 1 a sorted set. ARGV: 1 oldest score kept, 2 how many, 3 entry key prefix. Newest first;
// entries whose key has expired are left out.
const READ_SCRIPT = `
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {}
for _, id in ipairs(ids) do
  local v = redis.call('GET', ARGV[3] .. id)
  if v then out[#out + 1] = v end
end
return out
`;

const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

export function createHistoryStore(redis: RedisClient, prefix: string, options: HistoryStoreOptions): HistoryStore {
  const perFingerprint = options.perFingerprint ?? 50;
  const perTeam = options.perTeam ?? 1000;
  const now = options.now ?? Date.now;
  const base = (team: string) => `${prefix}:history:${safe(team)}`;
  const entryPrefix = (team: string) => `${base(team)}:kill:`;
  const oldestKept = () => now() - options.retentionSeconds * 1000;

  const read = async (team: string, set: string, limit: number): Promise<HistoryEntry[]> => {
    const raw = (await redis.eval(READ_SCRIPT, 1, set, oldestKept(), limit, entryPrefix(team))) as string[];
    const out: HistoryEntry[] = [];
    for (const json of raw) {
      const parsed = HistoryEntry.safeParse(safeJson(json));
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  };

  return {
    async record(team, entries) {
      let added = 0;
      for (const e of entries) {
        const reply = await redis.eval(
          RECORD_SCRIPT,
          3,
          entryPrefix(team) + e.id,
          `${base(team)}:fp:${e.fp}`,
          `${base(team)}:recent`,
          e.id,
          JSON.stringify(e),
          e.analysedAt,
          options.retentionSeconds,
          oldestKept(),
          perFingerprint,
          perTeam,
          entryPrefix(team),
        );
        added += Number(reply);
      }
      return added;
    },
    byFingerprint: (team, fp) => read(team, `${base(team)}:fp:${fp}`, perFingerprint),
    recent: (team, limit) => read(team, `${base(team)}:recent`, Math.min(limit, perTeam)),
    keyPattern: (team) => `${base(team)}:*`,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
