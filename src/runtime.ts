/**
 * Builds the running pieces for a role from a config: the Bolt app (web), the BullMQ worker (worker),
 * their Redis connections, and one `stop()` that closes everything. Shared by main.ts, tests and
 * the bench, so they all run the same wiring.
 */
import type { App } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Worker } from 'bullmq';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { createEnqueuer } from './queue/enqueue-analysis.js';
import { holdDuringOutage, type JobSubmitter } from './queue/hold-during-outage.js';
import { canWriteQueue, readQueueDepth } from './queue/queue-probes.js';
import { createRedisClient, describeRedisTarget, type RedisClient } from './redis/create-redis-client.js';
import { throttledErrorLog } from './throttled-error-log.js';
import { createAnalysisPool, type AnalysisPool } from './worker/analysis-pool.js';
import { createPostedParts } from './worker/posted-parts-store.js';
import { createReportStore } from './worker/report-store.js';
import { closeWorker, startWorker } from './worker/worker.js';
import { boltLogger } from './slack/bolt-logger.js';
import { createSlackApp } from './slack/create-slack-app.js';
import { nodeHttpFetch } from './io/node-http-fetch.js';
import { fetchWithTimeouts } from './io/fetch-with-timeouts.js';
import { createSlackClients, type SlackClientSettings } from './slack/slack-clients.js';
import { createAlertEnricher } from './worker/enrich/enrich-alert.js';
import { createRateLimiter } from './slack/rate-limiter.js';
import { redisReplayMemory } from './slack/redis-replay-memory.js';
import { createChannelAccess } from './history/channel-access.js';
import { createHistoryStore, type HistoryStore } from './history/history-store.js';
import { createKillHistory } from './history/kill-history.js';
import { createFeedbackStore } from './slack/feedback-store.js';
import { createRecentAnalyses } from './slack/recent-analyses.js';

export interface Runtime {
  app: App | null;
  worker: Worker | null;
  /** The listeners' way into the queue (web roles). */
  enqueuer: JobSubmitter | null;
  /** Whether the queue can be written now (GET /readyz). */
  queueWritable(): Promise<boolean>;
  /**
   * Graceful shutdown: the web role stops taking requests first, then the worker takes no new jobs
   * and finishes the ones in hand (for at most SHUTDOWN_TIMEOUT_MS), then the Redis connections
   * close. Resolves true when every job in hand finished.
   */
  stop(): Promise<boolean>;
}

export interface RuntimeOptions {
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** Retry policy of the Web API reads (tests shorten it); posts are never retried by the client. Default READ_RETRY. */
  readRetry?: RetryOptions;
  /** Producer's first retry delay; default 2000 ms. */
  backoffMs?: number;
  fetch?: typeof fetch;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const { config, log, metrics } = options;
  // One line per connection per interval, however often a reconnect fails.
  const watch = (client: RedisClient, name: string) =>
    client.on('error', throttledErrorLog(log, 'redis connection error', { connection: name, redis: describeRedisTarget(config.redis) }));
  // The bot's own commands (enqueue, rate limits, replay check, posted parts, probes): fail fast.
  const commandsRedis = createRedisClient(config.redis, 'commands');
  watch(commandsRedis, 'commands');
  const queueWritable = () => canWriteQueue(commandsRedis, config.queuePrefix);
  metrics.watchQueue(() => readQueueDepth(commandsRedis, config.queuePrefix));
  const slackClients: SlackClientSettings = {
    apiUrl: config.slackApiUrl,
    timeoutMs: config.slackApiTimeoutMs,
    ...(options.readRetry ? { readRetry: options.readRetry } : {}),
    base: { logger: boltLogger(log), fetch: nodeHttpFetch },
  };
  const slack = createSlackClients(config.slackBotToken, slackClients);

  // One store for both roles: the worker writes and reads it for replies, the web role for /oom history.
  const historyStore: HistoryStore | null =
    config.historyRetentionDays > 0 ? createHistoryStore(commandsRedis, config.queuePrefix, { retentionSeconds: config.historyRetentionDays * 86_400 }) : null;

  let app: App | null = null;
  let enqueuer: JobSubmitter | null = null;
  if (config.role !== 'worker') {
    enqueuer = holdDuringOutage({
      enqueuer: createEnqueuer({ connection: commandsRedis, prefix: config.queuePrefix, ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}) }),
      limits: { maxHoldMs: config.queueHoldMs, maxJobs: config.queueHoldMaxJobs },
      onHeldChange: (held) => metrics.heldJobs.set(held),
      onLog: (event, fields) => (event === 'gave_up' ? log.error(fields, 'held job given up: the queue stayed unreachable') : log.info(fields, `job ${event}`)),
    });
    app = createSlackApp({
      config,
      enqueuer,
      metrics,
      log,
      queueWritable,
      replayMemory: redisReplayMemory(commandsRedis, config.queuePrefix),
      rateLimiter: createRateLimiter(
        commandsRedis,
        config.queuePrefix,
        { userPerMinute: config.rateLimitUserPerMinute, channelPerMinute: config.rateLimitChannelPerMinute },
        log,
      ),
      slackClients,
      poster: slack.post,
      historyStore,
      feedback: createFeedbackStore(commandsRedis, config.queuePrefix),
      recent: createRecentAnalyses(commandsRedis, config.queuePrefix),
    });
  }

  let worker: Worker | null = null;
  let pool: AnalysisPool | null = null;
  let workerRedis: RedisClient | null = null;
  if (config.role !== 'web') {
    workerRedis = createRedisClient(config.redis, 'worker');
    watch(workerRedis, 'worker');
    // Pastes are analysed on worker threads: the process uses every core, not only its main thread's.
    pool = createAnalysisPool();
    const analyse = pool;
    worker = startWorker({
      connection: workerRedis,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      lockMs: config.workerLockMs,
      stalledCheckMs: config.workerStalledCheckMs,
      log,
      deps: {
        slack,
        posted: createPostedParts(commandsRedis, config.queuePrefix),
        log,
        metrics,
        botToken: config.slackBotToken,
        maxFileBytes: config.maxFileBytes,
        extraHosts: config.extraFileHosts,
        // Downloads (and response_url posts) that go quiet, or trickle past their deadline, fail
        // instead of holding a job slot.
        fetch: fetchWithTimeouts({ idleMs: config.fileDownloadTimeoutMs, totalMs: config.fileDownloadDeadlineMs }, options.fetch),
        analyseText: (text) => analyse.analyseText(text),
        ...(historyStore ? { history: createKillHistory({ store: historyStore, access: createChannelAccess(slack.read), client: slack.read }) } : {}),
        // OOM alerts enriched from the cluster, when KUBERNETES_API / PROMETHEUS_URL are set.
        enrichAlert: createAlertEnricher(config.enrich, log) ?? undefined,
        reports: createReportStore(commandsRedis, config.queuePrefix),
        recent: createRecentAnalyses(commandsRedis, config.queuePrefix),
        // Charts are rasterised on the pool's threads too: the main thread only does I/O.
        renderPng: (svg) => analyse.renderPng(svg),
      },
    });
  }

  let stopping: Promise<boolean> | null = null;
  const quit = async (redis: RedisClient) => {
    await redis.quit().catch(() => redis.disconnect());
  };
  return {
    app,
    worker,
    enqueuer,
    queueWritable,
    stop() {
      stopping ??= (async () => {
        // Web first: no new requests are taken while the worker finishes what it has.
        if (app) await app.stop().catch(() => undefined);
        // Meanwhile, jobs held through an outage get a last try to be queued, else their users are told.
        const [finished] = await Promise.all([
          worker ? closeWorker(worker, config.shutdownTimeoutMs, log) : Promise.resolve(true),
          enqueuer ? enqueuer.close().catch(() => undefined) : Promise.resolve(),
        ]);
        if (pool) await pool.close();
        if (workerRedis) await quit(workerRedis);
        // Last: the worker's jobs record what they posted through this connection.
        await quit(commandsRedis);
        return finished;
      })();
      return stopping;
    },
  };
}
