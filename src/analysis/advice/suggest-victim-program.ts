/**
 * Per-program memory settings when the victim (or the task that dominated the dump) is a known
 * server, with numbers computed from the memory it competed for (the cgroup limit of a memcg OOM,
 * else RAM) and its resident size in the log. comm is at most 15 characters (TASK_COMM_LEN 16),
 * hence the truncated names.
 */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { memoryBudget } from './suggestion-context.js';
import { formatKb, floorGiB1, kbToBytes } from '../units.js';
import { victimRssKb } from '../kernel/verdict/victim-facts.js';
import { hostMeminfo } from './host-meminfo.js';

interface Program {
  names: RegExp;
  build(p: ProgramInput): SuggestionDraft;
}

interface ProgramInput {
  comm: string;
  pid: number;
  rssKb: number | null;
  budget: { kb: number; what: string } | null;
}

import { DORIS_BE_COMM } from '../doris/doris-be-comm.js';
/** Shows the be.conf settings the Doris advice changes, as they are now. */
export const DORIS_CONF_GREP = "grep -E '^(mem_limit|max_sys_mem_available_low_water_mark_bytes|soft_mem_limit_frac)' be/conf/be.conf";

const mib = (kb: number): number => Math.floor(kb / 1024);
/** "mysqld (pid 1234) held 3.2 GiB when killed", the opening of every program's advice. */
export const heldWhenKilled = (comm: string, pid: number, rssKb: number | null): string =>
  rssKb !== null ? `${comm} (pid ${pid}) held ${formatKb(rssKb)} when killed` : `${comm} (pid ${pid}) was killed`;
const held = (p: ProgramInput): string => heldWhenKilled(p.comm, p.pid, p.rssKb);
const share = (p: ProgramInput, f: number): number | null => (p.budget !== null ? p.budget.kb * f : null);
const of = (p: ProgramInput, f: number): string => (p.budget !== null ? `${Math.round(f * 100)}% of ${p.budget.what}` : `${Math.round(f * 100)}% of the machine's or container's memory (the log shows neither)`);
/**
 * Without a size in the log, the commands compute the setting on the host itself, so what a user
 * pastes is complete: MemTotal (kB) in POSIX sh arithmetic, integer steps in the same order as
 * the log-sized numbers (mib(kb × 0.6) is MemTotal × 6 / 10 / 1024), so both give the same value.
 */
const MEM_TOTAL_KB = hostMeminfo('MemTotal');
const ofHost = (p: ProgramInput, f: number): string => (p.budget !== null ? of(p, f) : `${Math.round(f * 100)}% of the host's RAM, computed from MemTotal`);

const PROGRAMS: Program[] = [
  {
    names: /^(mysqld|mariadbd)$/,
    build: (p) => {
      // 60%: the buffer pool plus per-connection buffers (sort/join/read buffers × max_connections) and the OS must fit.
      const kb = share(p, 0.6);
      const size = kb !== null ? `${mib(kb)}M` : '%sM';
      const sizeArg = kb !== null ? '' : ` $(( ${MEM_TOTAL_KB} * 6 / 10 / 1024 ))`;
      // SET GLOBAL takes bytes; rounded down to the default 128 MiB chunk (innodb_buffer_pool_chunk_size).
      const poolBytes = kb !== null ? String(kbToBytes(Math.floor(kb / 131072) * 131072)) : `$(( ${MEM_TOTAL_KB} * 6 / 10 / 131072 * 134217728 ))`;
      return {
        id: 'mysql-buffer-pool',
        title: `Size MySQL's innodb_buffer_pool_size${kb !== null ? ` to about ${formatKb(kb)}` : ''}`,
        detail: `${held(p)}. Set innodb_buffer_pool_size to about ${ofHost(p, 0.6)}, leaving room for per-connection buffers (sort_buffer_size, join_buffer_size × max_connections) and the OS. It is resizable online (5.7.5+).`,
        commands: [
          'mysql -e "SELECT @@innodb_buffer_pool_size/1048576 AS pool_mib, @@max_connections, @@sort_buffer_size, @@join_buffer_size"',
          `mysql -e "SET GLOBAL innodb_buffer_pool_size = ${poolBytes}"`,
          `printf '[mysqld]\\ninnodb_buffer_pool_size = ${size}\\n'${sizeArg} | sudo tee /etc/my.cnf.d/buffer-pool.cnf`,
        ],
      };
    },
  },
  {
    names: /^mongod$/,
    build: (p) => {
      // The default cache is 50% of (RAM − 1 GiB), min 256 MB; 40% leaves room for connections, aggregation and the OS.
      const gb = p.budget !== null ? Math.max(0.25, floorGiB1(Math.max(0, p.budget.kb - 1024 * 1024) * 0.4)) : null;
      return {
        id: 'mongod-wiredtiger-cache',
        title: `Lower mongod's WiredTiger cache${gb !== null ? ` to ${gb} GiB` : ''}`,
        detail: `${held(p)}. WiredTiger's cache defaults to 50% of (RAM − 1 GiB) and does not know about other processes or cgroup limits on old versions. Set storage.wiredTiger.engineConfig.cacheSizeGB to ${gb !== null ? `${gb} (40% of ${p.budget!.what} minus 1 GiB)` : 'about 40% of (memory − 1 GiB)'}.`,
        commands: [
          `mongosh --quiet --eval 'db.serverStatus().wiredTiger.cache["maximum bytes configured"]'`,
          ...(gb !== null ? [`mongosh --quiet --eval 'db.adminCommand({setParameter: 1, wiredTigerEngineRuntimeConfig: "cache_size=${Math.round(gb * 1024)}M"})'`] : []),
          `sudo grep -n -A3 wiredTiger /etc/mongod.conf`,
        ],
      };
    },
  },
  {
    names: /^(elasticsearch|opensearch)/,
    build: (p) => {
      // Elastic's rule: heap at most 50% of memory (the rest is file cache) and below ~31 GB (compressed oops).
      const kb = share(p, 0.5);
      const g = kb !== null ? Math.max(1, Math.min(31, Math.floor(kb / 1024 / 1024))) : null;
      const heapOptions = `/etc/${p.comm.startsWith('open') ? 'opensearch' : 'elasticsearch'}/jvm.options.d/heap.options`;
      return {
        id: 'search-heap',
        title: `Set the ${p.comm} heap${g !== null ? ` to ${g} GiB` : ''}`,
        detail: `${held(p)}. Keep the JVM heap at most 50% of ${p.budget?.what ?? 'memory'} and below 31 GiB; the rest is the file cache it relies on.${g === null ? " The command sets it to 50% of the host's RAM, computed from MemTotal, at most 31 GiB and at least 1 GiB." : ''}`,
        commands: [
          g !== null
            ? `printf -- '-Xms${g}g\\n-Xmx${g}g\\n' | sudo tee ${heapOptions}`
            : `g=$(( ${MEM_TOTAL_KB} / 2097152 )); g=$(( g > 31 ? 31 : g < 1 ? 1 : g )); printf -- '-Xms%sg\\n-Xmx%sg\\n' "$g" "$g" | sudo tee ${heapOptions}`,
        ],
      };
    },
  },
  {
    names: /^java$/,
    build: (p) => {
      // The heap is not all of a JVM: metaspace, thread stacks, direct buffers and GC structures need the other ~40%.
      const kb = share(p, 0.6);
      return {
        id: 'java-heap',
        title: `Cap the Java heap${kb !== null ? ` at ${mib(kb)} MiB` : ''}`,
        detail: `${held(p)}. The kernel killed it, so heap plus native memory exceeded ${p.budget?.what ?? 'the memory available'}. Set -Xmx${kb !== null ? `${mib(kb)}m` : ''} (${of(p, 0.6)}) or, in a container, -XX:MaxRAMPercentage=60, and measure native memory with Native Memory Tracking.`,
        commands: [
          `jcmd $(pgrep -o -x java) VM.flags | tr ' ' '\\n' | grep -E 'MaxHeapSize|MaxRAMPercentage'`,
          `jcmd $(pgrep -o -x java) VM.native_memory summary`,
          `export JAVA_TOOL_OPTIONS="${kb !== null ? `-Xmx${mib(kb)}m` : '-XX:MaxRAMPercentage=60'} -XX:NativeMemoryTracking=summary"`,
        ],
      };
    },
  },
  {
    names: /^(postgres|postmaster)$/,
    build: (p) => {
      const kb = share(p, 0.25);
      return {
        id: 'postgres-memory',
        title: `Check PostgreSQL shared_buffers${kb !== null ? ` (about ${mib(kb)} MiB)` : ''} and work_mem`,
        detail: `${held(p)}. shared_buffers is usually 25% of memory (${kb !== null ? `${mib(kb)} MiB here` : 'size it from the host'}); work_mem is per sort/hash node per query, so work_mem × max_connections × a few can exceed RAM. PostgreSQL's docs also recommend vm.overcommit_memory=2 and shielding the postmaster (OOMScoreAdjust=-1000 with PG_OOM_ADJUST_VALUE=0 for backends).`,
        commands: [
          `psql -c 'SHOW shared_buffers' -c 'SHOW work_mem' -c 'SHOW max_connections' -c 'SHOW maintenance_work_mem'`,
          ...(kb !== null ? [`psql -c "ALTER SYSTEM SET shared_buffers = '${mib(kb)}MB'"`] : []),
          `psql -c "ALTER SYSTEM SET work_mem = '16MB'" -c 'SELECT pg_reload_conf()'`,
        ],
      };
    },
  },
  {
    names: /^redis-server$/,
    build: (p) => {
      // 50%: a BGSAVE/AOF rewrite forks, and copy-on-write can double the resident size in the worst case.
      const kb = share(p, 0.5);
      return {
        id: 'redis-maxmemory',
        title: `Set Redis maxmemory${kb !== null ? ` to ${mib(kb)} MiB` : ''}`,
        detail: `${held(p)}. Without maxmemory Redis grows until the kernel kills it. Set maxmemory to ${ofHost(p, 0.5)} (a fork for persistence can copy-on-write up to the dataset size again) and choose an eviction policy.`,
        commands: [
          'redis-cli CONFIG GET maxmemory',
          `redis-cli CONFIG SET maxmemory ${kb !== null ? mib(kb) : `$(( ${MEM_TOTAL_KB} / 2048 ))`}mb`,
          'redis-cli CONFIG SET maxmemory-policy allkeys-lru',
          'redis-cli CONFIG REWRITE',
        ],
      };
    },
  },
  {
    names: /^(node|nodejs)$/,
    build: (p) => {
      const kb = share(p, 0.6);
      return {
        id: 'node-max-old-space',
        title: `Cap the Node.js heap${kb !== null ? ` at ${mib(kb)} MiB` : ''}`,
        detail: `${held(p)}. V8's default old-space limit ignores cgroup limits on older Node versions. Set --max-old-space-size to ${ofHost(p, 0.6)} so the process fails with a JavaScript heap error (and a stack) instead of a SIGKILL.`,
        commands: [`node -e 'console.log(v8.getHeapStatistics().heap_size_limit/1048576)'`, `export NODE_OPTIONS="--max-old-space-size=${kb !== null ? mib(kb) : `$(( ${MEM_TOTAL_KB} * 6 / 10 / 1024 ))`}"`],
      };
    },
  },
  {
    names: DORIS_BE_COMM,
    build: (p) => {
      // Seed 000: lower mem_limit, raise the low water mark. 80% instead of the default 90%; the
      // low water mark to 10% of memory (2.1.5+ uses min(5%, 6.4 GB)) so full GC starts earlier.
      const ram = p.budget?.kb ?? null;
      const lowBytes = ram !== null ? kbToBytes(ram * 0.1) : null;
      // Without a size in the log, the printf computes 10% of RAM on the BE host itself (MemTotal is in kB).
      const low =
        ram === null || lowBytes === null
          ? " to 10% of the BE host's RAM in bytes (the log does not show the RAM: on the host it is MemTotal from /proc/meminfo, in kB, × 1024 / 10, which the printf below computes)"
          : `=${lowBytes} (10% of ${formatKb(ram)})`;
      return {
        id: 'doris-mem-limit',
        title: 'Lower Doris BE mem_limit and raise its low water mark',
        detail: `${held(p)}. In be.conf set mem_limit=80% (default 90%${ram !== null ? `; 80% of ${formatKb(ram)} is ${formatKb(ram * 0.8)}` : ''}) and max_sys_mem_available_low_water_mark_bytes${low}, so memory GC and query cancellation start before the kernel steps in. Then read the last "Memory Tracker Summary" in be.INFO before the kill time.`,
        commands: [
          DORIS_CONF_GREP,
          lowBytes !== null
            ? `printf 'mem_limit = 80%%\\nmax_sys_mem_available_low_water_mark_bytes = ${lowBytes}\\n' >> be/conf/be.conf`
            : `printf 'mem_limit = 80%%\\nmax_sys_mem_available_low_water_mark_bytes = %s\\n' $(( ${MEM_TOTAL_KB} * 1024 / 10 )) >> be/conf/be.conf`,
          "grep -n 'Memory Tracker Summary' be/log/be.INFO | tail -3",
        ],
      };
    },
  },
  {
    names: /^clickhouse/,
    build: (p) => {
      const kb = share(p, 0.8);
      return {
        id: 'clickhouse-server-memory',
        title: `Lower ClickHouse max_server_memory_usage${kb !== null ? ` to ${formatKb(kb)}` : ''}`,
        detail: `${held(p)}. ClickHouse stops queries at max_server_memory_usage (default 90% of RAM via max_server_memory_usage_to_ram_ratio=0.9), which left too little for the rest of the machine or the cgroup. ${kb !== null ? `Set it to ${of(p, 0.8)}.` : "Set max_server_memory_usage_to_ram_ratio to 0.8 (80% of the host's RAM, which ClickHouse computes itself)."}`,
        commands: [
          `clickhouse-client -q "SELECT name, value FROM system.server_settings WHERE name LIKE 'max_server_memory_usage%'"`,
          // Without a size in the log, the ratio lets the server apply 80% to the RAM it sees (the cgroup's in recent versions).
          kb !== null
            ? `printf '<clickhouse>\\n  <max_server_memory_usage>${kbToBytes(kb)}</max_server_memory_usage>\\n</clickhouse>\\n' | sudo tee /etc/clickhouse-server/config.d/memory.xml`
            : `printf '<clickhouse>\\n  <max_server_memory_usage_to_ram_ratio>0.8</max_server_memory_usage_to_ram_ratio>\\n</clickhouse>\\n' | sudo tee /etc/clickhouse-server/config.d/memory.xml`,
        ],
      };
    },
  },
];

/**
 * A program holding less than this share of the memory it competed for (or, with no size in the
 * log, less than SMALL_PROGRAM_KB) did not cause the shortage: sizing its caches from the machine
 * (a 3.7 MiB mysqld told to take 60% of RAM) would be advice about the wrong process.
 */
export const MIN_PROGRAM_SHARE = 0.1;
export const SMALL_PROGRAM_KB = 64 * 1024;

export function isSmallForBudget(rssKb: number | null, budget: { kb: number } | null): boolean {
  if (rssKb === null) return false;
  return budget !== null ? rssKb < budget.kb * MIN_PROGRAM_SHARE : rssKb < SMALL_PROGRAM_KB;
}

export function suggestVictimProgram(ctx: SuggestionContext): SuggestionDraft[] {
  const budget = memoryBudget(ctx);
  const seen = new Set<string>();
  const out: SuggestionDraft[] = [];
  const consider = (comm: string, pid: number, rssKb: number | null): void => {
    const program = PROGRAMS.find((pr) => pr.names.test(comm));
    if (program === undefined) return;
    if (isSmallForBudget(rssKb, budget)) return;
    const s = program.build({ comm, pid, rssKb, budget });
    if (seen.has(s.id)) return;
    seen.add(s.id);
    out.push(s);
  };
  if (ctx.victim !== null) consider(ctx.victim.comm, ctx.victim.pid, victimRssKb(ctx.victim));
  const top = ctx.topTasks[0];
  if (top !== undefined && ctx.factors.includes('single_dominant_consumer')) consider(top.comm, top.pid, top.rssKb);
  return out;
}

export function isKnownProgram(comm: string): boolean {
  return PROGRAMS.some((p) => p.names.test(comm));
}
