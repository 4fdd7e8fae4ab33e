/** Small Slack side effects of a job: reaction swaps and ephemeral notes to the person who asked. */
import { WebAPIPlatformError } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { isAllowedSlackUrl } from './slack-hosts.js';
import type { SlackPoster, SlackReader } from './slack-clients.js';

/**
 * 👀 while working; 📝 when the report is in the thread (not ✅: on-call teams read a check mark as
 * "incident resolved"); ⚠️ when it failed. A paste with nothing found keeps no reaction at all.
 */
export const REACTION = { working: 'eyes', done: 'memo', failed: 'warning' } as const;

/** Replaces 👀 with `to` (or just removes it); a reaction that is already gone or present is fine. */
export async function swapReaction(client: SlackReader, channel: string, ts: string, to: string | null, log: Logger): Promise<void> {
  // Independent calls: sent together, so a reply costs one round trip less.
  await Promise.all([
    ignoring(['no_reaction'], () => client.reactions.remove({ channel, timestamp: ts, name: REACTION.working }), log),
    to ? ignoring(['already_reacted'], () => client.reactions.add({ channel, timestamp: ts, name: to }), log) : Promise.resolve(),
  ]);
}

async function ignoring(codes: string[], call: () => Promise<unknown>, log: Logger): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (err instanceof WebAPIPlatformError && codes.includes(err.data.error)) return;
    // A reaction is a courtesy: failing to set one must not fail (or repeat) the analysis.
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'reaction update failed');
  }
}

export interface EphemeralTarget {
  responseUrl: string | null;
  channel: string;
  user: string | null;
  threadTs: string | null;
}

/** Tells only the person who asked: via response_url when there is one, else chat.postEphemeral. */
export async function tellRequester(
  client: SlackPoster,
  target: EphemeralTarget,
  text: string,
  opts: { fetch?: typeof fetch; extraHosts: readonly string[]; log: Logger },
): Promise<boolean> {
  try {
    if (target.responseUrl) {
      const url = new URL(target.responseUrl);
      if (!isAllowedSlackUrl(url, opts.extraHosts)) return false;
      const res = await (opts.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      });
      await res.body?.cancel();
      return res.ok;
    }
    if (target.user) {
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        text,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
      return true;
    }
  } catch (err) {
    opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not tell the requester');
  }
  return false;
}

/**
 * Posts a message through a command's response_url, visible to the whole channel (`in_channel`):
 * the one way to answer in a channel the bot is not a member of. True when Slack took it.
 */
export async function postInChannelViaResponseUrl(
  responseUrl: string,
  message: { text: string; blocks?: unknown[] },
  opts: { fetch?: typeof fetch; extraHosts: readonly string[] },
): Promise<boolean> {
  const url = new URL(responseUrl);
  if (!isAllowedSlackUrl(url, opts.extraHosts)) return false;
  const res = await (opts.fetch ?? fetch)(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'in_channel', replace_original: false, ...message }),
  });
  await res.body?.cancel();
  return res.ok;
}
