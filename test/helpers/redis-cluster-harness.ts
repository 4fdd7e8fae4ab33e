/**
 * A real Redis Cluster for tests: six `redis-server` processes (3 masters, 3 replicas) in cluster
 * mode on free loopback ports, each in its own folder of one temp dir, joined by
 * `redis-cli --cluster create … --cluster-replicas 1`. Same binary as redis-harness.ts; fails
 * loudly — never skips — when redis-server or redis-cli is missing (DESIGN §4).
 *
 * Failover is made quick for tests: cluster-node-timeout 1 s, and replicas always stand for
 * election (cluster-replica-validity-factor 0), so a killed master is replaced in a few seconds.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './redis-harness.js';

const run = promisify(execFile);

/** A node as started: where it listens. Its role can change (a replica is promoted on failover). */
export interface ClusterNodeAddress {
  host: '127.0.0.1';
  port: number;
  /** Cluster bus port (set explicitly: port + 10000 may be taken or out of range). */
  busPort: number;
  url: string;
}

/** A node as the cluster sees it now (one line of CLUSTER NODES). */
export interface ClusterNodeState {
  id: string;
  port: number;
  role: 'master' | 'replica';
  /** For a replica: its master's id. */
  masterId: string | null;
  /** Flagged `fail` or `fail?` (unreachable) by the node that was asked. */
  failing: boolean;
  /** Slot ranges served, as [first, last] inclusive (masters only). */
  slots: Array<[number, number]>;
}

export interface TestRedisCluster {
  /** All six nodes, in start order. */
  nodes: ClusterNodeAddress[];
  /** For `new Cluster(startupNodes)`: every node, so a client can start whichever is down. */
  startupNodes: Array<{ host: string; port: number }>;
  /** The hash slot of a key (CLUSTER KEYSLOT): `{oom}:anything` hashes like `oom`. */
  slotOf(key: string): Promise<number>;
  /** The cluster's current view of every node, asked of a live node. */
  state(): Promise<ClusterNodeState[]>;
  /** The live master serving a slot now. */
  masterOf(slot: number): Promise<ClusterNodeState>;
  /**
   * Kills the master serving the slot of `key` with SIGKILL (a machine failure: no goodbye to the
   * cluster) and returns it as it was before the kill.
   */
  killMasterOf(key: string): Promise<ClusterNodeState>;
  /**
   * Waits until a node other than `killed` serves `slot` as a healthy master and every live node
   * says cluster_state:ok; returns the new master.
   */
  waitForFailover(slot: number, killed: ClusterNodeState, timeoutMs?: number): Promise<ClusterNodeState>;
  /** Starts a killed node again with its old config: it rejoins (as a replica after a failover). */
  restartNode(port: number): Promise<void>;
  /** Kills every node and removes the temp dir. */
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Milliseconds a node may be unreachable before it counts as failing. Default 1000. */
  nodeTimeoutMs?: number;
  /** How long start-up may take (create + every node ok). Default 20000. */
  startTimeoutMs?: number;
}

const MASTERS = 3;
const NODES = MASTERS * 2;

export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<TestRedisCluster> {
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1000;
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  await requireBinary('redis-server');
  await requireBinary('redis-cli');

  const dir = await mkdtemp(join(tmpdir(), 'oom-triage-redis-cluster-'));
  const ports = await distinctFreePorts(NODES * 2);
  const nodes: ClusterNodeAddress[] = [];
  for (let i = 0; i < NODES; i++) {
    const port = ports[i * 2]!;
    nodes.push({ host: '127.0.0.1', port, busPort: ports[i * 2 + 1]!, url: `redis://127.0.0.1:${port}` });
  }
  const children = new Map<number, ChildProcess>();
  const argsFor = (node: ClusterNodeAddress) => {
    const nodeDir = join(dir, String(node.port));
    return [
      '--port', String(node.port),
      '--cluster-port', String(node.busPort),
      '--bind', '127.0.0.1',
      '--protected-mode', 'no',
      '--cluster-enabled', 'yes',
      '--cluster-config-file', join(nodeDir, 'nodes.conf'),
      '--cluster-node-timeout', String(nodeTimeoutMs),
      '--cluster-replica-validity-factor', '0',
      '--dir', nodeDir,
      '--save', '',
      '--appendonly', 'no',
      '--loglevel', 'notice',
      '--logfile', join(nodeDir, 'redis.log'),
    ];
  };
  const startNode = async (node: ClusterNodeAddress) => {
    await mkdir(join(dir, String(node.port)), { recursive: true });
    const child = spawn('redis-server', argsFor(node), { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    children.set(node.port, child);
    await waitUntil(`redis-server on port ${node.port} answers PING`, 5000, async () => (await commandOnNode(node.port, 'PING')) === 'PONG');
  };
  const killNode = async (port: number, signal: NodeJS.Signals) => {
    const child = children.get(port);
    children.delete(port);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  const liveNodes = () => nodes.filter((n) => children.has(n.port));
  const state = async (): Promise<ClusterNodeState[]> => {
    let last: unknown;
    for (const node of liveNodes()) {
      try {
        return parseClusterNodes(String(await commandOnNode(node.port, 'CLUSTER', 'NODES')));
      } catch (err) {
        last = err;
      }
    }
    throw new Error(`no live cluster node answered CLUSTER NODES: ${messageOf(last)}`);
  };
  const masterOf = async (slot: number) => {
    const master = (await state()).find((n) => n.role === 'master' && !n.failing && n.slots.some(([a, b]) => slot >= a && slot <= b));
    if (!master) throw new Error(`no healthy master serves slot ${slot}`);
    return master;
  };
  const allOk = async () => {
    for (const node of liveNodes()) {
      const info = parseInfo(String(await commandOnNode(node.port, 'CLUSTER', 'INFO')));
      if (info['cluster_state'] !== 'ok') return false;
    }
    return true;
  };
  const stop = async () => {
    await Promise.all([...children.keys()].map((port) => killNode(port, 'SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (const node of nodes) await startNode(node);
    try {
      await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'], {
        timeout: startTimeoutMs,
      });
    } catch (err) {
      const output = err && typeof err === 'object' && 'stdout' in err ? `${String(err.stdout)}${String((err as { stderr?: unknown }).stderr ?? '')}` : '';
      throw new Error(`redis-cli --cluster create failed: ${messageOf(err)}\n${output}`);
    }
    await waitUntil('every node says cluster_state:ok, knows all six nodes and every replica is in sync', startTimeoutMs, async () => {
      if (!(await allOk())) return false;
      for (const node of nodes) {
        const info = parseInfo(String(await commandOnNode(node.port, 'CLUSTER', 'INFO')));
        if (info['cluster_known_nodes'] !== String(NODES)) return false;
        const replication = parseInfo(String(await commandOnNode(node.port, 'INFO', 'replication')));
        if (replication['role'] === 'slave' && replication['master_link_status'] !== 'up') return false;
      }
      const view = await state();
      return view.filter((n) => n.role === 'master' && n.slots.length > 0).length === MASTERS && view.filter((n) => n.role === 'replica').length === MASTERS;
    });
  } catch (err) {
    const logs = await tailLogs(dir, nodes);
    await stop();
    throw new Error(`Redis Cluster did not start: ${messageOf(err)}\n${logs}`);
  }

  return {
    nodes,
    startupNodes: nodes.map((n) => ({ host: n.host, port: n.port })),
    async slotOf(key) {
      return Number(await commandOnNode(liveNodes()[0]!.port, 'CLUSTER', 'KEYSLOT', key));
    },
    state,
    masterOf,
    async killMasterOf(key) {
      const slot = Number(await commandOnNode(liveNodes()[0]!.port, 'CLUSTER', 'KEYSLOT', key));
      const master = await masterOf(slot);
      await killNode(master.port, 'SIGKILL');
      return master;
    },
    async waitForFailover(slot, killed, timeoutMs = 15_000) {
      try {
        return await waitFor(`a replica of ${killed.port} takes over slot ${slot} and the cluster is ok again`, timeoutMs, async () => {
          const master = await masterOf(slot).catch(() => null);
          if (!master || master.id === killed.id) return null;
          return (await allOk()) ? master : null;
        });
      } catch (err) {
        throw new Error(`${messageOf(err)}\n${await tailLogs(dir, nodes)}`);
      }
    },
    async restartNode(port) {
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error(`no cluster node on port ${port}`);
      if (children.has(port)) throw new Error(`cluster node on port ${port} is still running`);
      await startNode(node);
    },
    stop,
  };
}

/** One command to one node on a short-lived connection that never retries (a dead node fails at once). */
export async function commandOnNode(port: number, ...args: [string, ...string[]]): Promise<unknown> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(...args);
  } finally {
    client.disconnect();
  }
}

/** Parses CLUSTER NODES: `<id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot>…`. */
export function parseClusterNodes(text: string): ClusterNodeState[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [id = '', address = '', flagText = '', master = '-', , , , , ...slotFields] = line.split(' ');
      const flags = flagText.split(',');
      const port = Number(address.split('@')[0]?.split(':').pop());
      const slots: Array<[number, number]> = [];
      for (const field of slotFields) {
        if (field.startsWith('[')) continue; // a slot being migrated or imported
        const [first, last = first] = field.split('-');
        slots.push([Number(first), Number(last)]);
      }
      return {
        id,
        port,
        role: flags.includes('master') ? ('master' as const) : ('replica' as const),
        masterId: master === '-' ? null : master,
        failing: flags.includes('fail') || flags.includes('fail?'),
        slots,
      };
    });
}

function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  await waitFor(what, timeoutMs, async () => ((await check()) ? true : null));
}

/** Polls `probe` every 100 ms until it gives a value (errors count as "not yet"). */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null) return value;
      last = null;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${last ? ` (last error: ${messageOf(last)})` : ''}`);
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function requireBinary(name: string): Promise<void> {
  try {
    await run(name, ['--version']);
  } catch (err) {
    throw new Error(`The Redis Cluster tests need ${name} on the PATH (Debian package redis-server): ${messageOf(err)}`);
  }
}

async function tailLogs(dir: string, nodes: ClusterNodeAddress[]): Promise<string> {
  const parts: string[] = [];
  for (const node of nodes) {
    const text = await readFile(join(dir, String(node.port), 'redis.log'), 'utf8').catch(() => '');
    parts.push(`--- redis.log of ${node.port} (last lines) ---\n${text.split('\n').slice(-8).join('\n')}`);
  }
  return parts.join('\n');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
