/**
 * Lines around an OOM report that say more than the report itself: the call-trace frame that shows
 * which path invoked the OOM killer, an oops or panic that cut the report short, SLUB allocation
 * failures naming a cgroup's own cache copy, and a memory dump with no OOM line at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyKernelLine } from '../../../../src/analysis/kernel/parse/classify-kernel-line.js';
import { parseLines } from './oom-parser-harness.js';

test('call-trace frames name the OOM path in every frame style; a frame marked ? is a guess and is not read', () => {
  assert.deepEqual(classifyKernelLine(' [<ffffffff8112c39e>] pagefault_out_of_memory+0x65/0x77'), { kind: 'oomPathFrame', path: 'pagefault' });
  assert.deepEqual(classifyKernelLine(' mem_cgroup_out_of_memory+0x160/0x210 mm/memcontrol.c:1393'), { kind: 'oomPathFrame', path: 'memcg' });
  assert.deepEqual(classifyKernelLine(' mem_cgroup_oom mm/memcontrol.c:1721 [inline]'), { kind: 'oomPathFrame', path: 'memcg' });
  assert.deepEqual(classifyKernelLine(' try_charge_memcg+0x1a5/0x7d0'), { kind: 'oomPathFrame', path: 'memcg' });
  assert.deepEqual(classifyKernelLine(' mem_cgroup_oom_synchronize+0x2ed/0x330'), { kind: 'oomPathFrame', path: 'memcg' });
  assert.deepEqual(classifyKernelLine(' __alloc_pages_slowpath.constprop.0+0xd0e/0xe30'), { kind: 'oomPathFrame', path: 'page_allocator' });
  assert.deepEqual(classifyKernelLine('[<c01a1f1c>] (pagefault_out_of_memory+0x0/0x7c) from [<c001c4b8>] (do_page_fault+0x2d0/0x36c)'), { kind: 'oomPathFrame', path: 'pagefault' });
  assert.equal(classifyKernelLine(' ? mem_cgroup_css_online+0x40/0x40').kind, 'other');
  assert.equal(classifyKernelLine(' [<ffffffff8113448f>] ? try_charge+0x22/0x24').kind, 'dumpNoise');
  assert.equal(classifyKernelLine(' memcg_kmem_charge+0x13b/0x340 mm/memcontrol.c:2624').kind, 'other');
});

test('the innermost OOM-path frame is the one kept: a memcg OOM deferred to the end of a page fault is a memcg OOM', () => {
  const [e] = parseLines([
    'python3 invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null),  order=0, oom_score_adj=968',
    'Call Trace:',
    ' out_of_memory+0x112/0x4d0',
    ' mem_cgroup_out_of_memory+0x49/0x80',
    ' mem_cgroup_oom_synchronize+0x2ed/0x330',
    ' pagefault_out_of_memory+0x32/0x77',
  ]);
  assert.deepEqual([e?.oomPath?.path, e?.oomPath?.at.line], ['memcg', 4]);
});

test('an oops or BUG before the kill line marks the dump interrupted; a kill line that still comes clears it', () => {
  const [cut] = parseLines(['Out of memory: Kill process 5861 (trinity-c10) score 504 or sacrifice child', 'BUG: spinlock recursion on CPU#1, trinity-c8/8828', ' dump_stack+0x4e/0x7d']);
  assert.deepEqual([cut?.interrupted?.line, cut?.killed], [2, null]);
  const [done] = parseLines([
    'Out of memory: Kill process 5861 (trinity-c10) score 504 or sacrifice child',
    'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008', // another CPU's oops, interleaved
    'Killed process 5861 (trinity-c10) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
  ]);
  assert.deepEqual([done?.interrupted, done?.killed?.pid], [null, 5861]);
  const [mid] = parseLines(['java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', 'Mem-Info:', 'BUG: unable to handle page fault for address: 0000000000001008', 'Oops: 0000 [#1] SMP PTI']);
  assert.deepEqual([mid?.interrupted?.line, mid?.killed, mid?.header?.comm], [3, null, 'java']);
  // The kernel's own panic_on_oom panic is not an interruption: it is how that dump ends.
  assert.equal(classifyKernelLine('Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled').kind, 'noKillable');
  assert.equal(classifyKernelLine('BUG: KASAN: use-after-free in oom_kill_process.cold+0x484/0x9d4 mm/oom_kill.c:978').kind, 'oops');
  // A stall report does not stop the kernel: the OOM report goes on after it.
  assert.equal(classifyKernelLine('BUG: workqueue lockup - pool cpus=3 node=0 flags=0x0 nice=0 stuck for 33s!').kind, 'other');
  assert.equal(classifyKernelLine('BUG: soft lockup - CPU#2 stuck for 22s! [kswapd0:95]').kind, 'other');
});

test('SLUB failures before a header join the dump they lead to, with the cgroup of a per-cgroup cache copy', () => {
  const [e] = parseLines([
    'SLUB: Unable to allocate memory on node -1 (gfp=0x50)',
    '  cache: ext4_inode_cache(2:test), object size: 920, buffer size: 928, default order: 3, min order: 0',
    '  node 0: slabs: 946, objs: 33110, free: 0',
    'SLUB: Unable to allocate memory on node -1 (gfp=0xd0)',
    '  cache: kmalloc-64, object size: 64, buffer size: 64, default order: 0, min order: 0',
    'tar invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0',
    'Killed process 4353 (mysqld) total-vm:355372kB, anon-rss:35704kB, file-rss:6724kB',
  ]);
  assert.deepEqual(
    e?.slabFailures.map((f) => [f.at.line, f.cache, f.cgroup]),
    [
      [1, 'ext4_inode_cache(2:test)', 'test'],
      [4, 'kmalloc-64', null],
    ],
  );
});

test('Mem-Info with no OOM line opens an event of its own (SysRq m), which ends as a dump without a kill', () => {
  const [e] = parseLines(['sysrq: SysRq : Show Memory', 'Mem-Info:', 'active_anon:32678 inactive_anon:51073 isolated_anon:0', 'Free swap  = 0kB', 'Total swap = 0kB']);
  assert.ok(e);
  assert.deepEqual([e.header, e.killed, e.meminfoAt?.line, e.totalSwapKb?.kb], [null, null, 2, 0]);
});

test('the allocation-failure warning, 4.x+ and 2.6/3.x forms, names who failed to get what', () => {
  assert.deepEqual(classifyKernelLine('kworker/u16:3: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0'), {
    kind: 'allocFailure',
    comm: 'kworker/u16:3',
    order: 4,
    gfpMask: '0x40cc0',
    gfpFlags: 'GFP_KERNEL|__GFP_COMP',
  });
  assert.deepEqual(classifyKernelLine('java: page allocation failure. order:1, mode:0x20'), { kind: 'allocFailure', comm: 'java', order: 1, gfpMask: '0x20', gfpFlags: null });
});
