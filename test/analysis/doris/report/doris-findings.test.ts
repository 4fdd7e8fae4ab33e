/**
 * Each finding appears when its evidence is in the log and not when it is absent. The variants are
 * the 2.1.5+ excerpt (be-2.1.5-summary-block.INFO) with one row or a few lines changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, parseDoris } from '../doris-test-lines.js';
import type { DorisReport } from '../../../../src/analysis/report/report-schema.js';

const base = fixture('be-2.1.5-summary-block.INFO');
const ids = (r: DorisReport | null): string[] => (r === null ? [] : r.findings.map((f) => f.id));
const finding = (r: DorisReport | null, id: string) => r?.findings.find((f) => f.id === id);

/** Replaces the tracker row whose label is `label` by one with the given raw used bytes. */
function withRow(text: string, label: string, usedBytes: number): string {
  return text
    .split('\n')
    .map((line) => (line.includes(`Label=${label},`) ? line.replace(/Used=[^,]*,/, `Used=X(${usedBytes} B),`) : line))
    .join('\n');
}

function gcLines(startMinute: number, count: number, kind: 'minor' | 'full'): string {
  return Array.from({ length: count }, (_, i) => {
    const m = startMinute + Math.floor(i / 2);
    const s = (i % 2) * 30;
    return `I20240718 14:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.000001 12345 daemon.cpp:297] [MemoryGC] start ${kind} GC, process memory used 49.02 GB exceed soft limit 48.60 GB or sys available memory 8.62 GB less than warning water mark 6.00 GB..`;
  }).join('\n');
}

test('the base excerpt has one finding: the dominant query', () => {
  assert.deepEqual(ids(parseDoris(base)), ['dominant_task']);
});

test('frequent_gc: a dozen GC starts in the ten minutes before the summary, not when they are older', () => {
  const recent = parseDoris(`${gcLines(55, 12, 'minor')}\n${base}`);
  const f = finding(recent, 'frequent_gc');
  assert.ok(f);
  assert.equal(f.detail, '14 memory GCs (1 full, 13 minor) started in the 10 minutes before the summary: the BE was under sustained memory pressure.');
  assert.deepEqual(f.evidence.map((e) => e.line), [1, 27]); // first GC in the window, the full GC just before the summary
  assert.ok(recent?.suggestions.some((s) => s.id === 'doris-gc-tuning'));

  const old = parseDoris(`${gcLines(20, 12, 'minor')}\n${base}`);
  assert.equal(finding(old, 'frequent_gc'), undefined);
  assert.deepEqual(old?.gc, { minor: 1, full: 1, windowMinutes: 10 });
  assert.ok(!old?.suggestions.some((s) => s.id === 'doris-gc-tuning'));
});

test('frequent_gc: three full GCs are enough', () => {
  assert.ok(finding(parseDoris(`${gcLines(58, 2, 'full')}\n${base}`), 'frequent_gc'));
  assert.equal(finding(parseDoris(`${gcLines(58, 1, 'full')}\n${base}`), 'frequent_gc'), undefined);
});

test('orphan_large: a 6 GB Orphan is found, the 92 MB one is not', () => {
  const r = parseDoris(withRow(base, 'Orphan', 6 * 1024 ** 3));
  const f = finding(r, 'orphan_large');
  assert.ok(f);
  assert.match(f.detail, /^The Orphan tracker holds 6 GiB \(11% of resident memory\)/);
  assert.match(f.evidence[0]!.text, /Label=Orphan, Type=global/);
  assert.ok(r?.suggestions.some((s) => s.id === 'doris-untracked-memory' && s.commands.map((c) => c.run).includes('curl http://BE:8040/mem_tracker?type=global')));
  assert.equal(finding(parseDoris(base), 'orphan_large'), undefined);
});

test('a negative Orphan counts by its size', () => {
  assert.ok(finding(parseDoris(withRow(base, 'Orphan', -6 * 1024 ** 3)), 'orphan_large'));
});

test('jemalloc_metadata_large: 4 GB of metadata is found (GC cannot free it) and retain:false is suggested', () => {
  const r = parseDoris(withRow(base, 'tc/jemalloc_metadata', 4 * 1024 ** 3));
  const f = finding(r, 'jemalloc_metadata_large');
  assert.ok(f);
  assert.equal(f.detail, 'jemalloc metadata is 4 GiB (7% of resident memory); memory GC cannot free it.');
  assert.match(r!.suggestions.find((s) => s.id === 'doris-jemalloc-metadata')!.commands.map((c) => c.run)[0]!, /retain:false/);
  assert.equal(finding(parseDoris(base), 'jemalloc_metadata_large'), undefined);
});

test('jemalloc_cache_large: 8 GB of cache is found, 1.35 GB is not', () => {
  const r = parseDoris(withRow(base, 'tc/jemalloc_cache', 8 * 1024 ** 3));
  assert.ok(finding(r, 'jemalloc_cache_large'));
  assert.ok(r?.suggestions.some((s) => s.id === 'doris-jemalloc-cache'));
  assert.equal(finding(parseDoris(base), 'jemalloc_cache_large'), undefined);
});

test('tracker_coverage_low: a sum of all trackers at 50% of resident memory', () => {
  const r = parseDoris(withRow(base, 'sum of all trackers', 30118431744));
  const f = finding(r, 'tracker_coverage_low');
  assert.ok(f);
  assert.match(f.detail, /28\.05 GiB of 56\.1 GiB resident memory \(50%, under 70%\): 28\.05 GiB is not tracked/);
  assert.doesNotMatch(f.detail, /Segment Cache/); // 2.1.5+: the Segment Cache is counted
  assert.deepEqual(f.evidence.map((e) => e.line), [28, 29]);
});

test('cache_large: a page cache holding 20 GB of the 50.94 GB tracked', () => {
  const r = parseDoris(withRow(base, 'DataPageCache[size](AllocByAllocator)', 20 * 1024 ** 3));
  const f = finding(r, 'cache_large');
  assert.ok(f);
  assert.equal(f.detail, 'The cache DataPageCache[size](AllocByAllocator) holds 20 GiB, 39% of the 50.94 GiB tracked.');
  assert.ok(r?.suggestions.some((s) => s.id === 'doris-cache-limit'));
  assert.equal(finding(parseDoris(base), 'cache_large'), undefined);
});

test('dominant_task: absent when no single query holds most of the tracked memory', () => {
  assert.equal(finding(parseDoris(withRow(base, 'Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b', 10 * 1024 ** 3)), 'dominant_task'), undefined);
  const r = parseDoris(base);
  const s = r?.suggestions.find((x) => x.id === 'doris-task-memory');
  assert.ok(s);
  assert.deepEqual(s.commands.map((c) => c.run), ['enable_query_memory_overcommit = false', 'thread_wait_gc_max_milliseconds = 500', 'grep 5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b be/log/be.INFO']);
});

test('query_cancel_stuck: the query ended 0.3 s after its cancel in the excerpt, so nothing is stuck', () => {
  assert.equal(finding(parseDoris(base), 'query_cancel_stuck'), undefined);
});

test('query_cancel_stuck: deregistered 40 s after the cancel', () => {
  const slow = base.replace('I20240718 15:03:41.402219 23817 query_context.cpp:163]', 'I20240718 15:04:21.402219 23817 query_context.cpp:163]');
  const f = finding(parseDoris(slow), 'query_cancel_stuck');
  assert.ok(f);
  assert.match(f.detail, /Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b took 40\.3 s from cancel to release/);
  assert.deepEqual(f.evidence.map((e) => e.line), [51, 68]);
});

test('query_cancel_stuck: cancelled a minute before and still holding memory in the summary before the kill', () => {
  const cancel =
    'I20240718 15:02:40.000001 12345 fragment_mgr.cpp:1012] Query 5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b is cancelled and removed. Reason: Process memory not enough, cancel top memory overcommit query: <Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b> consumption 30.00 GB, backend 10.16.10.8, process memory used 49.02 GB exceed soft limit 48.60 GB or sys available memory 8.62 GB less than warning water mark 6.00 GB.. Execute again after enough memory, details see be.INFO.';
  const noEnd = base.split('\n').filter((l) => !l.includes('deconstructed')).join('\n');
  const r = parseDoris(`${cancel}\n${noEnd}`, { killTimes: ['2024-07-18T15:03:59'] });
  const f = finding(r, 'query_cancel_stuck');
  assert.ok(f);
  assert.match(f.detail, /was cancelled 61\.1 s before the summary and still held 38 GiB/);
  assert.equal(r?.cancels[0]?.secondsBeforeKill, 79);
  assert.equal(r?.cancels[0]?.consumptionBytes, 30 * 1024 ** 3);
});

test('query_cancel_stuck: GC reports tasks "being canceled and has not been completed yet"', () => {
  const pending = base.replace('0 tasks is being canceled and has not been completed yet;\nI20240718 15:03:41.132904', '2 tasks is being canceled and has not been completed yet;\nI20240718 15:03:41.132904');
  const f = finding(parseDoris(pending), 'query_cancel_stuck');
  assert.ok(f);
  assert.match(f.detail, /GC reported 2 tasks "being canceled and has not been completed yet"/);
  assert.equal(f.evidence[0]!.line, 50);
});
