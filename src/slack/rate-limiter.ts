/**
 * Per-person and per-channel limits on analyses, checked by the listeners before anything is
 * queued, so one person or a flooding alert cannot starve the queue. The counters live in Redis and
 * are checked and counted in one Lua script (atomic across any number of web processes). Each
 * counter is a one-minute window that starts with the first analysis it counts.
 *
 * A request is identified by its job id: the same message delivered twice (a Slack retry, or the
 * `message` and `app_mention` of one message) is counted once and gets the same answer (a refusal
 * until its window ends, then it is looked at afresh). Only the
 * first refusal in a window asks to be announced (`firstNotice`), so a flood is not answered by a
 * flood of notices.
 */
import type { RedisClient } from '../redis/create-redis-client.js';
import type { Logger } from '../logger.js';

export interface RateRequest {
  jobId: string;
  teamId: string | null;
  channel: string;
  /** The person who asked; null for integrations' alerts (they count against the channel only). */
  user: string | null;
}

export type Admission =
  | { ok: true }
  | {
      ok: false;
      scope: 'user' | 'channel';
      /** The limit that was reached (analyses a minute). */
      limit: number;
      /** Seconds until the window that refused it ends. */
      retryAfterSeconds: number;
      /** Whether this is the window's first refusal in that scope, i.e. the one to announce. */
      firstNotice: boolean;
    };

export interface RateLimiter {
  admit(request: RateRequest): Promise<Admission>;
}

export interface RateLimits {
  userPerMinute: number;
  channelPerMinute: number;
}

const WINDOW_SECONDS = 60;
/** How long a job id's answer is remembered: covers Slack's retries (up to ~5 minutes later). */
const DECISION_SECONDS = 10 * 60;
/** A Redis that does not answer within this is treated as absent: the request goes on (fail open). */
const CHECK_TIMEOUT_MS = 1000;

// KEYS: 1 the job's decision, 2 user counter, 3 channel counter, 4 user notice, 5 channel notice.
// ARGV: 1 user limit (0: none), 2 channel limit (0: none), 3 window seconds, 4 decision seconds.
const ADMIT_SCRIPT = `
local prior = redis.call('GET', KEYS[1])
if prior then return {prior, 0, 0} end
local function full(key, limit)
  if limit == 0 then return false end
  return tonumber(redis.call('GET', key) or '0') >= limit
end
local userLimit = tonumber(ARGV[1])
local channelLimit = tonumber(ARGV[2])
local scope, counter, notice = 'ok', nil, nil
if full(KEYS[2], userLimit) then scope, counter, notice = 'user', KEYS[2], KEYS[4]
elseif full(KEYS[3], channelLimit) then scope, counter, notice = 'channel', KEYS[3], KEYS[5] end
if scope == 'ok' then
  redis.call('SET', KEYS[1], scope, 'EX', ARGV[4])
  if userLimit > 0 and redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
  if channelLimit > 0 and redis.call('INCR', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[3]) end
  return {'ok', 0, 0}
end
local ttl = redis.call('TTL', counter)
if ttl <= 0 then ttl = tonumber(ARGV[3]) end
-- A refusal holds until its window ends: a later retry (or a resubmitted form) is looked at afresh.
redis.call('SET', KEYS[1], scope, 'EX', ttl)
local first = redis.call('SET', notice, '1', 'EX', ttl, 'NX')
if first then return {scope, 1, ttl} end
return {scope, 0, ttl}
`;

export function createRateLimiter(redis: RedisClient, prefix: string, limits: RateLimits, log: Logger): RateLimiter {
  if (limits.userPerMinute === 0 && limits.channelPerMinute === 0) return { admit: async () => ({ ok: true }) };
  // Every key starts with the (hash-tagged) prefix, so the script's keys share one Cluster slot.
  const key = (...parts: string[]) => [prefix, 'rate', ...parts.map((p) => p.replace(/:/g, '_'))].join(':');
  return {
    async admit(request) {
      const team = request.teamId ?? 'T';
      const userKey = key('user', team, request.user ?? '-');
      const channelKey = key('channel', team, request.channel);
      let timer: NodeJS.Timeout | undefined;
      try {
        const reply = await Promise.race([
          redis.eval(
            ADMIT_SCRIPT,
            5,
            key('job', request.jobId),
            userKey,
            channelKey,
            `${userKey}:told`,
            `${channelKey}:told`,
            request.user === null ? 0 : limits.userPerMinute,
            limits.channelPerMinute,
            WINDOW_SECONDS,
            DECISION_SECONDS,
          ),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('rate limit check timed out')), CHECK_TIMEOUT_MS);
          }),
        ]);
        const [scope, first, ttl] = reply as [string, number, number];
        if (scope !== 'user' && scope !== 'channel') return { ok: true };
        return {
          ok: false,
          scope,
          limit: scope === 'user' ? limits.userPerMinute : limits.channelPerMinute,
          retryAfterSeconds: Number(ttl) > 0 ? Number(ttl) : WINDOW_SECONDS,
          firstNotice: Number(first) === 1,
        };
      } catch (err) {
        // Unreachable Redis: the enqueue that follows fails too and tells the user; a limit must not
        // be the thing that hides that.
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'rate limit check skipped');
        return { ok: true };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The sentence the user reads when an analysis is refused. */
export function rateLimitNotice(refusal: Extract<Admission, { ok: false }>): string {
  const wait = `${refusal.retryAfterSeconds} s`;
  return refusal.scope === 'user'
    ? `:hourglass_flowing_sand: You have started ${refusal.limit} analyses in the last minute, the most one person may, so this one was not started. Try again in ${wait}.`
    : `:hourglass_flowing_sand: This channel has had ${refusal.limit} analyses in the last minute, the most allowed, so further logs here are not analysed for the next ${wait}.`;
}
