/**
 * The Redis Cluster harness is real: 3 masters + 3 replicas answer as a cluster, and when the master
 * serving `{oom}` (the queue prefix's hash tag) is killed, a replica takes over and an ioredis
 * `Cluster` client carries on — same client, no restart — with the data written before the kill.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, Redis } from 'ioredis';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster-harness.js';

const KEY = '{oom}:harness-probe';

describe('Redis Cluster harness', () => {
  let cluster: TestRedisCluster;
  let client: Cluster | null = null;
  before(async () => {
    cluster = await startRedisCluster();
  });
  after(async () => {
    if (client) await client.quit().catch(() => client?.disconnect());
    await cluster?.stop();
  });

  it('starts 3 masters, each with one replica, covering all 16384 slots', async () => {
    const view = await cluster.state();
    const masters = view.filter((n) => n.role === 'master');
    const replicas = view.filter((n) => n.role === 'replica');
    assert.equal(cluster.nodes.length, 6);
    assert.equal(masters.length, 3);
    assert.equal(replicas.length, 3);
    for (const master of masters) assert.equal(replicas.filter((r) => r.masterId === master.id).length, 1, `one replica for ${master.port}`);
    const covered = masters.flatMap((m) => m.slots).reduce((sum, [a, b]) => sum + (b - a + 1), 0);
    assert.equal(covered, 16384);
  });

  it('a Cluster client writes {oom} keys, survives the kill of their master, and reads and writes again', async () => {
    client = new Cluster(cluster.startupNodes, {
      // Commands that meet the dead master fail fast; the loop below retries them, as a caller would.
      redisOptions: { connectTimeout: 1000, maxRetriesPerRequest: 1 },
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
    });
    client.on('error', () => undefined);
    await client.set(KEY, 'before');
    assert.equal(await client.get(KEY), 'before');

    const slot = await cluster.slotOf(KEY);
    assert.equal(slot, await cluster.slotOf('oom'), 'the hash tag decides the slot');
    const master = await cluster.masterOf(slot);
    // Replication is asynchronous: make sure the replica has the write before the master dies.
    const direct = new Redis({ host: '127.0.0.1', port: master.port, lazyConnect: true });
    await direct.connect();
    assert.equal(await direct.wait(1, 5000), 1, 'the replica acknowledged the write');
    direct.disconnect();

    const killed = await cluster.killMasterOf(KEY);
    assert.equal(killed.id, master.id);
    const promoted = await cluster.waitForFailover(slot, killed);
    const replicaOfKilled = (await cluster.state()).find((n) => n.id === promoted.id);
    assert.notEqual(promoted.port, killed.port);
    assert.equal(replicaOfKilled?.role, 'master');

    // The same client, no restart: it finds the new master by itself.
    assert.equal(await eventually(() => client!.get(KEY)), 'before');
    await eventually(() => client!.set(KEY, 'after'));
    assert.equal(await client.get(KEY), 'after');
    const masterPorts = client.nodes('master').map((node) => node.options.port);
    assert.ok(masterPorts.includes(promoted.port), `the client talks to the promoted master ${promoted.port} (has ${masterPorts.join(', ')})`);
    assert.ok(!masterPorts.includes(killed.port), 'the client dropped the dead master');
  });

  it('a killed node restarted with its old config rejoins as a replica of the promoted master', async () => {
    const slot = await cluster.slotOf(KEY);
    const master = await cluster.masterOf(slot);
    const down = (await cluster.state()).find((n) => n.failing);
    assert.ok(down, 'the killed master is still marked failing');
    await cluster.restartNode(down.port);
    const rejoined = await eventually(async () => {
      const node = (await cluster.state()).find((n) => n.id === down.id);
      if (!node || node.failing || node.role !== 'replica') throw new Error(`not rejoined yet: ${JSON.stringify(node)}`);
      return node;
    });
    assert.equal(rejoined.masterId, master.id);
  });
});

/** Retries `attempt` every 200 ms for up to 15 s; the last error is the failure. */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
