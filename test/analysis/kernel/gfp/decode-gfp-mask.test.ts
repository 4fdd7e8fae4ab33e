/**
 * A bare hex gfp_mask decodes into the flag names of the log's kernel era.
 *
 * The bit values are the kernel's own, per era (quoted from the source files gfp-eras.ts cites):
 * - 3.10, include/linux/gfp.h lines 13–38 (AndreiLux/ref-3.10 @147ee332):
 *   `#define ___GFP_HIGHMEM 0x02u`, `___GFP_MOVABLE 0x08u`, `___GFP_WAIT 0x10u`, `___GFP_IO 0x40u`,
 *   `___GFP_FS 0x80u`, `___GFP_COLD 0x100u`, `___GFP_REPEAT 0x400u`, `___GFP_ZERO 0x8000u`,
 *   `___GFP_HARDWALL 0x20000u`, `___GFP_NOTRACK 0x200000u`;
 *   `#define GFP_KERNEL (__GFP_WAIT | __GFP_IO | __GFP_FS)`,
 *   `#define GFP_HIGHUSER_MOVABLE (__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HARDWALL | __GFP_HIGHMEM | __GFP_MOVABLE)`.
 * - 4.19, include/linux/gfp.h lines 19–46 (0x88888888/Linux-4.19 @d7e460ed):
 *   `___GFP_ZERO 0x8000u`, `___GFP_HARDWALL 0x20000u`, `___GFP_ATOMIC 0x80000u`, `___GFP_ACCOUNT 0x100000u`,
 *   `___GFP_DIRECT_RECLAIM 0x200000u`, `___GFP_KSWAPD_RECLAIM 0x400000u`;
 *   `#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)` (= 0x6000c0).
 * - 5.10, include/linux/gfp.h lines 19–46 (06I90/Notes-of-Kernel-5.10.228 @c026e141):
 *   `___GFP_ZERO 0x100u`, `___GFP_ATOMIC 0x200u`, `___GFP_DIRECT_RECLAIM 0x400u`, `___GFP_KSWAPD_RECLAIM 0x800u`,
 *   `___GFP_COMP 0x40000u`, `___GFP_HARDWALL 0x100000u`, `___GFP_ACCOUNT 0x400000u` (GFP_KERNEL = 0xcc0).
 * - 6.x, include/linux/gfp_types.h lines 25–59 (torvalds/linux @16f5dfbc): as 5.10 but
 *   `/* 0x200u unused *\/` (__GFP_ATOMIC gone, so `#define GFP_ATOMIC (__GFP_HIGH|__GFP_KSWAPD_RECLAIM)`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeGfpMask, gfpEraFor } from '../../../../src/analysis/kernel/gfp/decode-gfp-mask.js';
import { analyzeText } from '../../../../src/analysis/analyze.js';

const sorted = (a: string[]): string[] => [...a].sort();

test('3.10 era: __GFP_WAIT-based masks (RHEL 7, Ubuntu 3.x)', () => {
  assert.deepEqual(decodeGfpMask('0xd0', '3.13.0-43-generic'), ['GFP_KERNEL']);
  assert.deepEqual(sorted(decodeGfpMask('0x201da', '3.10.0-514.6.1.el7.x86_64')), sorted(['GFP_HIGHUSER_MOVABLE', '__GFP_COLD']));
  assert.deepEqual(sorted(decodeGfpMask('0x280da', '3.13.0-27-generic')), sorted(['GFP_HIGHUSER_MOVABLE', '__GFP_ZERO']));
  assert.deepEqual(sorted(decodeGfpMask('0x84d0', '3.2.0-67-generic')), sorted(['GFP_KERNEL', '__GFP_REPEAT', '__GFP_ZERO']));
  assert.deepEqual(decodeGfpMask('0x20', '3.10.0'), ['GFP_ATOMIC']);
});

test('4.19 era: __GFP_DIRECT_RECLAIM at 0x200000 (4.15–4.19)', () => {
  assert.deepEqual(decodeGfpMask('0x6000c0', '4.19.0-6-amd64'), ['GFP_KERNEL']);
  assert.deepEqual(sorted(decodeGfpMask('0x6280ca', '4.18.0-477.13.1.el8_8.x86_64')), sorted(['GFP_HIGHUSER_MOVABLE', '__GFP_ZERO']));
  assert.deepEqual(decodeGfpMask('0x7000c0', '4.19.0'), ['GFP_KERNEL_ACCOUNT']);
  assert.deepEqual(decodeGfpMask('0x480020', '4.19.0'), ['GFP_ATOMIC']);
});

test('5.10 era: bits packed low (GFP_KERNEL = 0xcc0)', () => {
  assert.deepEqual(decodeGfpMask('0xcc0', '5.15.0-91-generic'), ['GFP_KERNEL']);
  assert.deepEqual(sorted(decodeGfpMask('0x500cc2', '5.8.2-0.g71b519a-default')), sorted(['GFP_HIGHUSER', '__GFP_ACCOUNT']));
  assert.deepEqual(sorted(decodeGfpMask('0x140dca', '6.1.1-arch1-1')), sorted(['GFP_HIGHUSER_MOVABLE', '__GFP_COMP', '__GFP_ZERO']));
  assert.deepEqual(decodeGfpMask('0xa20', '5.10.0'), ['GFP_ATOMIC']);
});

test('6.x era: __GFP_ATOMIC is gone, 0x200 has no name', () => {
  assert.deepEqual(sorted(decodeGfpMask('0x440dc0', '6.11.0-10669-g11a299a7933e-dirty')), sorted(['GFP_KERNEL_ACCOUNT', '__GFP_COMP', '__GFP_ZERO']));
  assert.deepEqual(decodeGfpMask('0x820', '6.6.14'), ['GFP_ATOMIC']);
  assert.deepEqual(decodeGfpMask('0xa20', '6.6.14'), ['GFP_ATOMIC', '0x200']);
});

test('the same mask means different things in different eras', () => {
  assert.deepEqual(decodeGfpMask('0x8000', '3.10.0'), ['__GFP_ZERO']);
  assert.deepEqual(decodeGfpMask('0x8000', '5.10.0'), ['__GFP_NOFAIL']);
  assert.notDeepEqual(decodeGfpMask('0x100', '3.10.0'), decodeGfpMask('0x100', '5.10.0'));
});

test('no guessing: an unknown era, a missing version or a malformed mask decodes to nothing', () => {
  assert.equal(gfpEraFor('2.6.32-573.el6.x86_64'), null);
  assert.equal(gfpEraFor('4.8.0-gentoo'), null);
  assert.equal(gfpEraFor('5.2.1'), null);
  assert.deepEqual(decodeGfpMask('0xd0', null), []);
  assert.deepEqual(decodeGfpMask('0xd0', '2.6.32'), []);
  assert.deepEqual(decodeGfpMask('d0', '3.10.0'), []);
  assert.deepEqual(decodeGfpMask('0x0', '3.10.0'), []);
});

/** Where the kernel printed both the hex mask and its names, our decode of the hex agrees with the kernel. */
test('agrees with the names the kernel printed itself (public fixtures, 4.18 → 6.11)', () => {
  const dir = fileURLToPath(new URL('../../../fixtures/public/kernel/', import.meta.url));
  const cases = [
    'rocky8-4.18-mempolicy-node3-syslog-012.log',
    'opensuse-5.8-cpuset-movable-node-docker-indented.log',
    'arch-6.1-global-oom-user-slice-oom-reaper.log',
    'qemu-6.11-global-oom-rss-anon-columns-no-swap.log',
  ];
  for (const name of cases) {
    const e = analyzeText(readFileSync(dir + name)).events[0]!;
    assert.ok(e.trigger && e.trigger.gfpFlags.length > 0, name);
    assert.deepEqual(sorted(decodeGfpMask(e.trigger.gfpMask, e.kernelVersion)), sorted(e.trigger.gfpFlags), name);
  }
});

test('the Report carries decoded flags when the log prints only hex (RHEL 7 3.10, Ubuntu 3.13)', () => {
  const dir = fileURLToPath(new URL('../../../fixtures/public/kernel/', import.meta.url));
  const rhel7 = analyzeText(readFileSync(dir + 'rhel7-3.10-global-oom-swap-full-rsyslog-012.log')).events[0]!;
  assert.equal(rhel7.trigger?.gfpMask, '0x201da');
  assert.deepEqual(sorted(rhel7.trigger?.gfpFlags ?? []), sorted(['GFP_HIGHUSER_MOVABLE', '__GFP_COLD']));
  const ubuntu = analyzeText(readFileSync(dir + 'ubuntu-3.13-cgroup-v1-memcg-limit.log')).events[0]!;
  assert.deepEqual(ubuntu.trigger?.gfpFlags, ['GFP_KERNEL']);
  const centos6 = analyzeText(readFileSync(dir + 'centos6-2.6.32-mongod-syslog-uid-kill-line-elided.log')).events[0]!;
  assert.deepEqual(centos6.trigger?.gfpFlags, [], '2.6.32 is outside the eras read: not guessed');
});
