/**
 * The whole bot as users meet it: the real Bolt app (HTTPReceiver on a loopback port) receiving
 * signed requests, a real Redis, a real BullMQ worker, and the real @slack/web-api client talking
 * to the fake Slack server through SLACK_API_URL.
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { BOT_ID, BOT_USER_ID, TEAM_ID, startFakeSlack, type FakeSlack } from './fake-slack.js';
import { startRedis, type TestRedis } from './redis-harness.js';
import { signSlack } from './sign-slack.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';
export { BOT_ID, BOT_USER_ID, TEAM_ID };

export interface Bot {
  slack: FakeSlack;
  config: Config;
  metrics: Metrics;
  runtime: Runtime;
  /** Base URL of the Bolt HTTP server. */
  url: string;
  /** POSTs raw bytes with the given headers to /slack/events. */
  post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string; receivedAt: number }>;
  /** A signed Events API callback carrying `event`. */
  sendEvent(event: Record<string, unknown>, extra?: { eventId?: string; retryNum?: number }): Promise<{ status: number; text: string }>;
  /** A signed slash command, form-encoded exactly as Slack sends it. */
  sendCommand(text: string, fields?: Record<string, string>): Promise<{ status: number; text: string; receivedAt: number }>;
  /** A signed interactivity request (`payload=<json>`): shortcuts, view submissions. */
  sendInteraction(payload: Record<string, unknown>): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

export interface BotOptions {
  env?: Record<string, string>;
  /** Shares one Redis between bots of a test file. */
  redis?: TestRedis;
  /**
   * Where Redis is, as environment variables (REDIS_CLUSTER_NODES, or a REDIS_URL of a test's own
   * choosing), instead of a Redis of this harness: nothing is started and REDIS_URL is not set.
   */
  redisEnv?: Record<string, string>;
  /** Shares one fake Slack (e.g. with a worker started separately). */
  slack?: FakeSlack;
  /** Receives every log line (pino JSON), e.g. to search it for secrets. */
  logStream?: { write(line: string): void };
}

export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const ownRedis = options.redis || options.redisEnv ? null : await startRedis();
  const redisEnv = options.redisEnv ?? { REDIS_URL: (options.redis ?? ownRedis!).url };
  const ownSlack = options.slack ? null : await startFakeSlack();
  const slack = options.slack ?? ownSlack!;
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_FILE_HOSTS: slack.host,
    ...redisEnv,
    // Each bot its own queue, so tests sharing a Redis never see each other's jobs.
    QUEUE_PREFIX: `{test-${randomUUID().slice(0, 8)}}`,
    PORT: '0',
    WORKER_CONCURRENCY: '4',
    // No rate limits unless a test is about them (test/slack/rate-limits.test.ts).
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_CHANNEL_PER_MINUTE: '0',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ...options.env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const config = loaded.config;
  const metrics = createMetrics();
  const runtime = createRuntime({
    config,
    log: createLogger(config.logLevel, options.logStream),
    metrics,
    // One quick in-client retry; the job-level retries (BullMQ, short backoff here) do the rest.
    readRetry: { retries: 1, factor: 1, minTimeout: 50, maxTimeout: 100 },
    backoffMs: 100,
  });
  const server = await runtime.app!.start({ port: 0, host: '127.0.0.1' });
  // Up means the queue can be written (what /readyz says), so a test's first event does not race
  // the Redis connection's opening. Not for a Redis of the test's own choosing, which may be broken
  // on purpose.
  if (!options.redisEnv) {
    for (let i = 0; i < 500 && !(await runtime.queueWritable()); i++) await new Promise((r) => setTimeout(r, 20));
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post: Bot['post'] = async (body, headers) => {
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
    const receivedAt = Date.now();
    return { status: res.status, text: await res.text(), receivedAt };
  };
  let eventCounter = 0;
  return {
    slack,
    config,
    metrics,
    runtime,
    url,
    post,
    sendEvent(event, extra = {}) {
      const body = JSON.stringify({
        token: 'legacy',
        team_id: TEAM_ID,
        api_app_id: 'A0TEST',
        type: 'event_callback',
        event_id: extra.eventId ?? `Ev${++eventCounter}${randomUUID().slice(0, 6)}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
        event: { event_ts: event['ts'], ...event },
      });
      // Slack signs every delivery when it sends it: a retry, sent later, has a later timestamp.
      const sentAt = Math.floor(Date.now() / 1000) + (extra.retryNum ?? 0);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, body, sentAt) };
      if (extra.retryNum) {
        headers['x-slack-retry-num'] = String(extra.retryNum);
        headers['x-slack-retry-reason'] = 'http_timeout';
      }
      return post(body, headers);
    },
    sendCommand(text, fields = {}) {
      const body = new URLSearchParams({
        token: 'legacy',
        team_id: TEAM_ID,
        team_domain: 'fake',
        channel_id: 'C0PASTE01',
        channel_name: 'ops',
        user_id: 'U0HUMAN01',
        user_name: 'alice',
        command: '/oom',
        text,
        api_app_id: 'A0TEST',
        response_url: slack.responseUrl(`cmd-${randomUUID().slice(0, 8)}`),
        trigger_id: `trig.${randomUUID()}`,
        ...fields,
      }).toString();
      return post(body, { 'content-type': 'application/x-www-form-urlencoded', ...signSlack(SIGNING_SECRET, body) });
    },
    sendInteraction(payload) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return post(body, { 'content-type': 'application/x-www-form-urlencoded', ...signSlack(SIGNING_SECRET, body) });
    },
    async stop() {
      await runtime.stop();
      if (ownSlack) await ownSlack.close();
      if (ownRedis) await ownRedis.stop();
    },
  };
}
