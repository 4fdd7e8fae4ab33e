import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, parseDoris } from './doris-test-lines.js';

const combined = fixture('dmesg-T-kill-then-be-2.1.5.log');
const beInfo = combined.split('\n').slice(1).join('\n');
const killLine = combined.split('\n')[0]!;

test('dmesg -T kill + be.INFO: the last summary before the kill is used, not the later one of the restarted BE', () => {
  const r = parseDoris(combined);
  assert.ok(r !== null);
  assert.equal(r.killTime, '2024-07-18T15:03:59');
  assert.equal(r.summaryTime, '2024-07-18T15:03:41.123902');
  assert.equal(r.processResidentBytes, 60236863488);
  // The minor GC at 15:03:38 and the full GC at 15:03:41 are in the ten minutes before the kill;
  // the GC of the restarted BE at 15:20 is not.
  assert.deepEqual(r.gc, { minor: 1, full: 1, windowMinutes: 10 });
  assert.deepEqual(r.cancels, [{ time: '2024-07-18T15:03:41.132904', task: 'Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b', consumptionBytes: 40802189312, secondsBeforeKill: 17.867 }]);
});

test('the same when the kill line comes after the be.INFO, or only as a kill time from the kernel parser', () => {
  assert.equal(parseDoris(`${beInfo}\n${killLine}\n`)?.summaryTime, '2024-07-18T15:03:41.123902');
  const r = parseDoris(beInfo, { killTimes: ['2024-07-18T15:03:59'] });
  assert.equal(r?.summaryTime, '2024-07-18T15:03:41.123902');
  assert.equal(r?.killTime, '2024-07-18T15:03:59');
});

test('without a kill, the last summary in the file is used', () => {
  const r = parseDoris(beInfo);
  assert.equal(r?.killTime, null);
  assert.equal(r?.summaryTime, '2024-07-18T15:20:00.118402');
  assert.equal(r?.sumOfTrackersBytes, 26306674688);
});

test('--kill-time wins over the kernel kill times, and accepts a space instead of T', () => {
  const r = parseDoris(combined, { killTimeOverride: '2024-07-18 15:25:00', killTimes: ['2024-07-18T15:03:59'] });
  assert.equal(r?.killTime, '2024-07-18T15:25:00');
  assert.equal(r?.summaryTime, '2024-07-18T15:20:00.118402');
});

test('with several kills, the latest is used', () => {
  const r = parseDoris(beInfo, { killTimes: ['2024-07-18T15:03:59', '2024-07-18T15:21:00', '2024-07-18T09:00:00'] });
  assert.equal(r?.killTime, '2024-07-18T15:21:00');
  assert.equal(r?.summaryTime, '2024-07-18T15:20:00.118402');
});

test('a kill before every summary leaves the summary fields unknown rather than using a later one', () => {
  const r = parseDoris(beInfo, { killTimeOverride: '2024-07-18T15:00:00' });
  assert.ok(r !== null);
  assert.equal(r.summaryTime, null);
  assert.equal(r.sumOfTrackersBytes, null);
  assert.equal(r.processResidentBytes, null);
  assert.deepEqual(r.trackers, []);
});

test('glog times without a year (2.0) compare with a dated kill by month, day and time', () => {
  const text = fixture('be-2.0-no-year.INFO');
  assert.equal(parseDoris(text, { killTimes: ['2024-01-03T08:02:30'] })?.summaryTime, '--01-03T08:02:27.237412');
  assert.equal(parseDoris(text, { killTimes: ['2024-01-03T08:02:00'] })?.summaryTime, null);
});
