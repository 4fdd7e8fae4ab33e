/** Words for the report's ids, shared by the text and markdown renderers (cause titles live in analysis/cause-phrases.ts). */
import type { DorisFindingId, FactorId } from '../analysis/report/report-schema.js';

export const FACTOR_TITLES: Record<FactorId, string> = {
  swap_exhausted: 'swap was full',
  no_swap: 'no swap configured',
  hugepages_reserved: 'HugeTLB pages reserve a large share of RAM',
  slab_unreclaimable_high: 'unreclaimable slab above 10% of RAM',
  shmem_high: 'large shmem/tmpfs use',
  page_tables_high: 'large page tables',
  kmem_limit: 'cgroup kmem at its limit',
  memsw_limit: 'cgroup memory+swap at its limit',
  single_dominant_consumer: 'one task held most of the memory',
  victim_protected_others: 'other tasks were protected by oom_score_adj',
  high_order_request: 'high-order (contiguous) allocation',
  repeated_kills: 'repeated kills',
  header_rate_limited: 'kill line without its dump (the dump is not in the paste)',
};

export const DORIS_FINDING_TITLES: Record<DorisFindingId, string> = {
  frequent_gc: 'frequent memory GC (memory pressure)',
  tracker_coverage_low: 'memory trackers explain too little of the RSS',
  orphan_large: 'large Orphan tracker',
  jemalloc_metadata_large: 'large jemalloc metadata',
  jemalloc_cache_large: 'large jemalloc cache',
  query_cancel_stuck: 'query cancel stuck',
  dominant_task: 'one query/load dominates',
  cache_large: 'a cache holds much memory',
};
