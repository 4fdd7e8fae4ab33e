/**
 * The kernel OOM parser reads each line format of every kernel era (reference
 * kernel-oom-formats-and-peers.md §2). Lines are quoted from the reference, the seeds and the
 * kernel format strings; each test feeds message bodies (prefixes already stripped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLines } from './oom-parser-harness.js';

const kill54 = 'Out of memory: Killed process 473206 (doxygen) total-vm:30290680kB, anon-rss:9234320kB, file-rss:4kB, shmem-rss:0kB, UID:504 pgtables:59264kB oom_score_adj:0';

function only<T>(items: T[]): T {
  assert.equal(items.length, 1, `expected one event, got ${items.length}`);
  return items[0]!;
}

test('header: early 2.6 oomkilladj= gives the trigger and its oom_adj (-17..15), not an oom_score_adj', () => {
  const e = only(parseLines(['bash invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=-4', 'Out of Memory: Killed process 2421 (java).']));
  assert.deepEqual([e.header?.comm, e.header?.gfpMask, e.header?.order, e.header?.oomScoreAdj, e.header?.oomAdj], ['bash', '0x201d2', 0, null, -4]);
  assert.deepEqual([e.killed?.pid, e.killed?.comm, e.killed?.message, e.killed?.totalVmKb], [2421, 'java', 'Out of Memory', null]);
});

test('header: 2.6.32 with both oom_adj and oom_score_adj (seed 003) reads oom_score_adj', () => {
  const e = only(parseLines(['httpd invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=-17', 'Killed process 9682 (mysqld)']));
  assert.deepEqual([e.header?.comm, e.header?.gfpMask, e.header?.gfpFlags, e.header?.oomScoreAdj, e.header?.oomAdj], ['httpd', '0x201da', null, -17, 0]);
});

test('header: ~4.12 nodemask with two spaces before order, and 4.19 nodemask lists with commas', () => {
  const [a, b] = parseLines([
    'java invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null),  order=0, oom_score_adj=0',
    'Killed process 1 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
    'Web Content invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), nodemask=0-1,3, order=2, oom_score_adj=100',
    'Killed process 2 (Web Content) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
  ]);
  assert.deepEqual([a?.header?.nodemask, a?.header?.order, a?.header?.gfpFlags], ['(null)', 0, 'GFP_HIGHUSER_MOVABLE']);
  assert.deepEqual([b?.header?.comm, b?.header?.nodemask, b?.header?.order, b?.header?.oomScoreAdj], ['Web Content', '0-1,3', 2, 100]);
  assert.equal(b?.killed?.comm, 'Web Content');
});

test('header cut short by a wrapped paste keeps what it has (seed 001 "order=0,")', () => {
  const e = only(parseLines(['test invoked oom-killer: gfp_mask=0x62****(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), order=0,']));
  assert.deepEqual([e.header?.gfpMask, e.header?.order, e.header?.oomScoreAdj, e.truncated, e.killed], ['0x62****', 0, null, true, null]);
});

test('dump_stack first line in every era gives the trigger pid and the kernel version', () => {
  const versions = [
    ['CPU: 1 PID: 29748 Comm: test Kdump: loaded Not tainted 4.19.91-24.1.al7.x86_64 #1', 29748, '4.19.91-24.1.al7.x86_64'],
    ['CPU: 3 PID: 473206 Comm: doxygen Tainted: G           OE      6.1.1-arch1-1 #1 9bd0', 473206, '6.1.1-arch1-1'],
    ['CPU: 0 UID: 1000 PID: 4242 Comm: Web Content Not tainted 6.11.0-1-default #1', 4242, '6.11.0-1-default'],
    ['Pid: 8911, comm: httpd Not tainted 2.6.32-279.1.1.el6.i686 #1', 8911, '2.6.32-279.1.1.el6.i686'],
  ] as const;
  for (const [line, pid, version] of versions) {
    const e = only(parseLines(['x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', line]));
    assert.deepEqual([e.triggerPid, e.kernelVersion], [pid, version], line);
  }
});

test('pre-5.0 cpuset line and the 5.0+ oom-kill summary (memcg and global forms)', () => {
  const [a, b] = parseLines([
    'main invoked oom-killer: gfp_mask=0x62****(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), order=0, oom_score_adj=0',
    'main cpuset=mm_cpuset mems_allowed=1',
    'Killed process 7 (main) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB',
    'manager invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999',
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=ef80ab,mems_allowed=0,oom_memcg=/kubepods/burstable/pod1a,task_memcg=/kubepods/burstable/pod1a/ef80ab,task=manager,pid=966,uid=0',
    'Memory cgroup out of memory: Killed process 966 (manager) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:112kB oom_score_adj:999',
  ]);
  assert.deepEqual(a?.cpuset && [a.cpuset.cpuset, a.cpuset.memsAllowed], ['mm_cpuset', '1']);
  const s = b?.summary;
  assert.deepEqual(
    s && [s.constraint, s.nodemask, s.cpuset, s.memsAllowed, s.oomMemcg, s.globalOom, s.taskMemcg, s.task, s.pid, s.uid],
    ['CONSTRAINT_MEMCG', '(null)', 'ef80ab', '0', '/kubepods/burstable/pod1a', false, '/kubepods/burstable/pod1a/ef80ab', 'manager', 966, 0],
  );
  assert.equal(b?.killed?.message, 'Memory cgroup out of memory');
  const g = only(parseLines([
    'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/session 2.scope,task=grep,pid=49358,uid=1000',
    'Out of memory: Killed process 49358 (grep) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8kB oom_score_adj:0',
  ])).summary;
  assert.deepEqual(g && [g.globalOom, g.oomMemcg, g.taskMemcg, g.task], [true, null, '/user.slice/user-1000.slice/session 2.scope', 'grep']);
});

test('cgroup v1 block: Task in, usage lines (unlimited limits), one-line stats in KB', () => {
  const e = only(parseLines([
    'memorymonster invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0',
    'memorymonster cpuset=/ mems_allowed=0',
    'Task in /mem2 killed as a result of limit of /mem2',
    'memory: usage 980kB, limit 980kB, failcnt 4152',
    'memory+swap: usage 0kB, limit 18014398509481983kB, failcnt 0',
    'kmem: usage 0kB, limit 9007199254740988kB, failcnt 0',
    'Memory cgroup stats for /mem2: cache:0KB rss:980KB rss_huge:0KB mapped_file:0KB writeback:20KB inactive_anon:560KB active_anon:420KB',
    'Memory cgroup out of memory: Kill process 6 (memorymonster) score 999 or sacrifice child',
    'Killed process 6 (memorymonster) total-vm:5276kB, anon-rss:972kB, file-rss:0kB',
  ]));
  assert.deepEqual(e.taskIn && [e.taskIn.taskPath, e.taskIn.limitPath], ['/mem2', '/mem2']);
  assert.deepEqual(e.memcgMemory && [e.memcgMemory.usageKb, e.memcgMemory.limitKb, e.memcgMemory.failcnt], [980, 980, 4152]);
  assert.ok((e.memcgMemsw?.limitKb ?? 0) > 1e16);
  assert.equal(e.memcgKmem?.limitKb, 9007199254740988);
  assert.deepEqual(e.memcgStats.map((s) => [s.path, s.unit, s.values['rss'], s.values['writeback']]), [['/mem2', 'kB', 980, 20]]);
  assert.deepEqual(e.killSelect && [e.killSelect.message, e.killSelect.pid, e.killSelect.score], ['Memory cgroup out of memory', 6, 999]);
  assert.equal(e.headerMissing, false);
});

test('cgroup v2 block: swap usage line and memory.stat lines in bytes (5.3+)', () => {
  const e = only(parseLines([
    'node invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    'memory: usage 204800kB, limit 204800kB, failcnt 1607',
    'swap: usage 0kB, limit 9007199254740988kB, failcnt 0',
    'Memory cgroup stats for /system.slice/app.service:',
    'anon 205025280',
    'file 4096',
    'kernel_stack 49152',
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/app.service,task_memcg=/system.slice/app.service,task=node,pid=77,uid=0',
    'Memory cgroup out of memory: Killed process 77 (node) total-vm:1kB, anon-rss:200000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:500kB oom_score_adj:0',
  ]));
  assert.deepEqual(e.memcgSwap && [e.memcgSwap.usageKb, e.memcgSwap.limitKb], [0, 9007199254740988]);
  assert.deepEqual(e.memcgStats.map((s) => [s.path, s.unit, s.values]), [['/system.slice/app.service', 'bytes', { anon: 205025280, file: 4096, kernel_stack: 49152 }]]);
  assert.equal(e.killed?.anonRssKb, 200000);
});

test('Memory limit reached of cgroup opens a memcg dump', () => {
  const e = only(parseLines(['Memory limit reached of cgroup /batch', 'memory: usage 1024kB, limit 1024kB, failcnt 9', 'Killed process 5 (job) total-vm:1kB, anon-rss:1kB, file-rss:0kB']));
  assert.deepEqual([e.memcgLimitReached?.path, e.memcgMemory?.failcnt, e.killed?.comm, e.headerMissing], ['/batch', 9, 'job', false]);
});

test('Mem-Info counters across continuation lines, zones with and without Node, boost and reserved_highatomic', () => {
  const e = only(parseLines([
    'doxygen invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0',
    'Mem-Info:',
    'active_anon:1413442 inactive_anon:1509191 isolated_anon:0',
    ' active_file:29 inactive_file:186 isolated_file:0',
    ' slab_reclaimable:130091 slab_unreclaimable:89303',
    ' mapped:1293 shmem:19540 pagetables:25704',
    ' free:34629 free_pcp:0 free_cma:0',
    'Node 0 active_anon:5653768kB inactive_anon:6036764kB shmem_thp: 0kB all_unreclaimable? no',
    'Node 0 Normal free:61900kB boost:8192kB min:61948kB low:75384kB high:88820kB reserved_highatomic:0KB active_anon:1529368kB present:13096960kB managed:12774792kB',
    'lowmem_reserve[]: 0 0 0 0 0',
    'DMA32 free:44592kB min:44640kB low:55800kB high:66960kB present:1765368kB managed:1722912kB pages_scanned:819 all_unreclaimable? yes',
    'Node 0 DMA per-cpu:',
    'CPU    0: hi:    0, btch:   1 usd:   0',
    kill54,
  ]));
  assert.deepEqual([e.meminfo['active_anon'], e.meminfo['slab_unreclaimable'], e.meminfo['free'], e.meminfo['pagetables']], [1413442, 89303, 34629, 25704]);
  assert.deepEqual(e.zones.map((z) => [z.node, z.zone, z.freeKb, z.minKb, z.lowKb, z.highKb, z.managedKb]), [
    [0, 'Normal', 61900, 61948, 75384, 88820, 12774792],
    [null, 'DMA32', 44592, 44640, 55800, 66960, 1722912],
  ]);
  assert.deepEqual(e.issues, []);
});

test('seed 001 wrapped lines: "isolated_anon:" + "    free:4111496 …" and a zone split inside "unevi    ctable"', () => {
  const e = only(parseLines([
    'main invoked oom-killer: gfp_mask=0x62****(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), order=0, oom_score_adj=0',
    'Mem-Info:',
    'active_anon:172 inactive_anon:4518735 isolated_anon:',
    { body: '    free:4111496 free_pcp:1 free_cma:0', format: 'plain' },
    'Node 0 Normal free:23500kB min:15892kB low:19864kB high:23836kB active_anon:308kB inactive_file:420kB unevi    ctable:0kB writepending:464kB present:917504kB managed:852784kB mlocked:0kB',
  ]));
  assert.deepEqual([e.meminfo['inactive_anon'], e.meminfo['free'], e.meminfo['isolated_anon']], [4518735, 4111496, undefined]);
  assert.deepEqual(e.zones.map((z) => [z.freeKb, z.lowKb, z.presentKb]), [[23500, 19864, 917504]]);
});

test('buddy lines: migrate types, a wrapped "0     *2048kB", a missing total, non-NUMA zones; page size from the smallest block', () => {
  const e = only(parseLines([
    'insmod invoked oom-killer: gfp_mask=0x60****(GFP_KERNEL), nodemask=(null), order=3, oom_score_adj=0',
    'Node 1 Normal: 856*4kB (UME) 375*8kB (UME) 183*16kB (UME) 184*32kB (UME) 87*64kB (ME) 45*128kB (UME) 16*256kB (UME) 5*512kB (UE) 14*1024kB (UME) 0     *2048kB 0*4096kB = 47560kB',
    'Node 0 Normal: 1325*4kB (UME) 966*8kB (UME) 675*16kB (UME) 0*32kB (M) 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB =',
    'DMA: 1*64kB (U) 2*128kB = 320kB',
  ]));
  assert.deepEqual(e.buddy.map((b) => [b.node, b.zone, b.blocks.length, b.totalKb]), [[1, 'Normal', 11, 47560], [0, 'Normal', 11, null], [null, 'DMA', 2, 320]]);
  assert.deepEqual(e.buddy[0]?.blocks[9], { sizeKb: 2048, count: 0 });
  assert.deepEqual(e.buddy[1]?.blocks.slice(2, 4), [{ sizeKb: 16, count: 675 }, { sizeKb: 32, count: 0 }]);
  assert.equal(e.pageSizeKb, 4);
  const arm = only(parseLines(['x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'Node 0 DMA: 3*64kB (U) 1*128kB = 320kB']));
  assert.equal(arm.pageSizeKb, 64, 'a 64 kB-page kernel (arm64/ppc64) prints 64kB as its smallest block');
});

test('hugepages, swap, page totals and pagecache lines', () => {
  const e = only(parseLines([
    'httpd invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0',
    'Node 0 hugepages_total=360 hugepages_free=360 hugepages_surp=0 hugepages_size=1048576kB',
    '21556 total pagecache pages',
    '21049 pages in swap cache',
    'Swap cache stats: add 12819103, delete 12798054, find 3188096/4634617',
    'Free swap  = 0kB',
    'Total swap = 524280kB',
    '131071 pages RAM',
    '0 pages HighMem',
    '3673 pages reserved',
    '67960 pages shared',
  ]));
  assert.deepEqual(e.hugepages.map((h) => [h.node, h.total, h.free, h.surp, h.sizeKb]), [[0, 360, 360, 0, 1048576]]);
  assert.deepEqual([e.freeSwapKb?.kb, e.totalSwapKb?.kb, e.pagesRam?.pages, e.pagesReserved?.pages], [0, 524280, 131071, 3673]);
});

test('task table in every header variant, read by column names', () => {
  const header = 'x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0';
  const tables = [
    // 2.6.3x: cpu and oom_adj columns
    ['[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name', '[  345]     0   345     2766      118   1     -17         -1000 udevd', { rss: 118, adj: -1000, pgtablesKb: null, swapents: null }],
    // 3.x: nr_ptes (pages)
    ['[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name', '[ 2130]    27  2130   109123    43690     198        7             0 mysqld', { rss: 43690, adj: 0, pgtablesKb: 792, swapents: 7 }],
    // ~4.1–4.14: nr_ptes + nr_pmds
    ['[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name', '[ 2130]    27  2130   109123    43690     198       4        7             0 mysqld', { rss: 43690, adj: 0, pgtablesKb: 808, swapents: 7 }],
    // 4.19+: pgtables_bytes
    ['[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', '[ 473206]   504 473206  7572670  2308581 60686336  5225427             0 doxygen', { rss: 2308581, adj: 0, pgtablesKb: 59264, swapents: 5225427 }],
  ] as const;
  for (const [head, row, want] of tables) {
    const e = only(parseLines([header, 'Tasks state (memory values in pages):', head, row]));
    const t = e.taskTable?.tasks[0];
    assert.deepEqual([t?.rssPages, t?.oomScoreAdj, t?.pgtablesKb, t?.swapents], [want.rss, want.adj, want.pgtablesKb, want.swapents], head);
    assert.equal(e.taskTable?.rowCount, 1);
    assert.deepEqual(e.issues, []);
  }
});

test('task table with the newer rss_anon rss_file rss_shmem columns, names with spaces', () => {
  const e = only(parseLines([
    'Web Content invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=167',
    '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
    '[   1234]  1000  1234   900000   120000   100000    15000      5000        2000000        0           167 Web Content',
    '[     88]     0    88    10000      500      400      100         0          40960        0         -1000 systemd-udevd',
    'Out of memory: Killed process 1234 (Web Content) total-vm:3600000kB, anon-rss:400000kB, file-rss:60000kB, shmem-rss:20000kB, UID:1000 pgtables:1953kB oom_score_adj:167',
  ]));
  const [top, second] = e.taskTable?.tasks ?? [];
  assert.deepEqual([top?.name, top?.rssPages, top?.rssAnonPages, top?.rssFilePages, top?.rssShmemPages, top?.oomScoreAdj], ['Web Content', 120000, 100000, 15000, 5000, 167]);
  assert.equal(second?.name, 'systemd-udevd');
  assert.deepEqual([e.taskTable?.rowCount, e.taskTable?.totalRssPages, e.taskTable?.protectedCount], [2, 120500, 1]);
  assert.deepEqual([e.killed?.comm, e.killed?.shmemRssKb, e.killed?.uid, e.killed?.pgtablesKb, e.killed?.oomScoreAdj], ['Web Content', 20000, 1000, 1953, 167]);
});

test('Killed process in every era', () => {
  const cases = [
    // early 2.6
    ['Out of Memory: Killed process 2421 (java).', { message: 'Out of Memory', pid: 2421, comm: 'java', totalVmKb: null, uid: null }],
    // 2.6.32 vsz
    ['Killed process 3021 (kworker/u8:2) vsz:4096kB, anon-rss:12kB, file-rss:4kB', { message: null, pid: 3021, comm: 'kworker/u8:2', totalVmKb: 4096, uid: null }],
    // RHEL 6 (seed 003)
    ['Killed process 9682, UID 27, (mysqld) total-vm:47388kB, anon-rss:3744kB, file-rss:80kB', { message: null, pid: 9682, comm: 'mysqld', totalVmKb: 47388, uid: 27 }],
    // 3.4 / 4.5 shmem-rss
    ['Killed process 4015 (python) total-vm:2155568kB, anon-rss:2035612kB, file-rss:4kB, shmem-rss:0kB', { message: null, pid: 4015, comm: 'python', totalVmKb: 2155568, uid: null }],
    // 5.4+ and a comm in parentheses
    ['Out of memory: Killed process 694 ((sd-pam)) total-vm:24872kB, anon-rss:0kB, file-rss:0kB, shmem-rss:0kB, UID:504 pgtables:80kB oom_score_adj:100', { message: 'Out of memory', pid: 694, comm: '(sd-pam)', totalVmKb: 24872, uid: 504 }],
    // 6.x oom_kill_allocating_task
    ['Out of memory (oom_kill_allocating_task): Killed process 1 (big) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0', { message: 'Out of memory (oom_kill_allocating_task)', pid: 1, comm: 'big', totalVmKb: 1, uid: 0 }],
  ] as const;
  for (const [line, want] of cases) {
    const e = only(parseLines([line]));
    const k = e.killed;
    assert.deepEqual(k && { message: k.message, pid: k.pid, comm: k.comm, totalVmKb: k.totalVmKb, uid: k.uid }, want, line);
    assert.equal(e.headerMissing, true);
  }
});

test('kill-select lines of every era, and the victim being a sacrificed child', () => {
  const cases = [
    ['Out of Memory: Kill process 2421 (java) score 1234 and children.', 'Out of Memory', 1234],
    ['Out of memory: kill process 2421 (java) score 1234 or a child', 'Out of memory', 1234],
    ['Memory cgroup out of memory: Kill process 4015 (python) score 1923 or sacrifice child', 'Memory cgroup out of memory', 1923],
  ] as const;
  for (const [line, message, score] of cases) {
    const e = only(parseLines([line, 'Killed process 2422 (child) total-vm:1kB, anon-rss:1kB, file-rss:0kB']));
    assert.deepEqual([e.killSelect?.message, e.killSelect?.score, e.killSelect?.comm, e.killed?.pid, e.killed?.comm], [message, score, line.includes('python') ? 'python' : 'java', 2422, 'child'], line);
  }
});

test('a wrapper before the kernel message (GKE node-problem-detector event, kubernetes/kubernetes#60492) leaves the message itself', () => {
  const e = only(
    parseLines([
      'kernel-monitor, gke-cluster-1-default-pool-81a54c78-gl40\t\t\tWarning\t\tOOMKilling\tMemory cgroup out of memory: Kill process 1371 (node) score 2081 or sacrifice child',
      'Killed process 1371 (node) total-vm:783352kB, anon-rss:201844kB, file-rss:22852kB',
    ]),
  );
  assert.deepEqual([e.killSelect?.message, e.killSelect?.pid, e.killSelect?.comm, e.killSelect?.score], ['Memory cgroup out of memory', 1371, 'node', 2081]);
});

test('oom_reaper lines attach to the kill they follow; "unable to reap" does not disturb it', () => {
  const e = only(parseLines([kill54, 'oom_reaper: unable to reap pid:473206 (doxygen)', 'oom_reaper: reaped process 473206 (doxygen), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB']));
  assert.deepEqual(e.reaper && [e.reaper.pid, e.reaper.comm, e.reaper.anonRssKb, e.reaper.at.line], [473206, 'doxygen', 0, 3]);
});

test('SysRq manual OOM (both spellings) opens the dump its order=-1 header belongs to', () => {
  for (const sysrq of ['sysrq: Manual OOM execution', 'SysRq : Manual OOM execution']) {
    const e = only(parseLines([sysrq, 'kworker/0:1 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0', kill54]));
    assert.deepEqual([e.sysrq?.line, e.header?.comm, e.header?.order, e.firstLine], [1, 'kworker/0:1', -1, 1], sysrq);
  }
});

test('"Out of memory and no killable processes..." ends the dump with no victim and is not truncated', () => {
  const e = only(parseLines(['x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'Out of memory and no killable processes...', 'Kernel panic - not syncing: System is deadlocked on memory']));
  assert.deepEqual([e.noKillable?.at.line, e.noKillable?.why, e.killed, e.truncated], [2, 'none-killable', null, false]);
});

test('kill: 2.6.32–4.5 `Kill process N (x) sharing same memory` lines belong to the kill before them, not new kill-select lines', () => {
  const e = only(parseLines([
    'Out of memory: Kill process 3780 (rcu-stall) score 879 or sacrifice child',
    'Killed process 3780 (rcu-stall) total-vm:2166860kB, anon-rss:1570864kB, file-rss:4kB',
    'Kill process 3781 (rcu-stall) sharing same memory',
    'Kill process 3782 (my (odd) name) sharing same memory',
  ]));
  assert.equal(e.killed?.pid, 3780);
  assert.equal(e.mmSharers.count, 2);
  assert.deepEqual(e.mmSharers.first.map((p) => [p.pid, p.comm]), [[3781, 'rcu-stall'], [3782, 'my (odd) name']]);
});
