import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DorisReport } from '../../../../src/analysis/report/report-schema.js';
import { fixture, parseDoris, GiB, MiB } from '../doris-test-lines.js';

const ids = (r: DorisReport | null): string[] => (r === null ? [] : r.findings.map((f) => f.id));

test('2.1.5+ block: process memory, water marks, aggregates and trackers come from the raw (N B) values', () => {
  const r = parseDoris(fixture('be-2.1.5-summary-block.INFO'));
  assert.ok(r !== null);
  assert.equal(DorisReport.safeParse(r).success, true);
  assert.equal(r.summaryTime, '2024-07-18T15:03:41.123902');
  assert.equal(r.killTime, null);
  assert.equal(r.physicalBytes, 60 * GiB);
  assert.equal(r.processUsedBytes, Math.round(54.75 * GiB));
  assert.equal(r.limitBytes, 54 * GiB);
  assert.equal(r.softLimitBytes, Math.round(48.6 * GiB));
  assert.equal(r.sysAvailableBytes, Math.round(2.9 * GiB));
  assert.equal(r.lowWaterMarkBytes, 3 * GiB);
  assert.equal(r.warningWaterMarkBytes, 6 * GiB);
  assert.equal(r.processResidentBytes, 60236863488);
  assert.equal(r.sumOfTrackersBytes, 54692885298);
  assert.equal(r.trackedRatio, 0.908);
  assert.equal(r.orphanBytes, 96468992);
  assert.equal(r.jemallocCacheBytes, 1449551462);
  assert.equal(r.jemallocMetadataBytes, 402653184);
  // Largest first; the totals (sum, RSS, VM, reserved) are fields, not trackers.
  assert.deepEqual(r.trackers[0], { label: 'query', type: 'overview', parent: null, usedBytes: 42090679500, peakBytes: 42815455232, limitBytes: null });
  assert.deepEqual(
    r.trackers.find((t) => t.label.startsWith('Query#Id=5f1c')),
    { label: 'Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b', type: 'query', parent: null, usedBytes: 40802189312, peakBytes: 41204842496, limitBytes: 2147483648 },
  );
  assert.deepEqual(r.trackers.find((t) => t.label === 'SegmentCache[size]')?.parent, 'DetailsTrackerSet');
  assert.ok(!r.trackers.some((t) => t.label === 'sum of all trackers' || t.label === 'process resident memory'));
  for (let i = 1; i < r.trackers.length; i++) assert.ok((r.trackers[i - 1]!.usedBytes ?? 0) >= (r.trackers[i]!.usedBytes ?? 0));
  // One query holds 75% of the tracked memory; nothing else in the excerpt crosses a threshold.
  assert.deepEqual(ids(r), ['dominant_task']);
  assert.match(r.findings[0]!.detail, /Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b \(query\) uses 38 GiB, 75% of the 50\.94 GiB tracked, against its own limit of 2 GiB/);
  assert.equal(r.findings[0]!.evidence[0]!.line, 41);
  assert.deepEqual(r.gc, { minor: 1, full: 1, windowMinutes: 10 });
  assert.deepEqual(r.cancels, [{ time: '2024-07-18T15:03:41.132904', task: 'Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b', consumptionBytes: 38 * GiB, secondsBeforeKill: null }]);
});

test('2.1.0–2.1.4 type rows: `Type=tc/jemalloc cache` with a space, negative Orphan, and low coverage found', () => {
  const r = parseDoris(fixture('be-2.1.0-type-rows.INFO'));
  assert.ok(r !== null);
  assert.equal(r.summaryTime, '2024-04-19T10:21:33.456789');
  assert.equal(r.physicalBytes, Math.round(62.48 * GiB));
  assert.equal(r.lowWaterMarkBytes, Math.round(1.6 * GiB));
  assert.equal(r.jemallocCacheBytes, 3244398024);
  assert.equal(r.sumOfTrackersBytes, 3401701917);
  assert.equal(r.processResidentBytes, 45411020800);
  assert.equal(r.orphanBytes, -2939288);
  assert.equal(r.jemallocMetadataBytes, null);
  assert.deepEqual(r.trackers.find((t) => t.label === 'PageNoCache'), { label: 'PageNoCache', type: null, parent: 'Orphan', usedBytes: 0, peakBytes: 2097152, limitBytes: null });
  assert.deepEqual(ids(r), ['tracker_coverage_low']);
  const f = r.findings[0]!;
  assert.match(f.detail, /3\.17 GiB of 42\.29 GiB resident memory \(7%, under 70%\)/);
  assert.match(f.detail, /before 2\.1\.5, where the Segment Cache is under-counted/);
  assert.deepEqual(f.evidence.map((e) => e.line), [15, 16]);
});

test('2.0 without a year: `Type=process` is the sum of the type rows and the jemalloc cache, resident memory is the status line', () => {
  const r = parseDoris(fixture('be-2.0-no-year.INFO'));
  assert.ok(r !== null);
  assert.equal(r.summaryTime, '--01-03T08:02:27.237412');
  assert.equal(r.processResidentBytes, Math.round(72.75 * GiB));
  assert.equal(r.jemallocCacheBytes, 12 * GiB);
  assert.equal(r.sumOfTrackersBytes, 60 * GiB);
  assert.equal(r.trackedRatio, 0.8247);
  assert.deepEqual(ids(r), ['jemalloc_cache_large']);
  assert.match(r.findings[0]!.detail, /12 GiB \(16% of resident memory\).*Doris 2\.0’s default lg_tcache_max:20/);
  const jemalloc = r.suggestions.find((s) => s.id === 'doris-jemalloc-cache');
  assert.ok(jemalloc);
  assert.match(jemalloc.commands.map((c) => c.run)[0]!, /lg_tcache_max:15,dirty_decay_ms:2000/);
});

test('1.2.2 capitalised status (`OS physical memory`, `Process memory usage`, `Sys available memory 0`) and a negative `Type=process` total', () => {
  // Lines from apache/doris#18509 (Doris 1.2.2): Type=process = load + global + jemalloc cache.
  const r = parseDoris(
    [
      'W0408 16:55:42.616163 728822 mem_tracker_limiter.cpp:226] process full gc',
      'Process Memory Summary:',
      '    OS physical memory 15.64 GB. Process memory usage 14.84 GB, limit 12.51 GB, soft limit 11.26 GB. Sys available memory 0, low water mark 1.56 GB, warning water mark 3.13 GB. Refresh interval memory growth 0 B',
      'Memory Tracker Summary:',
      '    Type=load, Used=17.38 GB(18656366923 B), Peak=18.13 GB(19471640468 B)',
      '    Type=global, Used=-47.41 GB(-50906733492 B), Peak=182.96 MB(191846687 B)',
      '    Type=tc/jemalloc_cache, Used=1.99 GB(2140411248 B), Peak=-1.00 B(-1 B)',
      '    Type=process, Used=-28.04 GB(-30109955321 B), Peak=-1.00 B(-1 B)',
    ].join('\n'),
  );
  assert.ok(r !== null);
  assert.equal(r.physicalBytes, Math.round(15.64 * GiB));
  assert.equal(r.processUsedBytes, Math.round(14.84 * GiB));
  assert.equal(r.limitBytes, Math.round(12.51 * GiB));
  assert.equal(r.softLimitBytes, Math.round(11.26 * GiB));
  assert.equal(r.sysAvailableBytes, 0);
  assert.equal(r.lowWaterMarkBytes, Math.round(1.56 * GiB));
  assert.equal(r.warningWaterMarkBytes, Math.round(3.13 * GiB));
  // `Process memory usage` is VmRSS in this shape; `Type=process` is the trackers' total, not RSS.
  assert.equal(r.processResidentBytes, Math.round(14.84 * GiB));
  assert.equal(r.sumOfTrackersBytes, -30109955321);
  assert.equal(r.trackedRatio, null, 'a negative total is not a share of resident memory');
  const coverage = r.findings.find((f) => f.id === 'tracker_coverage_low');
  assert.ok(coverage);
  assert.match(coverage.detail, /add up to -28\.04 GiB, a negative total against 14\.84 GiB resident memory/);
  assert.doesNotMatch(coverage.detail, /%/);
});

test('3.x "Memory Profile": the status on the glog line and RuntimeProfile counters read as the same fields', () => {
  const r = parseDoris(fixture('be-3.x-memory-profile.INFO'));
  assert.ok(r !== null);
  assert.equal(r.summaryTime, '2024-11-20T11:42:05.334455');
  assert.equal(r.physicalBytes, Math.round(15.42 * GiB));
  assert.equal(r.lowWaterMarkBytes, Math.round(789.5 * MiB));
  assert.equal(r.processResidentBytes, Math.round(5.85 * GiB));
  assert.equal(r.sumOfTrackersBytes, Math.round(2.24 * GiB));
  assert.equal(r.jemallocCacheBytes, Math.round(441.07 * MiB));
  assert.equal(r.jemallocMetadataBytes, Math.round(8.85 * MiB));
  assert.equal(r.orphanBytes, 12 * MiB);
  assert.deepEqual(r.trackers.find((t) => t.type === 'query'), {
    label: 'Query#Id=ab12cd34ef56ab78-90cd12ef34ab56cd',
    type: 'query',
    parent: null,
    usedBytes: Math.round(1.05 * GiB),
    peakBytes: Math.round(1.8 * GiB),
    limitBytes: 2 * GiB,
  });
  assert.deepEqual(r.trackers.find((t) => t.label === 'Query'), { label: 'Query', type: 'overview', parent: null, usedBytes: Math.round(1.1 * GiB), peakBytes: Math.round(1.9 * GiB), limitBytes: null });
  assert.deepEqual(ids(r), ['tracker_coverage_low']);
});

test('single-tracker block (exec_mem_limit exceeded) is read, and a process summary is preferred to it', () => {
  const alone = parseDoris(fixture('be-2.1.x-single-tracker.INFO'));
  assert.ok(alone !== null);
  assert.equal(alone.summaryTime, '2024-06-05T15:25:15.677153');
  assert.equal(alone.limitBytes, Math.round(3.01 * GiB));
  assert.deepEqual(alone.trackers.map((t) => [t.label, t.usedBytes]), [
    ['Query#Id=4d3c2b1a09f8e7d6-c5b4a3928170f6e5', 76147834],
    ['VHASH_JOIN_NODE (id=4)', 62914560],
  ]);
  assert.equal(alone.sumOfTrackersBytes, null);
  assert.equal(alone.trackedRatio, null);

  const both = parseDoris(fixture('be-2.1.5-summary-block.INFO') + fixture('be-2.1.x-single-tracker.INFO'));
  assert.equal(both?.summaryTime, '2024-07-18T15:03:41.123902');
});

test('the workload-group "Process Memory Summary:" look-alike is not a summary', () => {
  assert.equal(parseDoris(fixture('be-3.x-workload-group-lookalike.INFO')), null);
  const r = parseDoris(fixture('be-2.1.5-summary-block.INFO') + fixture('be-3.x-workload-group-lookalike.INFO'));
  assert.equal(r?.summaryTime, '2024-07-18T15:03:41.123902');
  assert.equal(r?.sumOfTrackersBytes, 54692885298);
});

test('alternative label spellings: sum_of_all_trackers, VmRSS(process resident memory), [ASAN]', () => {
  const text = [
    'W20240801 10:00:00.000001 42 mem_tracker_limiter.cpp:389] ',
    'Process Memory Summary:',
    '    os physical memory 16.00 GB. process memory used 8.00 GB(= 8.50 GB[vm/rss] - 512.00 MB[tc/jemalloc_cache] + 0[reserved] + 0B[waiting_refresh]), limit 14.40 GB, soft limit 12.96 GB. sys available memory 7.00 GB(= 7.00 GB[proc/available] - 0[reserved] - 0B[waiting_refresh]), low water mark 819.20 MB, warning water mark 1.60 GB.',
    'Memory Tracker Summary:',
    '    MemTrackerLimiter Label=sum_of_all_trackers, Type=overview, Limit=-1.00 B(-1 B), Used=7.00 GB(7516192768 B), Peak=-1.00 B(-1 B)',
    '    MemTrackerLimiter Label=[ASAN]VmRSS(process resident memory), Type=overview, Limit=-1.00 B(-1 B), Used=8.50 GB(9126805504 B), Peak=9.00 GB(9663676416 B)',
    'I20240801 10:00:00.000002 42 daemon.cpp:1] next',
  ].join('\n');
  const r = parseDoris(text);
  assert.equal(r?.sumOfTrackersBytes, 7516192768);
  assert.equal(r?.processResidentBytes, 9126805504);
  assert.equal(r?.trackedRatio, 0.8235);
});

test('a summary block without its glog line still counts, with an unknown time', () => {
  const text = fixture('be-2.1.5-summary-block.INFO').split('\n').slice(16, 46).join('\n');
  assert.ok(text.startsWith('Process Memory Summary:'));
  const r = parseDoris(text);
  assert.equal(r?.summaryTime, null);
  assert.equal(r?.sumOfTrackersBytes, 54692885298);
});

test('input with no Doris lines gives no Doris report', () => {
  assert.equal(parseDoris('hello\nworld\n[Thu Jul 18 15:03:59 2024] Out of memory: Killed process 1 (mysqld)\n'), null);
});
