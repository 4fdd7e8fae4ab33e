/** BullMQ wiring only: the processor is process-job.ts. */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { QUEUE_NAME } from './enqueue-analysis.js';
import { processJob, type ProcessJobDeps } from './process-job.js';

export interface WorkerOptions {
  /** A connection with `maxRetriesPerRequest: null` (BullMQ's blocking commands need it). */
  connection: Redis;
  prefix: string;
  concurrency: number;
  deps: ProcessJobDeps;
  log: Logger;
}

export function startWorker(options: WorkerOptions): Worker {
  const worker = new Worker(
    QUEUE_NAME,
    (job) =>
      processJob(job.data, { id: job.id ?? 'unknown', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 }, options.deps),
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('error', (err) => options.log.error({ err: err.message }, 'worker error'));
  return worker;
}
