/**
 * Every Slack trigger's one way onto the queue: the rate limits, then the job, then the metric and the
 * log line. What differs between triggers is only how the person hears about it — a reaction and a
 * thread note (messages, mentions, the shortcut), the command's ephemeral ack, or the form's error
 * text — so those are the caller's `steps`, and the order and the bookkeeping live here once.
 *
 * While the queue is unreachable the job is held and queued when Redis is back
 * (hold-during-outage.ts); `notQueued` runs if that never happens, or at once when the hold is full.
 */
import type { AnalysisJob } from '../queue/job-schema.js';
import type { Logger } from '../logger.js';
import type { ListenerDeps } from './listener-deps.js';
import type { Admission } from './rate-limiter.js';

export type Refusal = Extract<Admission, { ok: false }>;

export interface EnqueueSteps {
  /** A rate limit refused the job: nothing is queued; tell the person the caller's way. */
  refused(refusal: Refusal, log: Logger): Promise<void>;
  /**
   * Admitted, before the job is submitted: an ack that must come within Slack's 3 seconds, or a look
   * at whether the job is already there. Optional.
   */
  admitted?(log: Logger): Promise<void>;
  /**
   * Once the job is safely queued (and, with replicas, copied: see enqueue-analysis.ts) or held for a
   * Redis outage: 👀 on the message. Not run when nothing was queued or held. Optional.
   */
  accepted?(outcome: 'queued' | 'held', log: Logger): Promise<void>;
  /** The job could not be queued (now, or when a hold gave up): tell the person to try again. */
  notQueued(err: unknown, log: Logger): Promise<void>;
}

export type EnqueueOutcome = 'refused' | 'queued' | 'held' | 'not_queued';

export async function admitAndEnqueue(deps: Pick<ListenerDeps, 'rateLimiter' | 'enqueuer' | 'metrics' | 'log'>, jobId: string, job: AnalysisJob, steps: EnqueueSteps): Promise<EnqueueOutcome> {
  const log = deps.log.child({ jobId, channel: job.channel, trigger: job.trigger });
  const admission = await deps.rateLimiter.admit({ jobId, teamId: job.teamId, channel: job.channel, user: job.requestedBy });
  if (!admission.ok) {
    log.info({ scope: admission.scope, limit: admission.limit }, 'rate limited');
    await steps.refused(admission, log);
    return 'refused';
  }
  await steps.admitted?.(log);
  const notQueued = async (err: unknown): Promise<void> => {
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'enqueue failed');
    await steps.notQueued(err, log);
  };
  let outcome: 'queued' | 'held';
  try {
    outcome = await deps.enqueuer.submit(jobId, job, {
      onQueued: () => {
        deps.metrics.enqueued.inc({ trigger: job.trigger });
        log.info('job enqueued');
      },
      // Held, and Redis did not come back in time (or the bot stopped).
      onGiveUp: notQueued,
    });
  } catch (err) {
    await notQueued(err);
    return 'not_queued';
  }
  if (outcome === 'held') log.warn('queue unreachable: job held until it is back');
  await steps.accepted?.(outcome, log);
  return outcome;
}
