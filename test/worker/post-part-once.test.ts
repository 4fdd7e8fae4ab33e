/**
 * One part of a job's output, posted at most once (src/queue/post-part-once.ts), against a real
 * Redis and the Slack stand-in: the check before a post is one Redis call, a part already posted is
 * not posted again, and a part an earlier attempt was posting when it died is found in the thread.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/logger.js';
import { createPostedParts, type PostedParts } from '../../src/worker/posted-parts-store.js';
import { PART_EVENT_TYPE, postPartOnce } from '../../src/worker/post-part-once.js';
import { BOT_TOKEN } from '../helpers/bot-harness.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';

const CHANNEL = 'C0POSTONC';
const THREAD = '1700009000.000100';

describe('posting a part of a job once', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let connection: Redis;
  let watcher: Redis;
  let monitor: Redis;
  let posted: PostedParts;
  let client: WebClient;
  /** Every command our connection sent, as Redis saw it: [command, first key]. */
  const sent: Array<[string, string]> = [];
  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
    connection = new Redis(redis.url);
    await connection.ping();
    const ours = `127.0.0.1:${connection.stream.localPort ?? 0}`;
    // monitor() opens its own connection in MONITOR mode; `watcher` is only its template.
    watcher = new Redis(redis.url, { lazyConnect: true });
    monitor = await watcher.monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === ours && args[0] !== undefined) sent.push([args[0].toLowerCase(), args[0].toLowerCase() === 'eval' ? (args[3] ?? '') : (args[1] ?? '')]);
    });
    posted = createPostedParts(connection, `{post-${randomUUID().slice(0, 8)}}`);
    client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  after(async () => {
    monitor.disconnect();
    watcher.disconnect();
    connection.disconnect();
    await slack.close();
    await redis.stop();
  });
  const options = (jobId: string, part: string) => ({
    slack: { read: client, post: client },
    posted,
    jobId,
    part,
    channel: CHANNEL,
    thread: THREAD,
    broadcast: false,
    log: createLogger('silent'),
  });
  const postsOf = (jobId: string) =>
    slack.callsTo('chat.postMessage').filter((c) => (c.args['metadata'] as { event_payload?: { job_id?: string } } | undefined)?.event_payload?.job_id === jobId);

  it('first post: one Redis call before Slack is asked, one after to remember the ts', async () => {
    const jobId = `job-${randomUUID()}`;
    sent.length = 0;
    const ts = await postPartOnce({ text: 'the report' }, options(jobId, 'report'));
    await slack.waitFor(() => sent.some(([cmd, key]) => cmd === 'set' && key.endsWith(`:${jobId}:report`)), 'the posted ts written');
    assert.deepEqual(
      sent.map(([cmd]) => cmd),
      ['eval', 'set'],
    );
    assert.equal(await posted.get(jobId, 'report'), ts);
    assert.equal(postsOf(jobId).length, 1);
  });

  it('a part already posted is not posted again: the same ts comes back', async () => {
    const jobId = `job-${randomUUID()}`;
    const first = await postPartOnce({ text: 'the report' }, options(jobId, 'report'));
    const again = await postPartOnce({ text: 'the report' }, options(jobId, 'report'));
    assert.equal(again, first);
    assert.equal(postsOf(jobId).length, 1);
  });

  it('an earlier attempt died after Slack took the part: the message in the thread is adopted', async () => {
    const jobId = `job-${randomUUID()}`;
    // What a worker killed mid-post leaves: its "about to post" marker, and its message in Slack.
    assert.deepEqual(await posted.begin(jobId, 'failure', 1700009000), { kind: 'first' });
    slack.addMessage(CHANNEL, {
      ts: '1700009001.000200',
      thread_ts: THREAD,
      text: ':warning: earlier',
      metadata: { event_type: PART_EVENT_TYPE, event_payload: { job_id: jobId, part: 'failure' } },
    });
    const ts = await postPartOnce({ text: ':warning: again' }, options(jobId, 'failure'));
    assert.equal(ts, '1700009001.000200');
    assert.equal(postsOf(jobId).length, 0, 'nothing posted a second time');
    assert.equal(await posted.get(jobId, 'failure'), '1700009001.000200');
  });

  it('an earlier attempt died before Slack took the part: it is posted', async () => {
    const jobId = `job-${randomUUID()}`;
    assert.deepEqual(await posted.begin(jobId, 'report', 1700009000), { kind: 'first' });
    assert.deepEqual(await posted.begin(jobId, 'report', 1700009050), { kind: 'intent', since: 1700009000 }, 'the first marker is kept');
    const ts = await postPartOnce({ text: 'the report' }, options(jobId, 'report'));
    assert.equal(postsOf(jobId).length, 1);
    assert.deepEqual(await posted.begin(jobId, 'report', 1700009100), { kind: 'posted', ts });
  });

  it('an earlier attempt left a marker and Slack cannot be asked right now: this attempt fails, and posts nothing', async () => {
    const jobId = `job-${randomUUID()}`;
    await posted.begin(jobId, 'report', 1700009000);
    slack.failNext('conversations.replies', { status: 500 });
    await assert.rejects(postPartOnce({ text: 'the report' }, options(jobId, 'report')));
    assert.equal(postsOf(jobId).length, 0, 'no blind post while the earlier one may be there');
    // The job's next attempt asks again, finds nothing, and posts.
    await postPartOnce({ text: 'the report' }, options(jobId, 'report'));
    assert.equal(postsOf(jobId).length, 1);
  });

  it('an earlier attempt left a marker and Slack will never let us look: it posts', async () => {
    const jobId = `job-${randomUUID()}`;
    const channel = 'C0NOHISTO';
    slack.forbidChannel(channel);
    await posted.begin(jobId, 'report', 1700009000);
    await postPartOnce({ text: 'the report' }, { ...options(jobId, 'report'), channel });
    assert.equal(postsOf(jobId).length, 1);
  });
});
