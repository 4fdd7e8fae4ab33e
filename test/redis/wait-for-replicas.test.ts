/**
 * WAIT after a write, on one master with one replica (two real redis-server processes, the second a
 * REPLICAOF the first — what a Sentinel-managed master looks like to the client): the replica's
 * acknowledgement when it is there; when it is gone, one short WAIT, one warning, and then no WAIT
 * for a while, so a missing replica does not hold up every command on the connection.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../helpers/redis-harness.js';
import { waitForReplicas } from '../../src/redis/wait-for-replicas.js';

const portOf = (url: string): number => Number(new URL(url).port);

async function waitsRunOn(client: Redis): Promise<number> {
  const stats = String(await client.call('INFO', 'commandstats'));
  return Number(/^cmdstat_wait:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
}

describe('WAIT for replicas after a write', () => {
  let master: TestRedis;
  let replica: TestRedis;
  let writer: Redis;
  let admin: Redis;
  before(async () => {
    master = await startRedis();
    replica = await startRedis();
    // Copied over the socket, never through an RDB file in the working directory, and at once.
    const m = new Redis(master.url);
    await m.call('CONFIG', 'SET', 'repl-diskless-sync', 'yes', 'repl-diskless-sync-delay', '0');
    m.disconnect();
    const r = new Redis(replica.url);
    await r.call('CONFIG', 'SET', 'repl-diskless-load', 'swapdb');
    await r.call('REPLICAOF', '127.0.0.1', String(portOf(master.url)));
    for (let i = 0; i < 500 && !/master_link_status:up/.test(String(await r.call('INFO', 'replication'))); i++) await new Promise((x) => setTimeout(x, 20));
    r.disconnect();
    writer = new Redis(master.url);
    admin = new Redis(master.url);
  });
  after(async () => {
    writer.disconnect();
    admin.disconnect();
    await replica.stop();
    await master.stop();
  });

  it('none wanted: no WAIT is sent', async () => {
    const wait = waitForReplicas(writer, '{oom}:x', { replicas: 0, timeoutMs: 1000 });
    const before = await waitsRunOn(admin);
    await writer.set('{oom}:a', '1');
    assert.equal(await wait.afterWrite(), null);
    assert.equal(await waitsRunOn(admin), before);
  });

  it('with the replica there: the write is acknowledged by it', async () => {
    const wait = waitForReplicas(writer, '{oom}:x', { replicas: 1, timeoutMs: 5000 });
    await writer.set('{oom}:b', '2');
    assert.equal(await wait.afterWrite(), 1);
    const copy = new Redis(replica.url);
    try {
      assert.equal(await copy.get('{oom}:b'), '2', 'the replica has the write');
    } finally {
      copy.disconnect();
    }
  });

  it('the replica gone: one short WAIT and one warning, then none until the pause is over, and a note when it is back', async () => {
    let clock = 0;
    const events: string[] = [];
    const wait = waitForReplicas(writer, '{oom}:x', { replicas: 1, timeoutMs: 1000, pauseAfterShortMs: 30_000, now: () => clock, onChange: (event, f) => events.push(`${event} ${f.acked}/${f.wanted}`) });
    const copy = new Redis(replica.url);
    await copy.call('REPLICAOF', 'NO', 'ONE');
    copy.disconnect();
    const before = await waitsRunOn(admin);
    await writer.set('{oom}:c', '3');
    assert.equal(await wait.afterWrite(), 0, 'no replica acknowledged within the timeout');
    await writer.set('{oom}:d', '4');
    assert.equal(await wait.afterWrite(), null, 'paused: not waited for');
    assert.equal((await waitsRunOn(admin)) - before, 1, 'one WAIT, not one per write');
    assert.deepEqual(events, ['short 0/1']);

    const back = new Redis(replica.url);
    await back.call('REPLICAOF', '127.0.0.1', String(portOf(master.url)));
    for (let i = 0; i < 500 && !/master_link_status:up/.test(String(await back.call('INFO', 'replication'))); i++) await new Promise((x) => setTimeout(x, 20));
    back.disconnect();
    // Once the pause is over, WAIT is sent again; the re-attached replica may need a moment to catch up.
    let acked: number | null = 0;
    for (let i = 0; i < 20 && acked !== 1; i++) {
      clock += 30_000;
      await writer.set('{oom}:e', String(i));
      acked = await wait.afterWrite();
    }
    assert.equal(acked, 1);
    assert.deepEqual(events, ['short 0/1', 'recovered 1/1']);
  });
});
