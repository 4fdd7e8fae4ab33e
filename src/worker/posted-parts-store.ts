/**
 * Remembers, per job and per part ("verdict", "report", "failure"…), the ts of what was already
 * posted, so a job retried after posting part of its output never posts that part twice.
 */
import type { RedisClient } from '../redis/create-redis-client.js';

/** How long a posted part is remembered: longer than any job's retries. */
const REMEMBER_SECONDS = 7 * 24 * 3600;

/** What an attempt finds before posting a part (see `begin`). */
export type PostStart =
  /** Already posted: its ts. */
  | { kind: 'posted'; ts: string }
  /** An earlier attempt was about to post it at this time (unix seconds) and never recorded a ts. */
  | { kind: 'intent'; since: number }
  /** First try: the "about to post" marker is now written. */
  | { kind: 'first' };

export interface PostedParts {
  get(jobId: string, part: string): Promise<string | null>;
  remember(jobId: string, part: string, ts: string): Promise<void>;
  /**
   * Before posting `part`, in one round trip: its posted ts if there is one, else an earlier
   * attempt's "about to post" time if there is one, else writes that marker (`at`, unix seconds).
   */
  begin(jobId: string, part: string, at: number): Promise<PostStart>;
}

// KEYS: 1 the part's posted ts, 2 its "about to post" marker. ARGV: 1 now (unix seconds), 2 expiry (seconds).
// Replies {kind, value}: 'posted' + ts, 'intent' + marker time, or 'first' once the marker is written.
const BEGIN_SCRIPT = `
local posted = redis.call('GET', KEYS[1])
if posted then return {'posted', posted} end
local intent = redis.call('GET', KEYS[2])
if intent then return {'intent', intent} end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
return {'first', ''}
`;

/** The "about to post" marker's name beside the part's own. */
const intentPart = (part: string) => `${part}~posting`;

export function createPostedParts(redis: RedisClient, prefix: string): PostedParts {
  // The (hash-tagged) prefix starts every key, so the script's two keys share one Cluster slot.
  const key = (jobId: string, part: string) => `${prefix}:posted:${jobId}:${part}`;
  return {
    async get(jobId, part) {
      return redis.get(key(jobId, part));
    },
    async remember(jobId, part, ts) {
      await redis.set(key(jobId, part), ts, 'EX', REMEMBER_SECONDS);
    },
    async begin(jobId, part, at) {
      const reply = await redis.eval(BEGIN_SCRIPT, 2, key(jobId, part), key(jobId, intentPart(part)), at, REMEMBER_SECONDS);
      const [kind, value] = reply as [string, string];
      if (kind === 'posted') return { kind, ts: value };
      if (kind === 'intent') return { kind, since: Number(value) };
      return { kind: 'first' };
    },
  };
}
