/**
 * How far apart two line times are (seconds-apart.ts), as the dump machine uses it to close a
 * dump after a gap and to group memory.oom.group kills. Times are as the prefix stripper leaves them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecondsApart } from '../../../src/analysis/input/seconds-apart.js';

const secondsApart = createSecondsApart();

test('naive or offset ISO times (dmesg -T, journalctl short-iso) compare by their wall-clock part', () => {
  assert.equal(secondsApart('2024-07-18T15:03:59', '2024-07-18T15:05:00'), 61);
  assert.equal(secondsApart('2024-07-18T23:59:59.900+08:00', '2024-07-19T00:00:01'), 2);
  assert.equal(secondsApart('2024-12-31T23:59:59', '2025-01-01T00:00:00'), 1);
});

test('syslog times without a year compare within the year; seconds since boot compare as numbers', () => {
  assert.equal(secondsApart('Aug 11 03:48:24', 'Aug 11 03:49:25'), 61);
  assert.equal(secondsApart('Aug  1 00:00:00', 'Jul 31 23:59:00'), 60);
  assert.equal(secondsApart('4612204.758208', '4612264.758208'), 60);
  assert.equal(secondsApart('12', '13.5'), 1.5);
});

test('times of different kinds, or unreadable ones, are not compared', () => {
  for (const [a, b] of [
    ['2024-07-18T15:03:59', 'Aug 11 03:48:24'],
    ['4612204.758208', '2024-07-18T15:03:59'],
    ['Foo 11 03:48:24', 'Aug 11 03:48:24'],
    ['aug 11 03:48:24', 'Aug 11 03:48:24'],
    ['Aug 111 03:48:24', 'Aug 11 03:48:24'],
    ['1234567890123', '1'],
    ['12.', '13'],
    ['2024-07-18 15:03:59', '2024-07-18T15:03:59'],
  ] as const) {
    assert.equal(secondsApart(a, b), null, `${a} / ${b}`);
  }
  assert.equal(secondsApart(null, '12'), null);
});

test('answers do not depend on what was asked before (the last stamps read are remembered)', () => {
  const times = ['2024-07-18T15:03:59', '2024-07-18T15:04:09', 'Aug 11 03:48:24', '12.5', '2024-07-18T15:03:59', 'Aug 11 03:48:34'];
  const fresh = times.map((a) => times.map((b) => secondsApart(a, b)));
  for (let round = 0; round < 3; round++) {
    for (let i = times.length - 1; i >= 0; i--) for (let j = 0; j < times.length; j++) assert.equal(secondsApart(times[i]!, times[j]!), fresh[i]![j]);
  }
  assert.equal(fresh[0]![1], 10);
  assert.equal(fresh[2]![5], 10);
});
