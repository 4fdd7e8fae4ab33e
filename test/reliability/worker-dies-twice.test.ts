/**
 * A job whose worker dies twice (SIGKILL, as an OOM kill would): BullMQ's stalled-job limit
 * (`maxStalledCount`, 1) fails it without running the processor again, and the user is still told:
 * exactly one ⚠️ note in the thread, and ⚠️ in place of 👀. Locks are shortened (SHORT_LOCKS) so the
 * test does not wait 30 s per death.
 */
import { after, before, describe, it } from 'node:test';
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
const CHANNEL = 'C0DIESTWC';

describe('a job whose worker dies twice', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let web: Bot;
  const doomed: BotProcess[] = [];
  let rescuer: Runtime | null = null;
  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
  });
  after(async () => {
    for (const d of doomed) await d.stop();
    await rescuer?.stop();
    await web?.stop();
    await slack.close();
    await redis.stop();
  });

  it('is failed by BullMQ, and the thread gets one ⚠️ note with ⚠️ replacing 👀', async () => {
    const prefix = `{twice-${randomUUID().slice(0, 8)}}`;
    const ts = '1700008000.000100';
    const startDoomed = () => startWorkerProcess({ redisUrl: redis.url, prefix, slack });
    web = await startBot({ redis, slack, env: { ROLE: 'web', QUEUE_PREFIX: prefix } });

    // Each worker dies while posting the reply, before Slack took it.
    const firstPost = slack.hold('chat.postMessage');
    const secondPost = slack.hold('chat.postMessage');
    doomed.push(await startDoomed());
    await web.sendEvent({ type: 'message', channel: CHANNEL, user: 'U0HUMAN01', text: LOG, ts });
    assert.equal((await firstPost.arrived).args['thread_ts'], ts, 'the first worker was posting the reply');
    doomed[0]!.child.kill('SIGKILL');
    await doomed[0]!.exited;

    doomed.push(await startDoomed());
    assert.equal((await secondPost.arrived).args['thread_ts'], ts, 'the second worker took the job over and was posting the reply');
    doomed[1]!.child.kill('SIGKILL');
    await doomed[1]!.exited;
    firstPost.release();
    secondPost.release();

    rescuer = startWorkerRuntime({ redisUrl: redis.url, prefix, slack, env: SHORT_LOCKS });
    await slack.waitFor(() => slack.reactionsOn(CHANNEL, ts).join() === 'warning', '⚠️ replacing 👀');
    const replies = slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts && c.result?.['ok'] === true);
    assert.equal(replies.length, 1, 'one message in the thread: the failure note');
    assert.equal(
      replies[0]!.args['text'],
      ':warning: The analysis was cut off more than once (the process running it stopped, perhaps out of memory), so it was not tried again.',
    );
  });
});
