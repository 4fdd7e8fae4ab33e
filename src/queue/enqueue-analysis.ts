/** The producer: what listeners call to hand work to the workers. */
import { Queue } from 'bullmq';
import type { RedisClient } from '../redis/create-redis-client.js';
import { TriageError } from '../errors.js';
import { AnalysisJob, PART_JOB_NAME, PartJob } from './job-schema.js';
import { waitForReplicas, type ReplicaWaitOptions } from '../redis/wait-for-replicas.js';

export const QUEUE_NAME = 'analyses';

/** Job attempts: transient faults (Slack 5xx, network, 429 beyond the client's own waits) retry with backoff. */
export const JOB_ATTEMPTS = 5;
/** Pause between tries to add a job while Redis does not answer (within `timeoutMs`). */
const RETRY_PAUSE_MS = 200;

export interface Enqueuer {
  /**
   * Whether a job with this id is already there — waiting, running, or kept after it finished (a
   * retried event). It is the very test BullMQ's add makes before adding nothing; `queue.add` itself
   * does not say (it returns the same job id and a Job built from our own arguments either way).
   * Throws `queue_unavailable` when Redis does not answer at once or within `timeoutMs`.
   */
  exists(jobId: string): Promise<boolean>;
  /**
   * Adds the job; a job id that already exists (a retried event) adds nothing. With replicas wanted
   * (`replicaWait`), resolves once they have the job too, or their WAIT timed out (see
   * wait-for-replicas.ts); a connection lost during that WAIT adds the job again, on whichever master
   * now owns the queue.
   */
  enqueue(jobId: string, job: AnalysisJob): Promise<EnqueueReceipt>;
  /** Adds a button's job (PartJob); the same id twice (a double press) adds it once. */
  enqueuePart(jobId: string, job: PartJob): Promise<void>;
  close(): Promise<void>;
}

export interface EnqueueReceipt {
  /** Replicas that acknowledged the job (WAIT's answer); null when none were waited for. */
  replicas: number | null;
}

export interface EnqueuerOptions {
  connection: RedisClient;
  prefix: string;
  /** Milliseconds before an unreachable Redis counts as down. Default 2000. */
  timeoutMs?: number;
  /** First retry delay (exponential). Default 2000 ms. */
  backoffMs?: number;
  /**
   * WAIT for this many replicas after each analysis job (config REDIS_WAIT_REPLICAS and
   * REDIS_WAIT_TIMEOUT_MS). Default none. Button jobs are not waited for: the button stays under
   * the reply, to be pressed again.
   */
  replicaWait?: ReplicaWaitOptions;
}

export function createEnqueuer(options: EnqueuerOptions): Enqueuer {
  // skipVersionCheck: BullMQ's Queue otherwise sends INFO once, at creation, and keeps the answer
  // for good; on this fail-fast connection a Redis that goes away at that moment rejects the INFO,
  // and every later add would reject with that same error while Redis is back (the worker's own
  // connection checks the version and waits out an outage).
  const queue = new Queue(QUEUE_NAME, { connection: options.connection, prefix: options.prefix, skipVersionCheck: true });
  // Without a listener an unreachable Redis would crash the process with an unhandled 'error'.
  queue.on('error', () => undefined);
  const timeoutMs = options.timeoutMs ?? 2000;
  const replicas = waitForReplicas(options.connection, queue.toKey('wait'), options.replicaWait ?? { replicas: 0, timeoutMs: 0 });
  return {
    async exists(jobId) {
      // addStandardJob's Lua checks `EXISTS <prefix>:<queue>:<jobId>` and, when it is there, adds nothing.
      // One try, no retries: the add that follows has them, and waiting here would only delay it.
      const found = await withinDeadline(() => options.connection.exists(queue.toKey(jobId)), timeoutMs, { retry: false });
      return found === 1;
    },
    async enqueue(jobId, job) {
      const data = AnalysisJob.parse(job);
      return withinDeadline(
        async () => {
          await queue.add('analyse', data, {
            jobId,
            attempts: JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
            // Kept for a day so a late Slack retry of the same event still finds the id and adds nothing.
            removeOnComplete: { age: 24 * 3600, count: 10000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          });
          // Before the user is told (👀): the job on a replica too. A WAIT that fails throws, and the
          // add is tried again — it adds nothing if the job did survive.
          return { replicas: await replicas.afterWrite() };
        },
        timeoutMs,
        { retry: true },
      );
    },
    async enqueuePart(jobId, job) {
      const data = PartJob.parse(job);
      await withinDeadline(
        () =>
          queue.add(PART_JOB_NAME, data, {
            jobId,
            attempts: JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
            // Kept while the report is: a second press of the same button finds the job and adds nothing.
            removeOnComplete: { age: 14 * 24 * 3600, count: 100000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          }),
        timeoutMs,
        { retry: true },
      );
    },
    async close() {
      await queue.close();
    },
  };
}

/**
 * Runs `command`, failing with `queue_unavailable` after `timeoutMs`. With `retry`, a failure is
 * tried again until the deadline: right after Redis comes back, the first command on a reconnecting
 * connection can still fail, and adding the same job id again is idempotent.
 */
async function withinDeadline<T>(command: () => Promise<T>, timeoutMs: number, options: { retry: boolean }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TriageError('queue_unavailable', 'timed out', { transient: true })), timeoutMs);
  });
  const retrying = async (): Promise<T> => {
    for (;;) {
      try {
        return await command();
      } catch (err) {
        if (!options.retry || Date.now() + RETRY_PAUSE_MS >= deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  };
  try {
    return await Promise.race([retrying(), timeout]);
  } catch (err) {
    if (err instanceof TriageError) throw err;
    throw new TriageError('queue_unavailable', err instanceof Error ? err.message : String(err), { transient: true, cause: err });
  } finally {
    clearTimeout(timer);
  }
}
