/**
 * Apache Doris be.INFO lines for the bench, from the formats in shared/reference/doris-memory-logs.md
 * (glog prefix §0, status line §2, the 2.1.5+/3.0 summary block §3a, GC and cancel lines §8).
 */
import type { Random } from './seeded-random.js';

const GB = 1024 ** 3;

export function glogPrefix(sev: string, t: Date, tid: number, file: string): string {
  const d = t.toISOString();
  return `${sev}${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)} ${d.slice(11, 19)}.${d.slice(20, 23)}${String(t.getUTCMilliseconds() * 7 % 1000).padStart(3, '0')} ${String(tid).padStart(5)} ${file}] `;
}

const id = (rnd: Random): string => `${rnd.int(0, 2 ** 31).toString(16).padStart(8, '0')}${rnd.int(0, 2 ** 31).toString(16).padStart(8, '0')}-${rnd.int(0, 2 ** 31).toString(16).padStart(8, '0')}${rnd.int(0, 2 ** 31).toString(16).padStart(8, '0')}`;

/** An ordinary line of a busy BE (compaction, fragments, loads, txns, reports), made for time `t`. */
export function ordinaryDorisLine(rnd: Random, t: Date): string {
  const tid = rnd.int(1000, 60000);
  const r = rnd.next();
  if (r < 0.18) {
    return `${glogPrefix('I', t, tid, 'fragment_mgr.cpp:640')}exec plan fragment, query_id=${id(rnd)}, fragment_instance_id=${id(rnd)}, backend_num=${rnd.int(0, 40)}, is_pipeline=true`;
  }
  if (r < 0.3) {
    const q = id(rnd);
    return `${glogPrefix('I', t, tid, 'query_context.cpp:163')}Query ${q} deconstructed, , deregister query/load memory tracker, queryId=${q}, Limit=2.00 GB, CurrUsed=0, PeakUsed=${(rnd.next() * 900).toFixed(2)} MB`;
  }
  if (r < 0.45) {
    const rows = rnd.int(1000, 9000000);
    return `${glogPrefix('I', t, tid, 'compaction.cpp:412')}succeed to do cumulative compaction is_vertical=1. tablet=${rnd.int(10000, 99999)}.${rnd.int(100000000, 999999999)}.${id(rnd).slice(0, 32)}, output_version=[2-${rnd.int(100, 9999)}], current_max_version=${rnd.int(100, 9999)}, disk=/data/doris/be/storage, segments=1, input_row_num=${rows}, output_row_num=${rows}, filtered_row_num=0, merged_row_num=0. elapsed time=${rnd.next().toFixed(3)}s. cumulative_compaction_policy=size_based, compact_row_per_second=${rnd.int(10000, 9000000)}`;
  }
  if (r < 0.58) {
    return `${glogPrefix('I', t, tid, 'txn_manager.cpp:345')}commit txn successfully. tablet_id=${rnd.int(10000, 999999)}, txn_id=${rnd.int(1000000, 9999999)}, rowset_id=02000000000${rnd.int(10000, 99999)}d84${id(rnd).slice(0, 20)}`;
  }
  if (r < 0.7) {
    return `${glogPrefix('I', t, tid, 'load_channel_mgr.cpp:150')}open load channel, load_id=${id(rnd)}, timeout(s)=600, sender_ip=10.16.${rnd.int(0, 255)}.${rnd.int(1, 254)}, is_high_priority=0`;
  }
  if (r < 0.8) {
    return `${glogPrefix('I', t, tid, 'vtablet_writer.cpp:1037')}VNodeChannel[${rnd.int(10000, 99999)}-${rnd.int(10000, 99999)}], load_id=${id(rnd)}, txn_id=${rnd.int(1000000, 9999999)}, node=10.16.${rnd.int(0, 255)}.${rnd.int(1, 254)}:8060 mark closed, left pending batch size: 0`;
  }
  if (r < 0.88) {
    return `${glogPrefix('I', t, tid, 'olap_server.cpp:712')}cumulative compaction: tablet_id=${rnd.int(10000, 999999)}, compaction_score=${rnd.int(1, 80)}, permits=${rnd.int(1, 100000)}`;
  }
  if (r < 0.94) {
    return `${glogPrefix('I', t, tid, 'task_worker_pool.cpp:1588')}successfully report tablets info|host=10.16.${rnd.int(0, 255)}.${rnd.int(1, 254)}|port=9020|tablets_num=${rnd.int(1000, 30000)}`;
  }
  if (r < 0.97) {
    return `${glogPrefix('W', t, tid, 'tablet_manager.cpp:1023')}failed to find tablet ${rnd.int(10000, 999999)}, it may have been dropped, schema_hash=${rnd.int(100000000, 999999999)}`;
  }
  return `${glogPrefix('I', t, tid, 'storage_engine.cpp:1011')}start trash and snapshot sweep. is_clean=0`;
}

/** The periodic process-memory status line (printed when RSS moves by 256 MB). */
export function statusLine(rnd: Random, t: Date, usedGb: number): string {
  const rss = usedGb + rnd.next();
  return `${glogPrefix('I', t, 12345, 'daemon.cpp:214')}os physical memory 60.00 GB. process memory used ${usedGb.toFixed(2)} GB(= ${rss.toFixed(2)} GB[vm/rss] - ${(rss - usedGb).toFixed(2)} GB[tc/jemalloc_cache] + 0[reserved] + 0B[waiting_refresh]), limit 54.00 GB, soft limit 48.60 GB. sys available memory ${(58 - rss).toFixed(2)} GB(= ${(58 - rss).toFixed(2)} GB[proc/available] - 0[reserved] - 0B[waiting_refresh]), low water mark 3.00 GB, warning water mark 6.00 GB.`;
}

/** A minor or full GC burst: start line, the Process/Memory Tracker Summary block, end line. */
export function gcWithSummary(rnd: Random, t: Date, full: boolean, queries: number): string[] {
  const usedGb = full ? 54 + rnd.next() : 48.7 + rnd.next() * 5;
  const rss = usedGb + 1.35;
  const b = (gb: number): string => `${gb.toFixed(2)} GB(${Math.round(gb * GB)} B)`;
  const row = (label: string, type: string, used: number, peak: number | null): string =>
    `    MemTrackerLimiter Label=${label}, Type=${type}, Limit=-1.00 B(-1 B), Used=${b(used)}, Peak=${peak === null ? '-1.00 B(-1 B)' : b(peak)}`;
  const kind = full ? 'full' : 'minor';
  const reason = full
    ? `process memory used ${usedGb.toFixed(2)} GB exceed limit 54.00 GB or sys available memory 2.90 GB less than low water mark 3.00 GB.`
    : `process memory used ${usedGb.toFixed(2)} GB exceed soft limit 48.60 GB or sys available memory 8.62 GB less than warning water mark 6.00 GB..`;
  const queryGb = Array.from({ length: queries }, () => rnd.next() * 4);
  const querySum = queryGb.reduce((a, x) => a + x, 0);
  const lines = [
    `${glogPrefix('I', t, 12345, full ? 'daemon.cpp:281' : 'daemon.cpp:297')}[MemoryGC] start ${kind} GC, ${reason}`,
    `${glogPrefix('W', t, 12345, 'mem_tracker_limiter.cpp:389')}`,
    'Process Memory Summary:',
    `    os physical memory 60.00 GB. process memory used ${usedGb.toFixed(2)} GB(= ${rss.toFixed(2)} GB[vm/rss] - 1.35 GB[tc/jemalloc_cache] + 0[reserved] + 0B[waiting_refresh]), limit 54.00 GB, soft limit 48.60 GB. sys available memory 2.90 GB(= 2.90 GB[proc/available] - 0[reserved] - 0B[waiting_refresh]), low water mark 3.00 GB, warning water mark 6.00 GB.`,
    'Memory Tracker Summary:',
    row('other', 'overview', 0, 0),
    row('schema_change', 'overview', 0, 0),
    row('compaction', 'overview', 0.68, 1),
    row('load', 'overview', 2.5, 3),
    row('query', 'overview', querySum, querySum + 0.5),
    row('global', 'overview', 6.83, 7.5),
    row('tc/jemalloc_cache', 'overview', 1.35, null),
    row('tc/jemalloc_metadata', 'overview', 0.38, null),
    row('sum of all trackers', 'overview', querySum + 11.74, null),
    row('process resident memory', 'overview', rss, rss + 0.25),
    row('reserved_memory', 'overview', 0, null),
    row('process virtual memory', 'overview', 110, 110.25),
    row('Orphan', 'global', 0.09, 0.13),
    row('DetailsTrackerSet', 'global', 0, 0),
    `    MemTracker Label=SegmentCache[size], Parent Label=DetailsTrackerSet, Used=${b(1.5)}, Peak=${b(2)}`,
    row('DataPageCache[size](AllocByAllocator)', 'global', 6, 6),
    ...queryGb.map((gb) => `    MemTrackerLimiter Label=Query#Id=${id(rnd)}, Type=query, Limit=${b(2)}, Used=${b(gb)}, Peak=${b(gb + 0.3)}`),
    row('MemTableTrackerSet', 'load', 0, 0),
    `    MemTracker Label=AllMemTableMemory, Parent Label=DetailsTrackerSet, Used=${b(2)}, Peak=${b(2.5)}`,
    `${glogPrefix('I', t, 12345, 'memory_reclamation.cpp:84')}[MemoryGC] end ${kind} GC, free Memory ${(rnd.next() * 8).toFixed(2)} GB. cost(us): ${rnd.int(1000, 20000)}, details: :`,
    '  WorkloadGroup:',
    '  Cache type=DataPageCache:',
    `     - CostTime: ${(rnd.next() * 8).toFixed(3)}ms`,
    `     - FreedMemory: ${(rnd.next() * 500).toFixed(2)} MB`,
  ];
  if (full) {
    const q = id(rnd);
    lines.push(`${glogPrefix('I', t, 12345, 'fragment_mgr.cpp:1012')}Query ${q} is cancelled and removed. Reason: Process memory not enough, cancel top memory used query: <Query#Id=${q}> consumption ${(rnd.next() * 4).toFixed(2)} GB, backend 10.16.10.8, process memory used ${usedGb.toFixed(2)} GB exceed limit 54.00 GB or sys available memory 2.90 GB less than low water mark 3.00 GB. Execute again after enough memory, details see be.INFO.`);
  }
  return lines;
}
