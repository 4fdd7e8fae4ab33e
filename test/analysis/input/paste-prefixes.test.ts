/**
 * Prefixes of real pastes, each stripped so the parser sees the kernel's message: printk caller
 * ids, vendor console prefixes, a paste's indentation, and syslog lines that lost part of their
 * prefix. The examples are lines of the public fixtures in test/fixtures/public/kernel/ (sources
 * in SOURCES.md) and the printk formats of kernel/printk/printk.c.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toInputLines } from '../../../src/analysis/input/to-input-lines.js';

/** [format, time, host, body] of one physical line. */
const read = (raw: string) => toInputLines(1, raw).map((l) => [l.format, l.time, l.host, l.body]);

test('printk caller ids (CONFIG_PRINTK_CALLER): task ids with and without padding, CPU ids, dmesg\'s space before them', () => {
  assert.deepEqual(read('[  244.945440][ T3106] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null)'), [['dmesg', '244.945440', null, 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null)']]);
  assert.deepEqual(read('[  599.537757][T23028] Memory cgroup out of memory: Killed process 23028 (syz-executor.1)'), [
    ['dmesg', '599.537757', null, 'Memory cgroup out of memory: Killed process 23028 (syz-executor.1)'],
  ]);
  assert.deepEqual(read('[  123.456789][    C1] Mem-Info:'), [['dmesg', '123.456789', null, 'Mem-Info:']]);
  assert.deepEqual(read('[  123.456789] [  T7791] a.out invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0'), [
    ['dmesg', '123.456789', null, 'a.out invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0'],
  ]);
  // The task table's `[  pid  ]` after a stamp is no caller id.
  assert.deepEqual(read('[  237.792768] [ 4775]     0  4775'), [['dmesg', '237.792768', null, '[ 4775]     0  4775']]);
});

test('Android vendor console prefix: level, seconds with an s, [pid:N,cpuN,comm]', () => {
  assert.deepEqual(read('<4>[63651.040008s][pid:2912,cpu3,sh]sh invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=-1000'), [
    ['kmsg', '63651.040008', null, 'sh invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=-1000'],
  ]);
  assert.deepEqual(read('<4>[63651.040344s] active_anon:109426 inactive_anon:33 isolated_anon:0'), [['kmsg', '63651.040344', null, 'active_anon:109426 inactive_anon:33 isolated_anon:0']]);
});

test('a paste\'s indentation before a prefix is dropped; indented text without a prefix keeps its indentation', () => {
  assert.deepEqual(read('   [580237.375615] memory: usage 585936kB, limit 585936kB, failcnt 75129'), [['dmesg', '580237.375615', null, 'memory: usage 585936kB, limit 585936kB, failcnt 75129']]);
  assert.deepEqual(read('    Aug 11 03:48:24 node1 kernel: Killed process 1 (a) total-vm:1kB'), [['syslog', 'Aug 11 03:48:24', 'node1', 'Killed process 1 (a) total-vm:1kB']]);
  assert.deepEqual(read('  oom_kill_process+0x2a/0x40'), [['plain', null, null, '  oom_kill_process+0x2a/0x40']]);
});

test('syslog lines that lost part of their prefix: bare kernel:, HH:MM:SS [host] kernel:, host kernel:', () => {
  assert.deepEqual(read('kernel: [1799319.246506] Killed process 28536 (java) total-vm:1271568kB'), [['syslog', '1799319.246506', null, 'Killed process 28536 (java) total-vm:1271568kB']]);
  assert.deepEqual(read('15:11:36 kernel: SLUB: Unable to allocate memory on node -1 (gfp=0x50)'), [['syslog', '15:11:36', null, 'SLUB: Unable to allocate memory on node -1 (gfp=0x50)']]);
  assert.deepEqual(read('15:11:36 node7 kernel: Mem-Info:'), [['syslog', '15:11:36', 'node7', 'Mem-Info:']]);
  assert.deepEqual(read('HOST1 kernel: prometheus invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0'), [
    ['syslog', null, 'HOST1', 'prometheus invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0'],
  ]);
  // Another program's `word:` at the start is kernel text, not a prefix.
  assert.deepEqual(read('oom_reaper: reaped process 2142 (cleanupd), now anon-rss:0kB'), [['plain', null, null, 'oom_reaper: reaped process 2142 (cleanupd), now anon-rss:0kB']]);
});
