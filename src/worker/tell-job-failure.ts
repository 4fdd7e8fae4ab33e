/**
 * What the user is told when a job has failed for good: a ⚠️ note with the reason in the thread
 * (posted once, post-part-once.ts, so a retried or repeated telling never doubles it) and ⚠️ in
 * place of 👀 — or, when the bot cannot post there, a note only the requester sees.
 */
import type { WebClient } from '@slack/web-api';
import { TriageError, userMessageFor } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AnalysisJob } from '../queue/job-schema.js';
import type { PostedParts } from './posted-parts-store.js';
import { postPartOnce } from './post-part-once.js';
import { REACTION, swapReaction, tellRequester, type EphemeralTarget } from '../slack/slack-notices.js';

export interface FailureNoticeDeps {
  client: WebClient;
  posted: PostedParts;
  extraHosts: readonly string[];
  fetch?: typeof fetch;
}

/**
 * Tells the user why job `jobId` failed. `threadTs` is the thread the replies go to when known; the
 * reacted-to message's thread otherwise. Never throws: a notice that cannot be sent is logged.
 */
export async function tellJobFailure(d: AnalysisJob, jobId: string, threadTs: string | null, err: unknown, deps: FailureNoticeDeps, log: Logger): Promise<void> {
  const reason = `:warning: ${userMessageFor(err)}.`;
  const privateOnly = err instanceof TriageError && (err.code === 'cannot_read_channel' || err.code === 'message_not_found');
  const thread = threadTs ?? d.reactTs;
  try {
    if (!privateOnly && thread) {
      await postPartOnce({ text: reason }, { client: deps.client, posted: deps.posted, jobId, part: 'failure', channel: d.channel, thread, broadcast: false, log });
    } else {
      await tellRequester(deps.client, requester(d, thread), reason, { ...(deps.fetch ? { fetch: deps.fetch } : {}), extraHosts: deps.extraHosts, log });
    }
  } catch (notice) {
    log.error({ err: notice instanceof Error ? notice.message : String(notice) }, 'could not tell the user about the failure');
  }
  // ⚠️ replaces 👀 even when the note could not be posted (Slack failing it past the retries): a 👀
  // left behind would say the analysis is still running, for good.
  if (d.reactTs && !privateOnly) await swapReaction(deps.client, d.channel, d.reactTs, REACTION.failed, log).catch(() => undefined);
}

export function requester(d: AnalysisJob, threadTs: string | null): EphemeralTarget {
  return { responseUrl: d.responseUrl, channel: d.channel, user: d.requestedBy, threadTs };
}
