/**
 * Socket Mode (SLACK_APP_TOKEN set, no signing secret): the app opens its connection with
 * `apps.connections.open` (app token, on SLACK_API_URL), receives envelopes over the WebSocket, and
 * acks each one there. What users see is the same as in HTTP mode: 👀, the threaded verdict, 📝.
 * Runs the real runtime (Bolt's SocketModeReceiver, a real Redis and BullMQ worker, the real Web API
 * client) against the fake Slack server and the fake Socket Mode server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { QUEUE_NAME } from '../../src/queue/enqueue-analysis.js';
import { READ_RETRY } from '../../src/slack/slack-clients.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { blocksText } from '../helpers/blocks-text.js';
import { BOT_ID, BOT_USER_ID, TEAM_ID, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { APP_ID, startFakeSocketMode, type FakeSocketMode } from '../helpers/fake-socket-mode.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const PARENT_LIMIT_LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0SOCKET1';
const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-1-A0TEST-1-socketmodetest';

function socketModeConfig(slack: FakeSlack, redis: TestRedis): Config {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_FILE_HOSTS: slack.host,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `{test-${randomUUID().slice(0, 8)}}`,
    // The health routes' server (Socket Mode still serves /healthz): any free port.
    PORT: '0',
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_CHANNEL_PER_MINUTE: '0',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
}

/** An Events API callback as Slack wraps it in an `events_api` envelope's payload. */
function eventCallback(event: Record<string, unknown>, eventId = `Ev${randomUUID().slice(0, 10)}`): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
    event: { event_ts: event['ts'], ...event },
  };
}

/** A slash command's fields, as they arrive in a `slash_commands` envelope (the same fields as the HTTP form). */
function slashCommand(slack: FakeSlack, text: string, responseId: string): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: TEAM_ID,
    team_domain: 'fake',
    channel_id: CHANNEL,
    channel_name: 'ops',
    user_id: 'U0HUMAN01',
    user_name: 'alice',
    command: '/oom',
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(responseId),
    trigger_id: `trig.${randomUUID()}`,
  };
}

describe('Socket Mode', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let sockets: FakeSocketMode;
  let config: Config;
  let metrics: Metrics;
  let runtime: Runtime;

  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
    sockets = await startFakeSocketMode();
    slack.useSocketMode(sockets.url);
    config = socketModeConfig(slack, redis);
    metrics = createMetrics();
    runtime = createRuntime({
      config,
      log: createLogger(config.logLevel),
      metrics,
      readRetry: { retries: 1, factor: 1, minTimeout: 50, maxTimeout: 100 },
      backoffMs: 100,
    });
    // Resolves once the socket is open and Slack's `hello` has arrived.
    await runtime.app!.start();
  });
  after(async () => {
    await runtime.stop();
    await sockets.close();
    await slack.close();
    await redis.stop();
  });

  it('needs no signing secret, and connects with the app token through SLACK_API_URL', () => {
    assert.equal(config.slackSigningSecret, null);
    assert.equal(config.slackAppToken, APP_TOKEN);
    const opens = slack.callsTo('apps.connections.open');
    assert.equal(opens.length, 1);
    assert.equal(opens[0]!.headers.authorization, `Bearer ${APP_TOKEN}`);
    assert.equal(opens[0]!.result?.['url'], sockets.url);
    assert.equal(sockets.connectionCount(), 1);
  });

  it('a pasted OOM log: acked on the socket, then 👀, a threaded reply with the verdict, 📝 instead of 👀', async () => {
    const ts = '1700100001.000100';
    const envelopeId = sockets.send('events_api', eventCallback({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts, channel_type: 'channel' }));

    const ack = await sockets.waitForAck(envelopeId);
    assert.equal(ack.envelope_id, envelopeId);
    // An event's ack carries nothing: there is no response payload for events.
    assert.deepEqual(ack.payload ?? {}, {});

    const eyes = await slack.waitFor(() => slack.callsTo('reactions.add').find((c) => c.args['timestamp'] === ts && c.args['name'] === 'eyes'), '👀');
    assert.equal(eyes.args['channel'], CHANNEL);
    assert.equal(eyes.headers.authorization, `Bearer ${BOT_TOKEN}`);

    const reply = await slack.waitFor(() => slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the threaded reply');
    assert.equal(reply.args['channel'], CHANNEL);
    const text = blocksText(reply.args['blocks']);
    assert.match(text, /test \(pid 30211\) killed: parent cgroup \/mm_test hit its memory limit/);
    assert.match(text, /\/mm_test/);
    assert.match(text, /Usage 200 MiB of a 200 MiB limit \(100%\)/);
    assert.ok(String(reply.args['text']).length > 0, 'a plain-text fallback for notifications');

    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝 replacing 👀');
    assert.deepEqual(slack.reactionsOn(CHANNEL, ts), ['memo']);
    assert.equal(sockets.acksFor(envelopeId).length, 1);
  });

  it('replies once when Slack redelivers the envelope (retry_attempt 1, and 2 after the reply)', async () => {
    const ts = '1700100002.000200';
    const payload = eventCallback({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts }, 'EvSocketRetried');
    const enqueuedBefore = await enqueuedCount(metrics);
    // A redelivery keeps the envelope_id and the event_id; only retry_attempt/retry_reason change.
    const envelopeId = sockets.send('events_api', payload);
    sockets.send('events_api', payload, { envelopeId, retryAttempt: 1, retryReason: 'timeout' });
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).includes('memo'), '📝');
    sockets.send('events_api', payload, { envelopeId, retryAttempt: 2, retryReason: 'timeout' });

    // Every delivery is acked, so Slack stops redelivering.
    await slack.waitFor(() => sockets.acksFor(envelopeId).length === 3, 'three acks');
    // Every delivery went through the listener to the queue (the counter moves after the enqueue)…
    await waitUntil(async () => (await enqueuedCount(metrics)) - enqueuedBefore === 3, 'three listener runs');
    // …and once the queue is idle, whatever was queued has run.
    await waitForIdleQueue(redis.url, config.queuePrefix);
    const replies = slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);
    assert.equal(replies.length, 1);
  });

  it('/oom help: the usage comes back in the ack’s payload, ephemerally, and nothing is posted', async () => {
    const postsBefore = slack.callsTo('chat.postMessage').length;
    const envelopeId = sockets.send('slash_commands', slashCommand(slack, 'help', 'sock-help'));
    const ack = await sockets.waitForAck(envelopeId);
    assert.equal(ack.payload?.['response_type'], 'ephemeral');
    assert.match(String(ack.payload?.['text']), /\/oom analyze <paste dmesg/);
    assert.match(String(ack.payload?.['text']), /upload a `\.log`/);
    assert.equal(slack.responses.filter((r) => r.id === 'sock-help').length, 0, 'answered in the ack, not through response_url');
    assert.equal(slack.callsTo('chat.postMessage').length, postsBefore);
  });

  it('/oom analyze <log>: acked with a note, then the report in the channel', async () => {
    const envelopeId = sockets.send('slash_commands', slashCommand(slack, `analyze ${PARENT_LIMIT_LOG}`, 'sock-analyze'));
    const ack = await sockets.waitForAck(envelopeId);
    assert.equal(ack.payload?.['response_type'], 'ephemeral');
    assert.match(String(ack.payload?.['text']), /^Analysing… the report will appear in this channel\.$/);
    const report = await slack.waitFor(
      () => slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === CHANNEL && c.args['thread_ts'] === undefined && /Killed: test/.test(blocksText(c.args['blocks']))),
      'the report in the channel',
    );
    assert.match(blocksText(report.args['blocks']), /pid 30211/);
  });

  it('the "Analyze OOM" shortcut as an `interactive` envelope: acked, then the verdict in the message’s thread', async () => {
    const ts = '1700100005.000500';
    const envelopeId = sockets.send('interactive', {
      type: 'message_action',
      callback_id: 'analyze_oom',
      trigger_id: `trig.${randomUUID()}`,
      response_url: slack.responseUrl('sock-shortcut'),
      team: { id: TEAM_ID, domain: 'fake' },
      channel: { id: CHANNEL, name: 'ops' },
      user: { id: 'U0HUMAN01', name: 'alice' },
      message_ts: ts,
      message: { type: 'message', user: 'U0HUMAN09', ts, text: PARENT_LIMIT_LOG },
      token: 'legacy',
    });
    await sockets.waitForAck(envelopeId);
    const reply = await slack.waitFor(() => slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts), 'the reply');
    assert.equal(reply.args['channel'], CHANNEL);
    assert.match(blocksText(reply.args['blocks']), /test \(pid 30211\) killed/);
  });

  it('never answers its own messages, though it acks them', async () => {
    const own = ['1700100006.000100', '1700100006.000200'];
    const ownEnvelopes = [
      sockets.send('events_api', eventCallback({ type: 'message', subtype: 'bot_message', channel: CHANNEL, bot_id: BOT_ID, text: PARENT_LIMIT_LOG, ts: own[0] })),
      sockets.send('events_api', eventCallback({ type: 'message', channel: CHANNEL, user: BOT_USER_ID, bot_id: BOT_ID, text: PARENT_LIMIT_LOG, ts: own[1] })),
    ];
    const later = '1700100006.000300';
    sockets.send('events_api', eventCallback({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: PARENT_LIMIT_LOG, ts: later }));
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, later).join() === 'memo', 'the human paste answered');
    for (const envelopeId of ownEnvelopes) assert.equal(sockets.acksFor(envelopeId).length, 1);
    const touched = slack.calls.filter((c) => own.includes(String(c.args['timestamp'] ?? c.args['thread_ts'])));
    assert.deepEqual(touched, []);
  });

  it('gives the listeners’ client the short read policy and a deadline; the Socket Mode client’s 100 retries stay its own', async () => {
    // As main.ts builds it. Its own queue prefix (a fresh config), so its worker takes none of this
    // suite's jobs; the fake Slack stays up until the suite ends, so the auth.test Bolt starts at
    // construction is answered.
    const production = createRuntime({ config: socketModeConfig(slack, redis), log: createLogger(config.logLevel), metrics: createMetrics() });
    try {
      // The options Bolt builds each listener's `client` from (App#webClientOptions, public).
      assert.deepEqual(production.app!.webClientOptions.retryConfig, READ_RETRY);
      assert.equal(production.app!.webClientOptions.timeout, 10_000);
    } finally {
      await production.stop();
    }
  });

  it('sent nothing over the socket but acks, on the one connection it opened', () => {
    assert.deepEqual(sockets.unexpected, []);
    assert.equal(sockets.connectionCount(), 1);
    const acked = new Set(sockets.acks.map((a) => a.envelope_id));
    assert.deepEqual(sockets.sent.filter((e) => !acked.has(e.envelope_id)).map((e) => e.envelope_id), []);
  });
});

async function enqueuedCount(metrics: Metrics): Promise<number> {
  const { values } = await metrics.enqueued.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

/** Polls an async condition; gives up (as FakeSlack.waitFor does) rather than hang the run. */
async function waitUntil(probe: () => Promise<boolean>, what: string, ms = 20000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the queue has nothing waiting, delayed or running (real BullMQ, read-only). */
async function waitForIdleQueue(redisUrl: string, prefix: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  try {
    await waitUntil(async () => {
      const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
      return Object.values(counts).every((n) => n === 0);
    }, 'an idle queue');
  } finally {
    await queue.close();
    await connection.quit();
  }
}
