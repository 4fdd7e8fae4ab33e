/**
 * The listeners' common last step: 👀 on the message and the job on the queue, at once. When the
 * queue is unreachable the user is told in the thread: nothing is dropped silently.
 */
import type { WebClient } from '@slack/web-api';
import { TriageError, userMessageFor } from '../errors.js';
import type { AnalysisJob } from '../queue/job-schema.js';
import { REACTION } from '../queue/slack-notices.js';
import type { ListenerDeps } from './listener-deps.js';

export async function enqueueAndReact(client: WebClient, deps: ListenerDeps, jobId: string, job: AnalysisJob): Promise<boolean> {
  const log = deps.log.child({ jobId, channel: job.channel, trigger: job.trigger });
  const react = job.reactTs
    ? client.reactions.add({ channel: job.channel, timestamp: job.reactTs, name: REACTION.working }).catch((err: unknown) => {
        // already_reacted on a retried event, or no reactions:write: the analysis goes on regardless.
        log.debug({ err: err instanceof Error ? err.message : String(err) }, 'reaction not added');
      })
    : Promise.resolve();
  try {
    await Promise.all([deps.enqueuer.enqueue(jobId, job), react]);
    deps.metrics.enqueued.inc({ trigger: job.trigger });
    log.info('job enqueued');
    return true;
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'enqueue failed');
    const reason = `:warning: ${userMessageFor(err instanceof TriageError ? err : new TriageError('queue_unavailable'))}.`;
    const thread = job.reply.kind === 'thread' ? job.reply.threadTs : job.reactTs;
    if (thread) {
      await client.chat.postMessage({ channel: job.channel, thread_ts: thread, text: reason }).catch(() => undefined);
      if (job.reactTs) {
        await client.reactions.remove({ channel: job.channel, timestamp: job.reactTs, name: REACTION.working }).catch(() => undefined);
        await client.reactions.add({ channel: job.channel, timestamp: job.reactTs, name: REACTION.failed }).catch(() => undefined);
      }
    }
    return false;
  }
}
