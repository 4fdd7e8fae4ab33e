/**
 * Audit of the Doris parser against /work/shared/reference/doris-memory-logs.md: the be.INFO lines
 * the other Doris tests do not already prove, built from the reference's literal format strings
 * (section cited in each test name).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { fixture, parseDoris } from '../doris-test-lines.js';

const STATUS =
  'os physical memory 60.00 GB. process memory used 54.75 GB(= 56.10 GB[vm/rss] - 1.35 GB[tc/jemalloc_cache] + 0[reserved] + 0B[waiting_refresh]), limit 54.00 GB, soft limit 48.60 GB. sys available memory 2.90 GB(= 2.90 GB[proc/available] - 0[reserved] - 0B[waiting_refresh]), low water mark 3.00 GB, warning water mark 6.00 GB.';
const SOFT_STATUS =
  'os physical memory 60.00 GB. process memory used 49.02 GB(= 50.00 GB[vm/rss] - 1.00 GB[tc/jemalloc_cache] + 0[reserved] + 0B[waiting_refresh]), limit 54.00 GB, soft limit 48.60 GB. sys available memory 8.62 GB(= 8.62 GB[proc/available] - 0[reserved] - 0B[waiting_refresh]), low water mark 3.00 GB, warning water mark 6.00 GB.';

test('§4b master "[MemoryGC] start MemoryReclamation::revoke_process_memory, {process_mem_log_str}, need free size: {}." counts as a GC, full or minor by daemon.cpp\'s own rule (§6)', () => {
  const lines: string[] = [];
  for (let i = 0; i < 4; i++) {
    lines.push(`I20240718 15:0${i}:38.412907 12345 memory_reclamation.cpp:50] [MemoryGC] start MemoryReclamation::revoke_process_memory, ${STATUS}, need free size: 1.00 GB.`);
  }
  lines.push(`I20240718 15:04:38.412907 12345 memory_reclamation.cpp:50] [MemoryGC] start MemoryReclamation::revoke_process_memory, ${SOFT_STATUS}, need free size: 512.00 MB.`);
  const r = parseDoris(lines.join('\n') + '\n' + fixture('be-2.1.5-summary-block.INFO').replace(/20240718 15:03:/g, '20240718 15:05:'));
  assert.ok(r !== null);
  // The summary block's own "start minor/full GC" lines add one of each.
  assert.deepEqual([r.gc.full, r.gc.minor], [4 + 1, 1 + 1]);
  assert.ok(r.findings.some((f) => f.id === 'frequent_gc'), JSON.stringify(r.findings.map((f) => f.id)));
});

test('summary sentence: a summary block without findings or ratio is not called missing', () => {
  const text = [
    'W20240801 10:00:00.000001 42 mem_tracker_limiter.cpp:389] ',
    'Process Memory Summary:',
    `    ${STATUS}`,
    'Memory Tracker Summary:',
    '    MemTrackerLimiter Label=query, Type=overview, Limit=-1.00 B(-1 B), Used=1.00 GB(1073741824 B), Peak=1.00 GB(1073741824 B)',
    'I20240801 10:00:00.000002 42 daemon.cpp:1] next',
  ].join('\n');
  const r = analyzeText(text);
  assert.ok(r.doris !== null && r.doris.trackers.length === 1 && r.doris.trackedRatio === null);
  assert.doesNotMatch(r.summary, /no memory summary block found/);
});
