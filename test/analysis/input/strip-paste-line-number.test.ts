import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toInputLines } from '../../../src/analysis/input/to-input-lines.js';

const fixture = (name: string): string[] =>
  readFileSync(new URL(`../../fixtures/input/${name}`, import.meta.url), 'utf8').split('\n').filter((l) => l !== '');
const bodies = (lines: string[]): string[] => lines.flatMap((raw, i) => toInputLines(i + 1, raw).map((l) => l.body));

test('seed 001: an editor line number before a zh_CN dmesg -T stamp is stripped, the stamp is read', () => {
  const lines = fixture('seed-001-pasted-line-numbers.txt').flatMap((raw, i) => toInputLines(i + 1, raw));
  assert.deepEqual(
    lines.map((l) => [l.format, l.time]),
    Array.from({ length: 4 }, () => ['dmesg-T', '2021-09-11T12:24:42']),
  );
  assert.deepEqual(lines.map((l) => l.body), [
    'test invoked oom-killer: gfp_mask=0x62****(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), order=0, oom_score_adj=0',
    'test cpuset=/ mems_allowed=0',
    'CPU: 1 PID: 29748 Comm: test Kdump: loaded Not tainted 4.19.91-24.1.al7.x86_64 #1',
    'Hardware name: Alibaba Cloud Alibaba Cloud ECS, BIOS e62**** 04/01/2014',
  ]);
});

test('seed 003: right-aligned blog line numbers are stripped, the kernel numbers after them are kept', () => {
  assert.deepEqual(bodies(fixture('seed-003-right-aligned-line-numbers.txt')), [
    '...',
    'Out of memory: Kill process 9682 (mysqld) score 9 or sacrifice child',
    'Killed process 9682, UID 27, (mysqld) total-vm:47388kB, anon-rss:3744kB, file-rss:80kB',
    'httpd invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0',
    'httpd cpuset=/ mems_allowed=0',
    'Pid: 8911, comm: httpd Not tainted 2.6.32-279.1.1.el6.i686 #1',
    '...',
    '21556 total pagecache pages',
    '21049 pages in swap cache',
    'Swap cache stats: add 12819103, delete 12798054, find 3188096/4634617',
    'Free swap  = 0kB',
    'Total swap = 524280kB',
    '131071 pages RAM',
    '0 pages HighMem',
    '3673 pages reserved',
    '67960 pages shared',
    '124940 pages non-shared',
  ]);
});

test('kernel lines that start with a number keep it when no line number was pasted', () => {
  const kernel = ['131071 pages RAM', '21556 total pagecache pages', '0 pages HighMem', '3673 pages reserved', '1 pages in swap cache', '4 total pagecache pages', '2048 pages of RAM', '17 free pages'];
  assert.deepEqual(bodies(kernel), kernel);
});

test('cat -n and grep -n numbers are stripped; a grep -n colon only before a recognised prefix', () => {
  assert.deepEqual(bodies(['     1\tOut of memory: Killed process 1 (x)']), ['Out of memory: Killed process 1 (x)']);
  assert.deepEqual(toInputLines(1, '565:Aug 11 03:48:24 iZ23syelc0bZ kernel: Out of memory').map((l) => [l.format, l.host, l.body]), [
    ['syslog', 'iZ23syelc0bZ', 'Out of memory'],
  ]);
  assert.deepEqual(bodies(['12:24:42 is a time, not a line number']), ['12:24:42 is a time, not a line number']);
});

test('a pasted number before an indented kernel continuation line keeps the indentation', () => {
  assert.deepEqual(bodies(['570  active_file:3 inactive_file:4 isolated_file:0']), [' active_file:3 inactive_file:4 isolated_file:0']);
});
