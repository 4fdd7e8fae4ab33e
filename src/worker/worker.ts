/** BullMQ wiring only: the processor is process-job.ts. */
import { Worker } from 'bullmq';
import type { RedisClient } from '../redis/create-redis-client.js';
import type { Logger } from '../logger.js';
import { QUEUE_NAME } from '../queue/enqueue-analysis.js';
import { processJob, type ProcessJobDeps } from './process-job.js';
import { processPartJob } from './process-part-job.js';
import { PART_JOB_NAME } from '../queue/job-schema.js';
import { tellStalledJobFailed } from './tell-stalled-job-failed.js';
import { backOffOnErrors, type ErrorBackoff } from './worker-error-backoff.js';

export interface WorkerOptions {
  /** A `worker` client (create-redis-client.ts: `maxRetriesPerRequest: null`, as BullMQ's blocking commands need). */
  connection: RedisClient;
  prefix: string;
  concurrency: number;
  deps: ProcessJobDeps;
  log: Logger;
  /**
   * A job's lock, renewed every half of it while the job runs. When its worker dies the lock runs
   * out and the stalled-job check (every `stalledCheckMs`) hands the job to another worker.
   */
  lockMs: number;
  stalledCheckMs: number;
}

/** Failure notices a worker's event handler is still sending, so shutdown waits for them too. */
const pendingNotices = new WeakMap<Worker, Set<Promise<void>>>();
const backoffs = new WeakMap<Worker, ErrorBackoff>();

export function startWorker(options: WorkerOptions): Worker {
  const worker = new Worker(
    QUEUE_NAME,
    (job) => {
      const context = { id: job.id ?? 'unknown', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 };
      // A button press (a part of an earlier reply), or an analysis.
      return job.name === PART_JOB_NAME ? processPartJob(job.data, context, options.deps) : processJob(job.data, context, options.deps);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: options.stalledCheckMs,
    },
  );
  // Errors are logged once per interval, and those BullMQ would retry at once pause fetching a while.
  backoffs.set(worker, backOffOnErrors(worker, options.log));
  worker.on('stalled', (jobId) => options.log.warn({ jobId }, 'job stalled (its worker stopped): taken over'));
  // A job past the stalled-job limit carries BullMQ's `deferredFailure`: the worker that takes it
  // next fails it without running processJob, and this event (on that one worker) is the only hook.
  const notices = new Set<Promise<void>>();
  pendingNotices.set(worker, notices);
  worker.on('failed', (job) => {
    if (!job?.deferredFailure) return;
    const notice = tellStalledJobFailed(job.data, job.id ?? 'unknown', options.deps).finally(() => notices.delete(notice));
    notices.add(notice);
  });
  return worker;
}

/**
 * Stops taking jobs and waits for the ones in hand, for at most `timeoutMs`. Jobs still running
 * then are given up (their lock runs out and another worker takes them over): true when every job
 * finished.
 */
export async function closeWorker(worker: Worker, timeoutMs: number, log: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  backoffs.get(worker)?.stop();
  try {
    const closed = worker.close().then(() => Promise.all(pendingNotices.get(worker) ?? [])).then(() => 'closed' as const);
    const outcome = await Promise.race([closed, timedOut]);
    if (outcome === 'closed') return true;
    // The jobs keep their locks until the process exits; then the locks run out and another
    // worker's stalled-job check takes the jobs over.
    log.warn({ timeoutMs }, 'jobs still running at the shutdown deadline: left for another worker');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
