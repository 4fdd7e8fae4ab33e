/**
 * A job run again after it posted its reply and recorded its kills — as when its worker dies before
 * BullMQ hears the job finished and another worker takes it over — records each kill once, and its
 * reply does not count its own kills as earlier ones. processJob is the worker's processor, run
 * here twice with the same job id against a real Redis and the Slack stand-in.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { createChannelAccess } from '../../src/history/channel-access.js';
import { createHistoryStore, type HistoryStore } from '../../src/history/history-store.js';
import { createKillHistory } from '../../src/history/kill-history.js';
import { createLogger } from '../../src/logger.js';
import { newAnalysisJob } from '../../src/queue/new-analysis-job.js';
import { createMetrics } from '../../src/metrics.js';
import type { AnalysisJob } from '../../src/queue/job-schema.js';
import { createPostedParts } from '../../src/worker/posted-parts-store.js';
import { processJob, type ProcessJobDeps } from '../../src/worker/process-job.js';
import { BOT_TOKEN, TEAM_ID } from '../helpers/bot-harness.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';
import { blocksText } from '../helpers/blocks-text.js';

// test/fixtures/public/SOURCES.md: Docker on cgroup v1, two containers of one image killed at their limits.
const LOG = readFileSync(new URL('../fixtures/public/kernel/docker-4.8-two-memcg-kills-amid-veth-noise.log', import.meta.url), 'utf8');
const CHANNEL = 'C0RETRY01';

describe('a job run twice', () => {
  let redis: TestRedis;
  let slack: FakeSlack;
  let connection: Redis;
  let store: HistoryStore;
  let deps: ProcessJobDeps;
  before(async () => {
    redis = await startRedis();
    slack = await startFakeSlack();
    connection = new Redis(redis.url);
    const prefix = `{retry-${randomUUID().slice(0, 8)}}`;
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    store = createHistoryStore(connection, prefix, { retentionSeconds: 90 * 86_400 });
    deps = {
      slack: { read: client, post: client },
      posted: createPostedParts(connection, prefix),
      log: createLogger('silent'),
      metrics: createMetrics(),
      botToken: BOT_TOKEN,
      maxFileBytes: 1024 * 1024,
      extraHosts: [],
      history: createKillHistory({ store, access: createChannelAccess(client), client }),
    };
  });
  after(async () => {
    connection.disconnect();
    await slack.close();
    await redis.stop();
  });

  it('records its kills once and posts once', async () => {
    const ts = '1700200000.000100';
    const job: AnalysisJob = newAnalysisJob({
      trigger: 'paste',
      teamId: TEAM_ID,
      channel: CHANNEL,
      source: { kind: 'inline', text: LOG, files: [] },
      reply: { kind: 'thread', threadTs: ts },
      reactTs: ts,
      explicit: false,
      requestedBy: 'U0HUMAN01',
    });
    const id = `msg-${TEAM_ID}-${CHANNEL}-1700200000_000100`;
    assert.equal(await processJob(job, { id, attempt: 1, maxAttempts: 5 }, deps), 'replied');
    assert.equal(await processJob(job, { id, attempt: 2, maxAttempts: 5 }, deps), 'replied');

    const recorded = await store.recent(TEAM_ID, 100);
    assert.deepEqual(recorded.map((e) => e.id).sort(), [`${id}#0`, `${id}#1`], 'both kills, once each');
    assert.ok(recorded.every((e) => e.permalink?.startsWith(`https://fake.slack.com/archives/${CHANNEL}/p`)));
    const replies = slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);
    assert.equal(replies.length, 1);
    // The two containers are one workload, but both kills are this job's: nothing "before".
    assert.doesNotMatch(blocksText(replies[0]!.args['blocks']), /OOM kill of/);
  });
});
