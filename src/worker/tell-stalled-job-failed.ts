/**
 * A job whose worker died more often than BullMQ's stalled-job limit allows (`maxStalledCount`,
 * 1 by default: it died twice) is failed by BullMQ itself: the next worker to take it fails it
 * without calling processJob. So the user is told here, the way processJob tells them after a
 * last attempt (tell-job-failure.ts).
 */
import { TriageError } from '../errors.js';
import { AnalysisJob } from '../queue/job-schema.js';
import type { ProcessJobDeps } from './process-job.js';
import { tellJobFailure } from './tell-job-failure.js';

/** Never throws: it runs from a BullMQ event handler. */
export async function tellStalledJobFailed(data: unknown, jobId: string, deps: ProcessJobDeps): Promise<void> {
  const parsed = AnalysisJob.safeParse(data);
  deps.metrics.jobs.inc({ outcome: 'failed' });
  if (!parsed.success) {
    deps.log.error({ jobId }, 'job failed (its worker died too often); its data does not match the schema, so nobody was told');
    return;
  }
  const d = parsed.data;
  const log = deps.log.child({ jobId, channel: d.channel, trigger: d.trigger });
  log.error('job failed: its worker died too often (stalled-job limit)');
  // The replies' thread: the job's own, or the verdict an earlier attempt posted as a new message.
  // A source thread is only known while the job runs, so then the reacted-to message's thread is used.
  let threadTs: string | null = d.reply.kind === 'thread' ? d.reply.threadTs : null;
  if (d.reply.kind === 'new_root') {
    threadTs = await deps.posted.get(jobId, 'verdict').catch((err: unknown) => {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not look up the posted verdict');
      return null;
    });
  }
  await tellJobFailure(d, jobId, threadTs, new TriageError('worker_died'), deps, log);
}
