import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCandidateStore, RECENT, OLDER, RESTARTS, PINS } from '../../../src/analysis/doris/parse/candidate-store.js';
import { createDorisParser } from '../../../src/analysis/doris/parse/parse-be-info.js';
import { createLineDriver } from '../../../src/analysis/stream/line-driver.js';
import { toLines } from './doris-test-lines.js';

const at = (i: number): string => {
  const s = i % 60;
  const m = Math.floor(i / 60) % 60;
  const h = Math.floor(i / 3600);
  const day = 1 + Math.floor(h / 24);
  return `2024-07-${String(day).padStart(2, '0')}T${String(h % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
};

test('the candidate store stays bounded over 200 000 summaries and still covers the whole file', () => {
  const store = createCandidateStore<{ time: string; line: number }>();
  const n = 200_000;
  for (let i = 0; i < n; i++) store.add({ time: at(i), line: i + 1 });
  assert.ok(store.size <= RECENT + OLDER + RESTARTS + PINS);
  assert.equal(store.lastBefore(null)?.line, n);
  assert.equal(store.lastBefore(at(n - 3))?.line, n - 2); // recent ones are exact
  // Older ones: the pick is at or before the time asked, and the gap grows with the age only.
  for (const i of [1000, 50_000, 150_000, 190_000]) {
    const picked = store.lastBefore(at(i))!;
    assert.ok(picked.line <= i + 1);
    assert.ok(i + 1 - picked.line <= (n - i) / 2, `gap at ${i}: ${i + 1 - picked.line}`);
  }
});

test('a kill announced while reading keeps the exact summary before it, however many follow', () => {
  const store = createCandidateStore<{ time: string; line: number }>();
  store.pin(at(5000) + '.5');
  for (let i = 0; i < 100_000; i++) store.add({ time: at(i), line: i + 1 });
  assert.equal(store.lastBefore(at(5000) + '.5')?.line, 5001);
});

function block(i: number): string {
  const t = at(i).replace(/-/g, '').replace('T', ' ').slice(0, 17);
  return [
    `I${t}.000001 12345 daemon.cpp:281] [MemoryGC] start full GC, process memory used 54.75 GB exceed limit 54.00 GB or sys available memory 2.90 GB less than low water mark 3.00 GB.`,
    `W${t}.000002 12345 mem_tracker_limiter.cpp:389] `,
    'Process Memory Summary:',
    '    os physical memory 60.00 GB. process memory used 54.75 GB(= 56.10 GB[vm/rss] - 1.35 GB[tc/jemalloc_cache] + 0[reserved] + 0B[waiting_refresh]), limit 54.00 GB, soft limit 48.60 GB. sys available memory 2.90 GB(= 2.90 GB[proc/available] - 0[reserved] - 0B[waiting_refresh]), low water mark 3.00 GB, warning water mark 6.00 GB.',
    'Memory Tracker Summary:',
    `    MemTrackerLimiter Label=sum of all trackers, Type=overview, Limit=-1.00 B(-1 B), Used=1.00 GB(${i} B), Peak=-1.00 B(-1 B)`,
    '    MemTrackerLimiter Label=process resident memory, Type=overview, Limit=-1.00 B(-1 B), Used=56.10 GB(60236863488 B), Peak=56.35 GB(60505298944 B)',
    `I${t}.500000 12345 fragment_mgr.cpp:1] unrelated line`,
  ].join('\n');
}

test('through the streaming driver: 20 000 summary blocks, the one before the kill line is picked exactly', () => {
  const parser = createDorisParser();
  const driver = createLineDriver([parser]);
  const n = 20_000;
  const kill = 12_345;
  for (let i = 0; i < n; i++) {
    driver.feed(block(i * 10) + '\n');
    if (i === kill) {
      // The kill line, as the input layer will mark it; fed straight to the parser here.
      for (const line of toLines(`[Tue Jul ${at(i * 10 + 5).slice(8, 10)} ${at(i * 10 + 5).slice(11)} 2024] Out of memory: Killed process 1 (doris_be) total-vm:1kB`, driver.lines + 1)) parser.push(line);
    }
  }
  driver.endSource();
  const r = parser.finish({ killTimes: [], killTimeOverride: null })?.report ?? null;
  assert.ok(r !== null);
  assert.equal(r.sumOfTrackersBytes, kill * 10);
  assert.equal(r.summaryTime, `${at(kill * 10)}.000002`);
  assert.equal(r.trackedRatio, Math.round(((kill * 10) / 60236863488) * 10000) / 10000);
  // Ten minutes of one full GC every 10 s before the kill: 60 (the one at the kill time's second included).
  assert.deepEqual(r.gc, { minor: 0, full: 60, windowMinutes: 10 });
  assert.ok(r.findings.some((f) => f.id === 'frequent_gc'));
});
