/**
 * Who may see an earlier analysis. An analysis lives in the channel it was posted in; naming it
 * elsewhere must not tell anyone what they could not read themselves.
 *
 * The rule:
 * - In a reply posted in channel C, an earlier kill analysed in channel E is named when E is C
 *   (everyone in C can scroll up to it), or when E is a public channel of this workspace that is not
 *   shared with another organisation or workspace and C is not shared either — every full member of
 *   the workspace can open such an E, and a shared C could hold people from elsewhere who cannot.
 *   A kill analysed in a private channel, a DM or a group DM is never named anywhere else.
 * - To a person U asking privately (`/oom history`): kills analysed in channels U is a member of, and,
 *   unless U is a guest (guests cannot open public channels they were not invited to), kills analysed
 *   in public channels of the workspace.
 * - Whatever Slack does not answer counts as private: a failed lookup hides the entry.
 * One gap stays, as Slack gives no cheap way to close it: guests who are members of C see, in a
 * reply in C, the times and sizes of kills analysed in public channels they cannot open.
 *
 * Answers are cached for a few minutes (`ttlMs`): a channel made private is hidden at most that late.
 */
import type { WebClient } from '@slack/web-api';

export interface ChannelFacts {
  /** Every full member of the workspace can read it: public, and not shared outside it. */
  workspacePublic: boolean;
  /** Shared with another organisation or workspace (Slack Connect, org-wide), or about to be. */
  sharedOutside: boolean;
}

export interface ChannelAccess {
  /** Null when Slack did not say (no scope, deleted channel, an error): treat as private. */
  facts(channel: string): Promise<ChannelFacts | null>;
  isMember(channel: string, user: string): Promise<boolean>;
  /** Single- and multi-channel guests; unknown counts as a guest. */
  isGuest(user: string): Promise<boolean>;
}

export interface ChannelAccessOptions {
  /** How long an answer is reused. Default 5 minutes. */
  ttlMs?: number;
  /** Answers kept at most (the oldest go first). Default 10000. */
  maxEntries?: number;
  /** conversations.members pages read at most (200 members each) before giving up: not a member. Default 25. */
  maxMemberPages?: number;
  now?: () => number;
}

/** In a reply in `replyChannel`, may a kill analysed in `entryChannel` be named? (The rule above.) */
export function mayShowInChannel(entryChannel: string, replyChannel: string, entry: ChannelFacts | null, reply: ChannelFacts | null): boolean {
  if (entryChannel === replyChannel) return true;
  return entry !== null && entry.workspacePublic && reply !== null && !reply.sharedOutside;
}

/** May person U, privately, see a kill analysed in a channel? (The rule above.) */
export function mayShowToUser(entry: ChannelFacts | null, userIsMember: boolean, userIsGuest: boolean): boolean {
  if (userIsMember) return true;
  return entry !== null && entry.workspacePublic && !userIsGuest;
}

interface SlackChannel {
  is_private?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  is_group?: boolean;
  is_shared?: boolean;
  is_ext_shared?: boolean;
  is_org_shared?: boolean;
  is_pending_ext_shared?: boolean;
}

export function createChannelAccess(client: Pick<WebClient, 'conversations' | 'users'>, options: ChannelAccessOptions = {}): ChannelAccess {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const maxPages = options.maxMemberPages ?? 25;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();

  /** One lookup per key at a time; failures are not kept (the next ask tries again). */
  const cached = <T>(key: string, load: () => Promise<T>, failed: T): Promise<T> => {
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = load().catch(() => {
      cache.delete(key);
      return failed;
    });
    cache.delete(key);
    cache.set(key, { at: now(), value });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return value;
  };

  return {
    facts: (channel) =>
      cached<ChannelFacts | null>(
        `info:${channel}`,
        async () => {
          const res = await client.conversations.info({ channel });
          const c = res.channel as SlackChannel | undefined;
          if (!c) return null;
          const sharedOutside = Boolean(c.is_shared || c.is_ext_shared || c.is_org_shared || c.is_pending_ext_shared);
          const open = !c.is_private && !c.is_im && !c.is_mpim && !c.is_group;
          return { workspacePublic: open && !sharedOutside, sharedOutside };
        },
        null,
      ),
    isMember: (channel, user) =>
      cached<boolean>(
        `member:${channel}:${user}`,
        async () => {
          let cursor: string | undefined;
          for (let page = 0; page < maxPages; page++) {
            const res = await client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
            if ((res.members ?? []).includes(user)) return true;
            cursor = res.response_metadata?.next_cursor || undefined;
            if (!cursor) return false;
          }
          return false;
        },
        false,
      ),
    isGuest: (user) =>
      cached<boolean>(
        `guest:${user}`,
        async () => {
          const res = await client.users.info({ user });
          const u = res.user as { is_restricted?: boolean; is_ultra_restricted?: boolean } | undefined;
          return u === undefined || Boolean(u.is_restricted || u.is_ultra_restricted);
        },
        true,
      ),
  };
}
