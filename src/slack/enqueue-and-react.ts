/**
 * The listeners' common last step: the rate limits, then 👀 on the message and the job on the
 * queue, at once (👀 only when the job id is not there yet). While the queue is unreachable the job
 * is held and queued when Redis is back (hold-during-outage.ts); only if that never happens is the
 * user told in the thread: nothing is dropped silently. A refused analysis is announced once per
 * window (a thread note, or privately to whoever asked explicitly); a person's further refused
 * messages only get ⏳.
 */
import type { WebClient } from '@slack/web-api';
import { TriageError, userMessageFor } from '../errors.js';
import type { AnalysisJob } from '../queue/job-schema.js';
import type { Logger } from '../logger.js';
import { REACTION } from './slack-notices.js';
import type { ListenerDeps } from './listener-deps.js';
import type { SlackPoster } from './slack-clients.js';
import { rateLimitNotice, type Admission } from './rate-limiter.js';

export const RATE_LIMITED_REACTION = 'hourglass_flowing_sand';

export async function enqueueAndReact(client: WebClient, deps: ListenerDeps, jobId: string, job: AnalysisJob): Promise<boolean> {
  const log = deps.log.child({ jobId, channel: job.channel, trigger: job.trigger });
  const admission = await deps.rateLimiter.admit({ jobId, teamId: job.teamId, channel: job.channel, user: job.requestedBy });
  if (!admission.ok) {
    log.info({ scope: admission.scope, limit: admission.limit }, 'rate limited');
    await tellRateLimited(client, deps.poster, job, admission);
    return false;
  }
  // A retried event (or the `message` and `app_mention` of one message) finds the job already there.
  // It gets no 👀: if that job has finished, nothing would ever take 👀 off again beside 📝 (the job
  // does not run twice), and while it runs, the delivery that added it has put 👀 there already.
  // Checked before the add (which cannot tell us: see Enqueuer.exists), so the reaction still goes
  // out alongside the add. No answer (null): Redis is away, and 👀 waits until the job is held.
  const known = job.reactTs ? await deps.enqueuer.exists(jobId).catch(() => null) : true;
  const working = () =>
    job.reactTs
      ? client.reactions.add({ channel: job.channel, timestamp: job.reactTs, name: REACTION.working }).then(
          () => undefined,
          (err: unknown) => {
            // already_reacted (two deliveries at once), or no reactions:write: the analysis goes on regardless.
            log.debug({ err: err instanceof Error ? err.message : String(err) }, 'reaction not added');
          },
        )
      : Promise.resolve();
  const callbacks = {
    onQueued: () => {
      deps.metrics.enqueued.inc({ trigger: job.trigger });
      log.info('job enqueued');
    },
    // Held, and Redis did not come back in time (or the bot stopped): said then, in the thread.
    onGiveUp: (err: TriageError) => tellNotQueued(client, deps, job, err, log),
  };
  try {
    const [outcome] = await Promise.all([deps.enqueuer.submit(jobId, job, callbacks), known === false ? working() : Promise.resolve()]);
    if (outcome === 'held') {
      log.warn('queue unreachable: job held until it is back');
      if (known === null) await working();
    }
    return true;
  } catch (err) {
    await tellNotQueued(client, deps, job, err, log);
    return false;
  }
}

/** ⚠️ and a thread note: the job was not queued, so the user knows to try again. */
async function tellNotQueued(client: WebClient, deps: ListenerDeps, job: AnalysisJob, err: unknown, log: Logger): Promise<void> {
  log.error({ err: err instanceof Error ? err.message : String(err) }, 'enqueue failed');
  const reason = `:warning: ${userMessageFor(err instanceof TriageError ? err : new TriageError('queue_unavailable'))}.`;
  const thread = job.reply.kind === 'thread' ? job.reply.threadTs : job.reactTs;
  if (!thread) return;
  await deps.poster.chat.postMessage({ channel: job.channel, thread_ts: thread, text: reason }).catch(() => undefined);
  if (job.reactTs) {
    await client.reactions.remove({ channel: job.channel, timestamp: job.reactTs, name: REACTION.working }).catch(() => undefined);
    await client.reactions.add({ channel: job.channel, timestamp: job.reactTs, name: REACTION.failed }).catch(() => undefined);
  }
}

async function tellRateLimited(client: WebClient, poster: SlackPoster, job: AnalysisJob, refusal: Extract<Admission, { ok: false }>): Promise<void> {
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
