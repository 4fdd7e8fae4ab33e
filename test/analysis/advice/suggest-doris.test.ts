import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, parseDoris, GiB } from '../doris/doris-test-lines.js';
import { FORMULA_NEW, FORMULA_OLD, lowWaterMark } from '../../../src/analysis/doris/report/water-mark.js';

test('water-mark formulas reproduce the marks printed by real logs', () => {
  // 2.1.5 (apache/doris#50929): 43.95 GB, mem_limit 39.55 GB → low 2.20 GB, warning 4.39 GB.
  assert.equal((lowWaterMark(FORMULA_NEW, 43.95 * GiB, 39.55 * GiB) / GiB).toFixed(2), '2.20');
  // 2.1.1 (apache/doris#34168): 62.48 GB, 56.23 GB → the 1.6 GB cap.
  assert.equal((lowWaterMark(FORMULA_OLD, 62.48 * GiB, 56.23 * GiB) / GiB).toFixed(2), '1.60');
});

test('after a kill: mem_limit ten points lower, with the arithmetic from the physical memory in the log', () => {
  const r = parseDoris(fixture('dmesg-T-kill-then-be-2.1.5.log'));
  const s = r?.suggestions.find((x) => x.id === 'doris-mem-limit');
  assert.ok(s);
  assert.equal(s.title, 'Lower mem_limit to 80%');
  assert.equal(
    s.detail,
    'Physical memory is 60 GiB and the limit 54 GiB (90%). mem_limit = 80% gives 60 GiB × 0.8 = 48 GiB, soft limit 48 GiB × soft_mem_limit_frac 0.9 = 43.2 GiB, and leaves 12 GiB for the OS, the page cache and memory Doris does not track.',
  );
  assert.deepEqual(s.commands.map((c) => c.run), ['mem_limit = 80%']);
});

test('2.1.5+: the low water mark is min(P − L, P × 5%, 6.4 GB) and the cap does not decide it on a 60 GB host', () => {
  const r = parseDoris(fixture('dmesg-T-kill-then-be-2.1.5.log'));
  const s = r?.suggestions.find((x) => x.id === 'doris-low-water-mark');
  assert.ok(s);
  assert.match(s.detail, /^Now low water mark = min\(P − mem_limit, P × 5%, cap\) = min\(6 GiB, 3 GiB, 6\.4 GiB\) = 3 GiB \(2\.1\.5\+ formula; the log shows 3 GiB\)\./);
  assert.match(s.detail, /raising the cap alone does not change the low water mark/);
  assert.deepEqual(s.commands.map((c) => c.run), ['max_sys_mem_available_low_water_mark_bytes = 6442450944']);
});

test('up to 2.1.4: the 1.6 GB cap decides, so raising it to min(P − new limit, P × 10%) lifts the low water mark', () => {
  const r = parseDoris(fixture('be-2.1.0-type-rows.INFO'), { killTimeOverride: '2024-04-19T10:22:00' });
  const s = r?.suggestions.find((x) => x.id === 'doris-low-water-mark');
  assert.ok(s);
  const P = Math.round(62.48 * GiB);
  const expected = Math.floor(Math.min(P - P * 0.8, P * 0.1));
  assert.equal(s.title, `Raise max_sys_mem_available_low_water_mark_bytes to ${expected}`);
  assert.match(s.detail, /min\(6\.25 GiB, 6\.25 GiB, 1\.6 GiB\) = 1\.6 GiB \(up to 2\.1\.4 formula/);
  assert.match(s.detail, /the low water mark becomes 6\.25 GiB and the warning water mark 2 × 6\.25 GiB = 12\.5 GiB/);
});

test('no kill and no memory pressure: no mem_limit or water-mark change is suggested', () => {
  const r = parseDoris(fixture('be-2.1.0-type-rows.INFO'));
  assert.deepEqual(r?.suggestions.map((s) => s.id), ['doris-untracked-memory']);
  assert.match(r!.suggestions[0]!.detail, /Before 2\.1\.5 the Segment Cache is under-counted/);
});

test('without the physical memory in the log, the limit advice has no invented numbers', () => {
  const rows = fixture('be-2.1.0-type-rows.INFO').split('\n').filter((l) => !l.includes('os physical memory')).join('\n');
  const r = parseDoris(rows, { killTimeOverride: '2024-04-19T10:22:00' });
  const s = r?.suggestions.find((x) => x.id === 'doris-mem-limit');
  assert.ok(s);
  assert.match(s.detail, /does not show the physical memory, so no values can be computed/);
  assert.equal(r?.physicalBytes, null);
});
