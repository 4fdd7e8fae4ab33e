/** Fetches one message (a link's target, a thread's root) with the history APIs. */
import type { SlackReader } from '../slack/slack-clients.js';
import { WebAPIPlatformError } from '@slack/web-api';
import { TriageError } from '../errors.js';

export interface FetchedMessage {
  ts: string;
  threadTs: string | null;
  raw: Record<string, unknown>;
}

/** Errors meaning "the bot may not read this channel": said as such, with nothing of the channel leaked. */
const NO_ACCESS = new Set(['channel_not_found', 'not_in_channel', 'missing_scope', 'access_denied', 'is_archived', 'team_access_not_granted']);

export async function fetchSlackMessage(client: SlackReader, channel: string, ts: string, threadTs: string | null): Promise<FetchedMessage> {
  let messages: unknown[];
  try {
    const res = threadTs
      ? await client.conversations.replies({ channel, ts: threadTs, latest: ts, oldest: ts, inclusive: true, limit: 1 })
      : await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
    messages = res.messages ?? [];
  } catch (err) {
    if (err instanceof WebAPIPlatformError && NO_ACCESS.has(err.data.error)) {
      throw new TriageError('cannot_read_channel', undefined, { cause: err });
    }
    throw err;
  }
  for (const m of messages) {
    if (m && typeof m === 'object' && (m as { ts?: unknown }).ts === ts) {
      const raw = m as Record<string, unknown>;
      const t = raw['thread_ts'];
      return { ts, threadTs: typeof t === 'string' ? t : null, raw };
    }
  }
  throw new TriageError('message_not_found');
}
