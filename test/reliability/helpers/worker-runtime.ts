/**
 * A worker (ROLE=worker) in the test process, against a given Redis, queue prefix and fake Slack:
 * the "other worker" that takes over a job, or the first worker started after a Redis restart.
 */
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { createRuntime, type Runtime } from '../../../src/runtime.js';
import { BOT_TOKEN } from '../../helpers/bot-harness.js';
import type { FakeSlack } from '../../helpers/fake-slack.js';

export interface WorkerTarget {
  redisUrl: string;
  prefix: string;
  slack: FakeSlack;
}

/** The environment of a worker on this Redis, queue prefix and fake Slack (in this process or a child). */
export function workerEnv(target: WorkerTarget): Record<string, string> {
  return {
    ROLE: 'worker',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: target.slack.apiUrl,
    SLACK_FILE_HOSTS: target.slack.host,
    REDIS_URL: target.redisUrl,
    QUEUE_PREFIX: target.prefix,
  };
}

export function startWorkerRuntime(options: WorkerTarget & { env?: Record<string, string> }): Runtime {
  const loaded = loadConfig({
    ...workerEnv(options),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ...options.env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return createRuntime({
    config: loaded.config,
    log: createLogger(loaded.config.logLevel),
    metrics: createMetrics(),
    readRetry: { retries: 1, factor: 1, minTimeout: 50, maxTimeout: 100 },
    backoffMs: 100,
  });
}
