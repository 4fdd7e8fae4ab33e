/**
 * The message listeners' last step (messages, mentions, the shortcut): through admitAndEnqueue (the
 * rate limits, then the job), and 👀 on the message once the job is in the queue (only when the job
 * id was not there yet). While the queue is unreachable the job
 * is held and queued when Redis is back (hold-during-outage.ts); only if that never happens is the
 * user told in the thread: nothing is dropped silently. A refused analysis is announced once per
 * window (a thread note, or privately to whoever asked explicitly); a person's further refused
 * messages only get ⏳.
 */
import type { WebClient } from '@slack/web-api';
import { TriageError, userMessageFor } from '../errors.js';
import type { AnalysisJob } from '../queue/job-schema.js';
import { REACTION } from './slack-notices.js';
import type { ListenerDeps } from './listener-deps.js';
import type { SlackPoster } from './slack-clients.js';
import { rateLimitNotice } from './rate-limiter.js';
import { admitAndEnqueue, type Refusal } from './admit-and-enqueue.js';

export const RATE_LIMITED_REACTION = 'hourglass_flowing_sand';

export async function enqueueAndReact(client: WebClient, deps: ListenerDeps, jobId: string, job: AnalysisJob): Promise<boolean> {
  // A retried event (or the `message` and `app_mention` of one message) finds the job already there.
  // It gets no 👀: if that job has finished, nothing would ever take 👀 off again beside 📝 (the job
  // does not run twice), and while it runs, the delivery that added it has put 👀 there already.
  // Checked before the add (which cannot tell us: see Enqueuer.exists). No answer (null): Redis is
  // away, and 👀 goes on once the job is held.
  let known: boolean | null = true;
  const outcome = await admitAndEnqueue(deps, jobId, job, {
    refused: (refusal) => tellRateLimited(client, deps.poster, job, refusal),
    admitted: async () => {
      known = job.reactTs ? await deps.enqueuer.exists(jobId).catch(() => null) : true;
    },
    // After the add (and its copy to a replica, where there is one): 👀 promises an answer.
    accepted: async (_outcome, log) => {
      if (known === true || !job.reactTs) return;
      await client.reactions.add({ channel: job.channel, timestamp: job.reactTs, name: REACTION.working }).catch((err: unknown) => {
        // already_reacted (two deliveries at once), or no reactions:write: the analysis goes on regardless.
        log.debug({ err: err instanceof Error ? err.message : String(err) }, 'reaction not added');
      });
    },
    notQueued: (err) => tellNotQueued(client, deps, job, err),
  });
  return outcome === 'queued' || outcome === 'held';
}

/** ⚠️ and a thread note: the job was not queued, so the user knows to try again. */
async function tellNotQueued(client: WebClient, deps: ListenerDeps, job: AnalysisJob, err: unknown): Promise<void> {
  const reason = `:warning: ${userMessageFor(err instanceof TriageError ? err : new TriageError('queue_unavailable'))}.`;
  const thread = job.reply.kind === 'thread' ? job.reply.threadTs : job.reactTs;
  if (!thread) return;
  await deps.poster.chat.postMessage({ channel: job.channel, thread_ts: thread, text: reason }).catch(() => undefined);
  if (job.reactTs) {
    await client.reactions.remove({ channel: job.channel, timestamp: job.reactTs, name: REACTION.working }).catch(() => undefined);
    await client.reactions.add({ channel: job.channel, timestamp: job.reactTs, name: REACTION.failed }).catch(() => undefined);
  }
}

async function tellRateLimited(client: WebClient, poster: SlackPoster, job: AnalysisJob, refusal: Refusal): Promise<void> {
  const text = rateLimitNotice(refusal);
  const thread = job.reply.kind === 'thread' ? job.reply.threadTs : job.reactTs;
  if (refusal.firstNotice) {
    if (job.explicit && job.requestedBy) {
      await poster.chat.postEphemeral({ channel: job.channel, user: job.requestedBy, text, ...(thread ? { thread_ts: thread } : {}) }).catch(() => undefined);
    } else if (thread) {
      await poster.chat.postMessage({ channel: job.channel, thread_ts: thread, text }).catch(() => undefined);
    }
  }
  // A person sees on each of their skipped messages that it was skipped; a flood of alerts does not.
  if (refusal.scope === 'user' && job.reactTs && !job.explicit) {
    await client.reactions.add({ channel: job.channel, timestamp: job.reactTs, name: RATE_LIMITED_REACTION }).catch(() => undefined);
  }
}
