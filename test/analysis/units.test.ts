import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatKb, formatLimitBytes, formatSeconds, formatShare } from '../../src/analysis/units.js';
import { shareBar } from '../../src/render/share-bar.js';

test('kernel kB read as binary units, with two decimals below 100', () => {
  assert.equal(formatKb(131380), '128 MiB');
  assert.equal(formatKb(204800), '200 MiB');
  assert.equal(formatKb(71820), '70.14 MiB');
  assert.equal(formatKb(296), '296 KiB');
  assert.equal(formatKb(0), '0 B');
});

test("the kernel's no-limit sentinel reads 'unlimited', an unknown number 'unknown' (never 0)", () => {
  assert.equal(formatKb(9007199254740988), 'unlimited');
  assert.equal(formatKb(null), 'unknown');
  assert.equal(formatBytes(null), 'unknown');
});

test('Doris bytes match how be.INFO prints them (1024-based, two decimals)', () => {
  assert.equal(formatBytes(58787651584), '54.75 GiB');
  assert.equal(formatBytes(1449551462), '1.35 GiB');
  assert.equal(formatBytes(-6560424), '-6.26 MiB');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatLimitBytes(-1), 'none');
});

test('shares: whole percent, one decimal below 1% so a small share is not read as zero', () => {
  assert.equal(formatShare(0.6466), '65%');
  assert.equal(formatShare(0.0016), '0.2%');
  assert.equal(formatShare(0.0003), '<0.1%');
  assert.equal(formatShare(0), '0%');
});

test('share bars are fixed-width and show something for any non-zero share', () => {
  assert.equal(shareBar(0.5, 10), '█████░░░░░');
  assert.equal(shareBar(0.001, 10), '█░░░░░░░░░');
  assert.equal(shareBar(0, 10), '░░░░░░░░░░');
  assert.equal(shareBar(3, 4), '████');
  assert.equal(shareBar(null, 4), '░░░░');
});

test('seconds', () => {
  assert.equal(formatSeconds(17.9), '18 s');
  assert.equal(formatSeconds(2.5), '2.5 s');
  assert.equal(formatSeconds(95), '95 s');
  assert.equal(formatSeconds(3600), '60 min');
});
