/**
 * Builds the running pieces for a role from a config: the Bolt app (web), the BullMQ worker (worker),
 * their Redis connections, and one `stop()` that closes everything. Shared by main.ts, tests and
 * the bench, so they all run the same wiring.
 */
import type { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { createEnqueuer, type Enqueuer } from './queue/enqueue-analysis.js';
import { createPostedParts } from './queue/post-once.js';
import { startWorker } from './queue/worker.js';
import { boltLogger } from './slack/bolt-logger.js';
import { createSlackApp } from './slack/create-slack-app.js';
import { pingWithin } from './slack/health-routes.js';

export interface Runtime {
  app: App | null;
  worker: Worker | null;
  enqueuer: Enqueuer | null;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** Web API client options for both the app and the worker (tests: retryConfig). */
  clientOptions?: Omit<WebClientOptions, 'slackApiUrl'>;
  /** Producer's first retry delay; default 2000 ms. */
  backoffMs?: number;
  fetch?: typeof fetch;
}

/** The worker's own Web API retries stay short: BullMQ retries the job with backoff beyond them. */
const WORKER_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 };

export function createRuntime(options: RuntimeOptions): Runtime {
  const { config, log, metrics } = options;
  const redisErrors = (name: string) => (err: Error) => log.warn({ err: err.message, connection: name }, 'redis connection error');
  // Producer connection fails fast, so a listener can tell the user instead of waiting.
  const producerRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  producerRedis.on('error', redisErrors('producer'));
  const closers: Array<() => Promise<unknown>> = [];

  let app: App | null = null;
  let enqueuer: Enqueuer | null = null;
  if (config.role !== 'worker') {
    enqueuer = createEnqueuer({ connection: producerRedis, prefix: config.queuePrefix, ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}) });
    app = createSlackApp({
      config,
      enqueuer,
      metrics,
      log,
      redisReady: () => pingWithin(() => producerRedis.ping()),
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    });
    const e = enqueuer;
    const a = app;
    closers.push(() => a.stop().catch(() => undefined), () => e.close());
  }

  let worker: Worker | null = null;
  if (config.role !== 'web') {
    const workerRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    workerRedis.on('error', redisErrors('worker'));
    const client = new WebClient(config.slackBotToken, { retryConfig: WORKER_RETRY, logger: boltLogger(log), ...options.clientOptions, slackApiUrl: config.slackApiUrl });
    worker = startWorker({
      connection: workerRedis,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      log,
      deps: {
        client,
        posted: createPostedParts(producerRedis, config.queuePrefix),
        log,
        metrics,
        botToken: config.slackBotToken,
        maxFileBytes: config.maxFileBytes,
        extraHosts: config.extraFileHosts,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
    });
    const w = worker;
    // Workers close first (finish the jobs in hand), then their connection.
    closers.unshift(() => w.close(), () => workerRedis.quit().catch(() => workerRedis.disconnect()));
  }
  closers.push(() => producerRedis.quit().catch(() => producerRedis.disconnect()));

  return {
    app,
    worker,
    enqueuer,
    async stop() {
      for (const close of closers) await close();
    },
  };
}
