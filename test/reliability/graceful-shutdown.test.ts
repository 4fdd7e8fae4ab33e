/**
 * SIGTERM: the web role stops taking requests first, the worker finishes the job in hand and the
 * process exits 0. A job that outlasts SHUTDOWN_TIMEOUT_MS is given up (exit 1) and another
 * worker finishes it, so the thread still gets its one reply.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/bot-harness.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';
import { signSlack } from '../helpers/sign-slack.js';
import type { Runtime } from '../../src/runtime.js';
import { startBotProcess, type BotProcess } from './helpers/bot-process.js';
import { startWorkerRuntime } from './helpers/worker-runtime.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0SIGTERM';
const LOCKS = { WORKER_LOCK_MS: '2000', WORKER_STALLED_CHECK_MS: '1000' };

describe('SIGTERM', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let bot: BotProcess | null = null;
  let rescuer: Runtime | null = null;
  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await bot?.stop();
    await rescuer?.stop();
    bot = null;
    rescuer = null;
  });
  after(async () => {
    await slack.close();
    await redis.stop();
  });

  const startAll = async (prefix: string, env: Record<string, string> = {}) =>
    startBotProcess({
      ROLE: 'all',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_FILE_HOSTS: slack.host,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      ...LOCKS,
      ...env,
    });
  const sendPaste = (port: number, ts: string) => {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0TEST01',
      event_id: `Ev${randomUUID().slice(0, 8)}`,
      event: { type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts, event_ts: ts },
    });
    return fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signSlack(SIGNING_SECRET, body) }, body });
  };
  /** Polls until the port refuses connections (gives up after 20 s). */
  const untilRefused = async (port: number) => {
    for (let i = 0; i < 2000; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the web role kept listening');
  };
  const repliesIn = (ts: string) => slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts && c.result?.['ok'] === true);

  it('stops taking requests, finishes the job in hand, then exits 0', async () => {
    bot = await startAll(`{term-${randomUUID().slice(0, 8)}}`);
    const ts = '1700008000.000100';
    const held = slack.hold('chat.postMessage');
    assert.equal((await sendPaste(bot.port, ts)).status, 200);
    await held.arrived;

    bot.child.kill('SIGTERM');
    const port = bot.port;
    await untilRefused(port);
    assert.equal(bot.child.exitCode, null, 'the process is still finishing its job');
    assert.equal(repliesIn(ts).length, 0);

    held.release();
    const { code } = await bot.exited;
    assert.equal(code, 0, `exit code; last log lines: ${JSON.stringify(bot.logs.slice(-5))}`);
    assert.equal(repliesIn(ts).length, 1, 'the job in hand was finished: one reply');
    assert.equal(slack.reactionsOn(CHANNEL, ts).join(), 'memo');
    assert.ok(bot.logs.some((l) => l['msg'] === 'stopped cleanly'));
  });

  it('gives up a job that outlasts SHUTDOWN_TIMEOUT_MS (exit 1), and another worker finishes it', async () => {
    const prefix = `{term-${randomUUID().slice(0, 8)}}`;
    bot = await startAll(prefix, { SHUTDOWN_TIMEOUT_MS: '300' });
    const ts = '1700008000.000200';
    const held = slack.hold('chat.postMessage');
    await sendPaste(bot.port, ts);
    await held.arrived;
    bot.child.kill('SIGTERM');
    const { code } = await bot.exited;
    assert.equal(code, 1);
    assert.ok(bot.logs.some((l) => /left for another worker/.test(String(l['msg']))));
    held.release();

    rescuer = startWorkerRuntime({ redisUrl: redis.url, prefix, slack, env: LOCKS });
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝 from the other worker');
    assert.equal(repliesIn(ts).length, 1);
  });
});
