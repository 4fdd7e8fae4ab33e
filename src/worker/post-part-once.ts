/**
 * Posts one part of a job's output (verdict, broadcast, report, failure note) at most once, even
 * when the process dies between Slack accepting the message and the "posted" marker being written.
 *
 * Before posting, an "about to post" marker is written; every message carries the job id and part
 * in its `metadata`. A later attempt that finds the marker but no posted ts asks Slack whether the
 * message is there after all (conversations.replies / .history with metadata) and adopts it instead
 * of posting again. This is the only way a post is ever repeated: the posting client does not retry
 * (slack-clients.ts), so a post that Slack took but answered with 5xx, or answered too late, is
 * found here by the job's next attempt. If that look fails for a reason that may pass (5xx, a
 * timeout), the attempt fails and the job's next attempt looks again; only when Slack will never
 * answer it (missing history scope, not in the channel) does it post: a rare duplicate is better
 * than a lost reply.
 */
import type { Logger } from '../logger.js';
import type { SlackClients } from '../slack/slack-clients.js';
import { isTransient } from './is-transient.js';
import type { Block } from '../render/slack/block-kit.js';
import type { PostedParts } from './posted-parts-store.js';

/** Slack message-metadata event type of every message the worker posts. */
export const PART_EVENT_TYPE = 'oom_triage_part';

export interface PartMessage {
  text: string;
  blocks?: Block[];
}

export interface PostPartOptions {
  /** `read` looks for an earlier post, `post` posts (never retried by the client). */
  slack: SlackClients;
  posted: PostedParts;
  jobId: string;
  part: string;
  channel: string;
  /** Thread to reply in; null posts a new message in the channel. */
  thread: string | null;
  broadcast: boolean;
  log: Logger;
  now?: () => number;
}

/** Pages of history looked through when reconciling (200 messages each). */
const MAX_PAGES = 5;
/** Seconds before the marker's time still searched (clock skew between workers and Slack). */
const SKEW_SECONDS = 120;

export async function postPartOnce(message: PartMessage, o: PostPartOptions): Promise<string> {
  const now = o.now ?? Date.now;
  // One round trip: the part's posted ts, else an earlier attempt's marker, else our own marker written.
  const start = await o.posted.begin(o.jobId, o.part, Math.floor(now() / 1000));
  if (start.kind === 'posted') return start.ts;
  if (start.kind === 'intent') {
    const found = await findPosted(o, start.since).catch((err: unknown) => {
      // A fault that may pass fails this attempt: posting blind now could be the duplicate.
      if (isTransient(err)) throw err;
      o.log.warn({ err: err instanceof Error ? err.message : String(err), part: o.part }, 'cannot check for an earlier post; posting');
      return null;
    });
    if (found !== null) {
      o.log.info({ part: o.part, ts: found }, 'part was already posted by an earlier attempt');
      await o.posted.remember(o.jobId, o.part, found);
      return found;
    }
  }
  const metadata = { event_type: PART_EVENT_TYPE, event_payload: { job_id: o.jobId, part: o.part } };
  // The channel is always the job's own: a report can only go where its input came from.
  const base = {
    channel: o.channel,
    text: message.text,
    unfurl_links: false,
    unfurl_media: false,
    metadata,
    ...(message.blocks ? { blocks: message.blocks } : {}),
  };
  const res = o.thread === null
    ? await o.slack.post.chat.postMessage(base)
    : o.broadcast
      ? await o.slack.post.chat.postMessage({ ...base, thread_ts: o.thread, reply_broadcast: true })
      : await o.slack.post.chat.postMessage({ ...base, thread_ts: o.thread });
  const ts = res.ts ?? '';
  await o.posted.remember(o.jobId, o.part, ts);
  return ts;
}

/** The ts of this job's message for this part, if Slack has it. */
async function findPosted(o: PostPartOptions, since: number): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const paging = { limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
    const res = o.thread === null
      ? await o.slack.read.conversations.history({ channel: o.channel, oldest: String(Math.max(0, since - SKEW_SECONDS)), ...paging })
      : await o.slack.read.conversations.replies({ channel: o.channel, ts: o.thread, ...paging });
    for (const m of res.messages ?? []) {
      const meta = (m as { metadata?: { event_type?: unknown; event_payload?: Record<string, unknown> } }).metadata;
      if (meta?.event_type === PART_EVENT_TYPE && meta.event_payload?.['job_id'] === o.jobId && meta.event_payload?.['part'] === o.part && m.ts) {
        return m.ts;
      }
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}
