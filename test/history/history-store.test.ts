/**
 * The kill history in a real Redis (src/history/history-store.ts): recorded once per entry id,
 * newest first, capped per workload, forgotten after the retention, every key in the prefix's slot.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createHistoryStore } from '../../src/history/history-store.js';
import type { HistoryEntry } from '../../src/history/history-entry.js';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';

const DAY = 86_400;

function entry(id: string, analysedAt: number, fp = 'f00dfeedf00dfeed'): HistoryEntry {
  return {
    id,
    fp,
    channel: 'C0STORE01',
    permalink: `https://fake.slack.com/archives/C0STORE01/p${analysedAt}`,
    analysedAt,
    killTime: null,
    host: 'db1',
    cgroup: '/system.slice/mysqld.service',
    workload: null,
    program: 'mysqld',
    pid: 4242,
    cause: 'cgroup_limit',
    limitKb: 2097152,
    usageKb: 2097152,
    rssKb: 2000000,
  };
}

describe('the history store', () => {
  let redis: TestRedis;
  let connection: Redis;
  before(async () => {
    redis = await startRedis();
    connection = new Redis(redis.url);
  });
  after(async () => {
    connection.disconnect();
    await redis.stop();
  });
  const prefix = () => `{hist-${randomUUID().slice(0, 8)}}`;

  it('records an entry id once, however often it is written', async () => {
    const store = createHistoryStore(connection, prefix(), { retentionSeconds: 90 * DAY });
    const e = entry('msg-T1-C1-1#0', Date.now());
    assert.equal(await store.record('T1', [e]), 1);
    assert.equal(await store.record('T1', [{ ...e, analysedAt: e.analysedAt + 5000 }]), 0, 'the retry writes nothing');
    const found = await store.byFingerprint('T1', e.fp);
    assert.deepEqual(found, [e], 'the first write stands');
    assert.deepEqual(await store.recent('T1', 10), [e]);
    assert.deepEqual(await store.byFingerprint('T2', e.fp), [], 'teams are apart');
  });

  it('answers newest first and keeps at most perFingerprint kills per workload, deleting the rest', async () => {
    const p = prefix();
    const store = createHistoryStore(connection, p, { retentionSeconds: 90 * DAY, perFingerprint: 3 });
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 5; i++) await store.record('T1', [entry(`job-${i}#0`, t0 + i * 1000)]);
    await store.record('T1', [entry('other#0', t0, 'another0workload')]);
    assert.deepEqual((await store.byFingerprint('T1', 'f00dfeedf00dfeed')).map((e) => e.id), ['job-4#0', 'job-3#0', 'job-2#0']);
    assert.deepEqual((await store.recent('T1', 10)).map((e) => e.id), ['job-4#0', 'job-3#0', 'job-2#0', 'other#0']);
    const keys = (await connection.keys(`${p}:*`)).sort();
    assert.deepEqual(keys, [
      `${p}:history:T1:fp:another0workload`,
      `${p}:history:T1:fp:f00dfeedf00dfeed`,
      `${p}:history:T1:kill:job-2#0`,
      `${p}:history:T1:kill:job-3#0`,
      `${p}:history:T1:kill:job-4#0`,
      `${p}:history:T1:kill:other#0`,
      `${p}:history:T1:recent`,
    ]);
    // One hash tag for all of them: the same Redis Cluster slot as the queue.
    assert.ok(keys.every((k) => k.startsWith(`${p}:`) && p.startsWith('{') && p.endsWith('}')));
  });

  it('sets the retention as the TTL of every key', async () => {
    const p = prefix();
    const store = createHistoryStore(connection, p, { retentionSeconds: 90 * DAY });
    await store.record('T1', [entry('ttl#0', Date.now())]);
    const keys = await connection.keys(`${p}:*`);
    assert.equal(keys.length, 3);
    for (const key of keys) {
      const ttl = await connection.ttl(key);
      assert.ok(ttl > 90 * DAY - 60 && ttl <= 90 * DAY, `${key}: TTL ${ttl}`);
    }
  });

  it('forgets kills older than the retention: left out of answers at once, pruned on the next write, gone when the keys expire', async () => {
    const p = prefix();
    let clock = Date.now();
    const store = createHistoryStore(connection, p, { retentionSeconds: 1, now: () => clock });
    await store.record('T1', [entry('old#0', clock)]);
    assert.equal((await store.byFingerprint('T1', 'f00dfeedf00dfeed')).length, 1);
    clock += 1500;
    assert.deepEqual(await store.byFingerprint('T1', 'f00dfeedf00dfeed'), [], 'older than the retention by the clock');
    await store.record('T1', [entry('new#0', clock)]);
    assert.deepEqual(await connection.zrange(`${p}:history:T1:fp:f00dfeedf00dfeed`, '0', '-1'), ['new#0'], 'the old member pruned');
    // Redis itself lets the keys go once their one-second TTL runs out.
    while ((await connection.exists(`${p}:history:T1:kill:old#0`, `${p}:history:T1:kill:new#0`)) > 0) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await connection.keys(`${p}:*`), []);
  });
});
