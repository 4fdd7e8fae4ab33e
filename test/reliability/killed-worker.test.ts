/**
 * A worker process killed (SIGKILL) in the middle of a job: another worker finishes the job (BullMQ
 * stalled-job recovery, with WORKER_LOCK_MS / WORKER_STALLED_CHECK_MS shortened so the test does
 * not wait 30 s), and the thread gets exactly one reply — also when the worker died after Slack had
 * accepted the reply but before the worker heard back.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';
import type { Runtime } from '../../src/runtime.js';
import type { BotProcess } from './helpers/bot-process.js';
import { SHORT_LOCKS, startWorkerProcess } from './helpers/worker-process.js';
import { startWorkerRuntime } from './helpers/worker-runtime.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
const CHANNEL = 'C0KILLED1';

describe('a worker killed mid-job', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let web: Bot;
  let prefix: string;
  let doomed: BotProcess | null = null;
  let rescuer: Runtime | null = null;
  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await doomed?.stop();
    await rescuer?.stop();
    await web?.stop();
    doomed = null;
    rescuer = null;
  });
  after(async () => {
    await slack.close();
    await redis.stop();
  });

  const start = async () => {
    prefix = `{kill-${randomUUID().slice(0, 8)}}`;
    web = await startBot({ redis, slack, env: { ROLE: 'web', QUEUE_PREFIX: prefix } });
    doomed = await startWorkerProcess({ redisUrl: redis.url, prefix, slack });
  };
  const killMidPost = async (ts: string, commit: boolean) => {
    const held = slack.hold('chat.postMessage', { commit });
    await web.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts });
    const call = await held.arrived;
    assert.equal(call.args['thread_ts'], ts, 'the doomed worker was posting the reply');
    doomed!.child.kill('SIGKILL');
    await doomed!.exited;
    held.release();
    rescuer = startWorkerRuntime({ redisUrl: redis.url, prefix, slack, env: SHORT_LOCKS });
  };
  const repliesIn = (ts: string) => slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts && c.result?.['ok'] === true);

  it('before Slack took the reply: another worker finishes the job and replies once', async () => {
    await start();
    const ts = '1700007000.000100';
    await killMidPost(ts, false);
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝 from the other worker');
    const replies = repliesIn(ts);
    assert.equal(replies.length, 1);
    assert.match(JSON.stringify(replies[0]!.args['blocks']), /30211/);
  });

  it('after Slack took the reply but before the worker heard back: the other worker does not post it again', async () => {
    await start();
    const ts = '1700007000.000200';
    await killMidPost(ts, true);
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).join() === 'memo', '📝 from the other worker');
    assert.equal(repliesIn(ts).length, 1, 'one reply in the thread');
    assert.equal(slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts).length, 1, 'no second post was even tried');
  });
});
