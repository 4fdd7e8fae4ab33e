/**
 * be.conf and JEMALLOC_CONF changes, each only where a finding (or the kill itself) calls for it,
 * with numbers computed from the physical memory and limits in the log. Items and defaults:
 * seed 000 ("调小 mem_limit，调大 max_sys_mem_available_low_water_mark_bytes", and the other GC
 * parameters it lists) and reference/doris-memory-logs.md §5–§6.
 */
import type { DorisFinding } from '../report/report-schema.js';
import type { SuggestionDraft } from './suggestion-draft.js';
import type { DorisContext } from '../doris/report/doris-context.js';
import { formatBytes } from '../units.js';
import { FORMULA_NEW, FORMULA_OLD, lowWaterMark, matchFormula } from '../doris/report/water-mark.js';

const GiB = 1024 ** 3;
/** How far to lower mem_limit: ten points of physical memory (90% → 80%), never below 50%. */
const LOWER_BY = 10;
const MIN_PERCENT = 50;

const pct = (r: number): string => `${(r * 100).toFixed(0)}%`;

export function suggestDoris(ctx: DorisContext, findings: readonly DorisFinding[]): SuggestionDraft[] {
  const has = (id: DorisFinding['id']): boolean => findings.some((f) => f.id === id);
  const out: SuggestionDraft[] = [];
  const pressure = ctx.killTime !== null || has('frequent_gc');
  const P = ctx.physicalBytes;
  const L = ctx.limitBytes;

  if (pressure) out.push(...limitSuggestions(ctx, P, L));
  if (has('frequent_gc')) out.push(gcTuning(L));

  const task = findings.find((f) => f.id === 'dominant_task');
  if (task !== undefined || has('query_cancel_stuck')) {
    const label = ctx.trackers.find((t) => (t.type === 'query' || t.type === 'load') && t.label.includes('#Id='))?.label ?? null;
    const id = label === null ? '<queryId>' : label.slice(label.indexOf('#Id=') + 4);
    out.push({
      id: 'doris-task-memory',
      title: 'Stop one query or load from taking the whole BE',
      detail: [
        `enable_query_memory_overcommit = false: a query is cancelled as soon as it exceeds its exec_mem_limit, instead of growing until process-wide GC has to cancel it (default true).`,
        `thread_wait_gc_max_milliseconds = 500: a thread waiting for memory gives up after 0.5 s instead of 1 s (default 1000), so the query fails before the process runs out.`,
        `Find what the query did: grep its id in be.INFO (cancel and "deconstructed" times) and its Query Profile; cap it with \`set exec_mem_limit\`.`,
      ].join('\n'),
      commands: ['enable_query_memory_overcommit = false', 'thread_wait_gc_max_milliseconds = 500', `grep ${id} be/log/be.INFO`],
    });
  }
  if (has('query_cancel_stuck')) {
    out.push({
      id: 'doris-cancel-stuck',
      title: 'A cancelled query kept its memory',
      detail: 'Query Cancel could hang while memory was short before Doris 2.1.3; upgrade to 2.1.3 or later, and check the cancel and "deconstructed" times of the query in be.INFO.',
      commands: [],
    });
  }

  if (has('tracker_coverage_low') || has('orphan_large')) {
    const old = ctx.family === '2.0' || ctx.family === '2.1.0-2.1.4' || ctx.family === 'unknown';
    out.push({
      id: 'doris-untracked-memory',
      title: 'Find the memory the trackers miss',
      detail: [
        'Check metadata memory (tablets, rowsets, segments, schema) in the global trackers, the BE metrics and bvars.',
        ...(old ? ['Before 2.1.5 the Segment Cache is under-counted: compare doris_be_cache_usage{name="SegmentCache"} with the doris_column_reader_num bvar, and try disable_segment_cache = true.'] : []),
        'If it reproduces, take a jemalloc heap profile (Doris docs: "Heap Profile memory analysis") to see which call stacks hold it.',
      ].join('\n'),
      commands: ['curl http://BE:8040/mem_tracker?type=global', 'curl -s http://BE:8040/metrics | grep doris_be_cache_usage', 'curl -s http://BE:8060/vars | grep doris_column_reader_num'],
    });
  }
  if (has('jemalloc_cache_large')) {
    out.push({
      id: 'doris-jemalloc-cache',
      title: 'Shrink the jemalloc cache (JEMALLOC_CONF in be.conf)',
      detail: [
        `lg_tcache_max:15 caps thread-cached objects at 32 KiB (Doris 2.0 shipped lg_tcache_max:20, 1 MiB, which lets every thread keep large freed blocks).`,
        `dirty_decay_ms:2000 (or less) returns dirty pages to the OS sooner than the shipped 5000–15000 ms.`,
      ].join('\n'),
      commands: ['JEMALLOC_CONF="…,lg_tcache_max:15,dirty_decay_ms:2000,…"'],
    });
  }
  if (has('jemalloc_metadata_large')) {
    out.push({
      id: 'doris-jemalloc-metadata',
      title: 'Limit jemalloc metadata growth',
      detail: 'Memory GC cannot free jemalloc metadata. retain:false in JEMALLOC_CONF stops jemalloc keeping unused virtual memory (and its metadata), at a real CPU cost (about 3× slower on TPC-H in the Doris docs); otherwise restart the BE periodically.',
      commands: ['JEMALLOC_CONF="…,retain:false,…"'],
    });
  }
  if (has('cache_large')) {
    const base = L === null ? '' : ` (default 20% of mem_limit = ${formatBytes(L * 0.2)})`;
    out.push({
      id: 'doris-cache-limit',
      title: 'Give the caches less memory',
      detail: `Lower storage_page_cache_limit${base} for the page caches; for the Segment Cache, test with disable_segment_cache = true.`,
      commands: ['storage_page_cache_limit = 10%', 'curl http://BE:8040/mem_tracker?type=global'],
    });
  }
  return out;
}

function limitSuggestions(ctx: DorisContext, P: number | null, L: number | null): SuggestionDraft[] {
  if (P === null || P <= 0) {
    return [
      {
        id: 'doris-mem-limit',
        title: 'Lower mem_limit and raise the low water mark',
        detail: 'The log does not show the physical memory, so no values can be computed: lower mem_limit (default 90% of physical memory) and raise max_sys_mem_available_low_water_mark_bytes so GC starts earlier.',
        commands: ['grep -E "mem_limit|low_water_mark" be/conf/be.conf'],
      },
    ];
  }
  const current = L ?? P * 0.9;
  const currentPct = Math.round((current / P) * 100);
  const newPct = Math.max(MIN_PERCENT, Math.floor((currentPct - LOWER_BY) / 5) * 5);
  const newL = (P * newPct) / 100;
  const out: SuggestionDraft[] = [
    {
      id: 'doris-mem-limit',
      title: `Lower mem_limit to ${newPct}%`,
      detail:
        `Physical memory is ${formatBytes(P)} and the limit ${formatBytes(current)} (${currentPct}%${L === null ? ', the default' : ''}). ` +
        `mem_limit = ${newPct}% gives ${formatBytes(P)} × ${newPct / 100} = ${formatBytes(newL)}, soft limit ${formatBytes(newL)} × soft_mem_limit_frac 0.9 = ${formatBytes(newL * 0.9)}, ` +
        `and leaves ${formatBytes(P - newL)} for the OS, the page cache and memory Doris does not track.`,
      commands: [`mem_limit = ${newPct}%`],
    },
  ];

  const observed = ctx.status?.lowWaterMarkBytes ?? null;
  const preferOld = ctx.family === '2.0' || ctx.family === '2.1.0-2.1.4';
  const formula = (observed !== null ? matchFormula(P, current, observed, preferOld) : null) ?? (preferOld ? FORMULA_OLD : FORMULA_NEW);
  const low = observed ?? lowWaterMark(formula, P, current);
  const share = formula.share * 100;
  const now = `low water mark = min(P − mem_limit, P × ${share}%, cap) = min(${formatBytes(P - current)}, ${formatBytes(P * formula.share)}, ${formatBytes(formula.defaultCap)}) = ${formatBytes(lowWaterMark(formula, P, current))} (${formula.name} formula${observed !== null ? `; the log shows ${formatBytes(observed)}` : ''})`;
  const target = Math.min(P - newL, P * formula.share);
  if (target > low + 0.01 * GiB) {
    const bytes = Math.floor(target);
    out.push({
      id: 'doris-low-water-mark',
      title: `Raise max_sys_mem_available_low_water_mark_bytes to ${bytes}`,
      detail:
        `Now ${now}. With mem_limit = ${newPct}% and cap ${bytes} (= min(${formatBytes(P - newL)}, ${formatBytes(P * formula.share)})), ` +
        `the low water mark becomes ${formatBytes(target)} and the warning water mark 2 × ${formatBytes(target)} = ${formatBytes(2 * target)}: full GC starts while more memory is still available.`,
      commands: [`max_sys_mem_available_low_water_mark_bytes = ${bytes}`],
    });
  } else {
    const bytes = Math.floor(P * 0.1);
    out.push({
      id: 'doris-low-water-mark',
      title: `max_sys_mem_available_low_water_mark_bytes: only effective if your build uses it as is`,
      detail:
        `Now ${now}. On this host the P × ${share}% term already decides, so raising the cap alone does not change the low water mark; ` +
        `builds that take a set value as the low water mark itself (reference: mem_info.cpp, one revision) would get ${formatBytes(bytes)} (10% of physical memory) from the value below. Lowering mem_limit is the change that works on every version.`,
      commands: [`max_sys_mem_available_low_water_mark_bytes = ${bytes}`],
    });
  }
  return out;
}

function gcTuning(L: number | null): SuggestionDraft {
  const lim = (share: number): string => (L === null ? `${pct(share)} of mem_limit` : `${pct(share)} of mem_limit = ${formatBytes(L * share)}`);
  return {
    id: 'doris-gc-tuning',
    title: 'Let memory GC start earlier and free more',
    detail: [
      `soft_mem_limit_frac = 0.8: minor GC starts at ${lim(0.8)} instead of ${lim(0.9)} (default 0.9).`,
      `memory_gc_sleep_time_ms = 500: GC may run again 0.5 s after a full GC instead of 1 s (default 1000).`,
      `memory_maintenance_sleep_time_ms = 50: the memory state is refreshed every 50 ms instead of 100 ms, so GC reacts sooner to a spike.`,
      `process_minor_gc_size = 15% and process_full_gc_size = 25%: each GC frees up to ${lim(0.15)} / ${lim(0.25)} instead of ${lim(0.1)} / ${lim(0.2)} (defaults 10% / 20%).`,
    ].join('\n'),
    commands: ['soft_mem_limit_frac = 0.8', 'memory_gc_sleep_time_ms = 500', 'memory_maintenance_sleep_time_ms = 50', 'process_minor_gc_size = 15%', 'process_full_gc_size = 25%'],
  };
}
