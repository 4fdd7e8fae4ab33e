/** The producer: what listeners call to hand work to the workers. */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { TriageError } from '../errors.js';
import { AnalysisJob } from './job-schema.js';

export const QUEUE_NAME = 'analyses';

/** Job attempts: transient faults (Slack 5xx, network, 429 beyond the client's own waits) retry with backoff. */
export const JOB_ATTEMPTS = 5;
/** Pause between tries to add a job while Redis does not answer (within `timeoutMs`). */
const RETRY_PAUSE_MS = 200;

export interface Enqueuer {
  /** Adds the job; a job id that already exists (a retried event) adds nothing. */
  enqueue(jobId: string, job: AnalysisJob): Promise<void>;
  close(): Promise<void>;
}

export interface EnqueuerOptions {
  connection: Redis;
  prefix: string;
  /** Milliseconds before an unreachable Redis counts as down. Default 2000. */
  timeoutMs?: number;
  /** First retry delay (exponential). Default 2000 ms. */
  backoffMs?: number;
}

export function createEnqueuer(options: EnqueuerOptions): Enqueuer {
  const queue = new Queue(QUEUE_NAME, { connection: options.connection, prefix: options.prefix });
  // Without a listener an unreachable Redis would crash the process with an unhandled 'error'.
  queue.on('error', () => undefined);
  const timeoutMs = options.timeoutMs ?? 2000;
  return {
    async enqueue(jobId, job) {
      const data = AnalysisJob.parse(job);
      const add = () =>
        queue.add('analyse', data, {
          jobId,
          attempts: JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
          // Kept for a day so a late Slack retry of the same event still finds the id and adds nothing.
          removeOnComplete: { age: 24 * 3600, count: 10000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        });
      const deadline = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TriageError('queue_unavailable', 'timed out', { transient: true })), timeoutMs);
      });
      // Right after Redis comes back, the first command on a reconnecting connection can still
      // fail; adding the same job id again is idempotent, so try again until the deadline.
      const addUntilDeadline = async (): Promise<void> => {
        for (;;) {
          try {
            await add();
            return;
          } catch (err) {
            if (Date.now() + RETRY_PAUSE_MS >= deadline) throw err;
            await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
          }
        }
      };
      try {
        await Promise.race([addUntilDeadline(), timeout]);
      } catch (err) {
        if (err instanceof TriageError) throw err;
        throw new TriageError('queue_unavailable', err instanceof Error ? err.message : String(err), { transient: true, cause: err });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await queue.close();
    },
  };
}
