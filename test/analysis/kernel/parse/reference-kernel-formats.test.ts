/**
 * Audit of the analyser against /work/shared/reference/kernel-oom-formats-and-peers.md: the kernel
 * lines and behaviours of §2 that the other kernel tests do not already prove, each built from the
 * reference's literal format string (section cited in the test name), run text in → Report out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { Report } from '../../../../src/analysis/report/report-schema.js';

function analyse(lines: string[]) {
  const report = analyzeText(lines.join('\n') + '\n');
  assert.ok(Report.safeParse(report).success, 'the report matches the DESIGN §2 schema');
  return report;
}

const HEADER = 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0';
const MEMINFO = ['Mem-Info:', 'active_anon:1413442 inactive_anon:1509191 isolated_anon:0', ' free:34629 free_pcp:0 free_cma:0'];

test('§2.6 "%s: OOM victim %d (%s) is already exiting. Skip killing the task": a dump that ends without a kill, not a truncated one', () => {
  const r = analyse([
    HEADER,
    ...MEMINFO,
    'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/app.service,task=java,pid=1234,uid=0',
    'Out of memory: OOM victim 1234 (java) is already exiting. Skip killing the task',
  ]);
  assert.equal(r.events.length, 1);
  const e = r.events[0]!;
  assert.equal(e.victim, null, 'nothing was killed');
  assert.equal(e.cause, 'system_memory_exhausted');
  assert.ok(e.evidence.some((x) => x.line === 6 && /java \(pid 1234\) was already exiting/.test(x.why)), JSON.stringify(e.evidence));
  assert.ok(!e.evidence.some((x) => /before this dump's kill line/.test(x.why)), 'not reported as a cut-off input');
  assert.match(r.summary, /no process was killed/);
});

test('§2.6 panic("Out of memory: %s panic_on_oom is enabled"): system-wide means CONSTRAINT_NONE; the summary says the kernel panicked', () => {
  const sys = analyse([HEADER, ...MEMINFO, 'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled']);
  assert.equal(sys.events.length, 1);
  const e = sys.events[0]!;
  assert.deepEqual([e.victim, e.cause], [null, 'system_memory_exhausted']);
  assert.ok(e.evidence.some((x) => x.line === 5 && /vm\.panic_on_oom/.test(x.why)), JSON.stringify(e.evidence));
  assert.equal(e.noKill, 'panic_on_oom');
  assert.ok(e.evidence.some((x) => /vm\.panic_on_oom=1\)/.test(x.why)), 'the evidence names the setting');
  assert.match(sys.summary, /no process was killed: the kernel panicked/);
  assert.doesNotMatch(sys.summary, /kill line is not in the input/);

  const compulsory = analyse([HEADER, 'Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled']);
  assert.equal(compulsory.events[0]!.noKill, 'panic_on_oom');
  assert.ok(compulsory.events[0]!.evidence.some((x) => /vm\.panic_on_oom=2,/.test(x.why)), 'the evidence names the setting');
});

test('§2.6 "Out of memory and no killable processes..." then the deadlock panic: the summary says nothing could be killed', () => {
  const r = analyse([HEADER, ...MEMINFO, 'Out of memory and no killable processes...', 'Kernel panic - not syncing: System is deadlocked on memory']);
  assert.equal(r.events.length, 1);
  assert.ok(r.events[0]!.evidence.some((x) => x.line === 5 && /no process was eligible/.test(x.why)), JSON.stringify(r.events[0]!.evidence));
  assert.match(r.summary, /no process was killed: no process was eligible/);
});

test('§2.5/§2.8 an oom-kill: summary without its Killed process line (ANOLISA PR #3001 claim, or a cut paste) still names the victim', () => {
  const r = analyse([
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=ef80,mems_allowed=0,oom_memcg=/kubepods/burstable/pod1a,task_memcg=/kubepods/burstable/pod1a/ef80,task=manager,pid=966,uid=1000',
  ]);
  assert.equal(r.events.length, 1);
  const v = r.events[0]!.victim;
  assert.deepEqual(v && [v.pid, v.comm, v.uid, v.anonRssKb, v.totalVmKb], [966, 'manager', 1000, null, null]);
  assert.ok(r.events[0]!.evidence.some((x) => x.line === 1 && /"Killed process" line .* is not in the input/.test(x.why)));
});

test('§2.2 a 6.6.14 show_mem dump line by line (sec_pagetables, kernel_misc_reclaimable, boost, free_highatomic, zspages, cma/hwpoisoned, unreclaimable slab, alloc tagging) reads without an unreadable line', () => {
  const r = analyse([
    'stress invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0',
    'COMPACTION is disabled!!!',
    'CPU: 2 PID: 1234 Comm: stress Not tainted 6.6.14 #1',
    'Mem-Info:',
    'active_anon:1413442 inactive_anon:1509191 isolated_anon:0',
    ' active_file:29 inactive_file:186 isolated_file:0',
    ' unevictable:0 dirty:0 writeback:0',
    ' slab_reclaimable:130091 slab_unreclaimable:89303',
    ' mapped:1293 shmem:19540 pagetables:25704',
    ' sec_pagetables:0 bounce:0',
    ' kernel_misc_reclaimable:0',
    ' free:34629 free_pcp:0 free_cma:0',
    'Node 0 active_anon:5653768kB inactive_anon:6036764kB active_file:116kB inactive_file:744kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:5172kB dirty:0kB writeback:0kB shmem:78160kB shmem_thp:0kB shmem_pmdmapped:0kB anon_thp:0kB writeback_tmp:0kB kernel_stack:8208kB pagetables:102816kB sec_pagetables:0kB all_unreclaimable? no',
    'Node 0 Normal free:61900kB boost:0kB min:61948kB low:75384kB high:88820kB reserved_highatomic:0KB free_highatomic:0kB active_anon:1529368kB inactive_anon:1510636kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB zspages:0kB present:13096960kB managed:12774792kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB',
    'lowmem_reserve[]: 0 0 0 0 0',
    'Node 0 Normal: 74*4kB (UEM) 125*8kB (UEM) 3*4096kB (UR) = 14592kB',
    'Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB',
    '19727 total pagecache pages',
    '0 pages in swap cache',
    'Free swap  = 0kB',
    'Total swap = 0kB',
    '4194174 pages RAM',
    '0 pages HighMem/MovableOnly',
    '102264 pages reserved',
    '0 pages cma reserved',
    '0 pages hwpoisoned',
    'Unreclaimable slab info:',
    'Name                      Used          Total',
    'kmalloc-64               1234KB       2345KB',
    'No memory allocation info available: Alloc tagging subsystem not initialized',
    'Tasks state (memory values in pages):',
    '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
    '[   1234]     0  1234  7572670  2308581 60686336        0             0 stress',
    'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=stress,pid=1234,uid=0',
    'Out of memory: Killed process 1234 (stress) total-vm:30290680kB, anon-rss:9234320kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:59264kB oom_score_adj:0',
    'oom_reaper: reaped process 1234 (stress), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
  ]);
  assert.equal(r.events.length, 1);
  const e = r.events[0]!;
  assert.deepEqual([e.kernelVersion, e.cause, e.constraint, e.victim?.pid], ['6.6.14', 'system_memory_exhausted', 'CONSTRAINT_NONE', 1234]);
  assert.ok(e.factors.includes('no_swap'));
  assert.ok(!e.evidence.some((x) => x.why.startsWith('could not read')), JSON.stringify(e.evidence));
  assert.ok(e.evidence.some((x) => x.line === 14 && /below its min watermark/.test(x.why)));
});

test('§2.2/§2.4 a 3.13 dump (cadvisor sample shape): unstable:, free first on its line, per-cpu lines, pages_scanned, (R) buddy type, nr_ptes table', () => {
  const r = analyse([
    'memorymonster invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0',
    'memorymonster cpuset=/ mems_allowed=0',
    'CPU: 0 PID: 5678 Comm: memorymonster Not tainted 3.13.0-24-generic #46-Ubuntu',
    'Mem-Info:',
    'Node 0 DMA per-cpu:',
    'CPU    0: hi:    0, btch:   1 usd:   0',
    'active_anon:425000 inactive_anon:12 isolated_anon:0',
    ' active_file:20 inactive_file:30 isolated_file:0',
    ' unevictable:0 dirty:0 writeback:0 unstable:0',
    ' free:12929 slab_reclaimable:3000 slab_unreclaimable:4000',
    ' mapped:100 shmem:50 pagetables:900 bounce:0',
    ' free_cma:0',
    'Node 0 DMA32 free:44592kB min:44640kB low:55800kB high:66960kB active_anon:1700000kB present:1765368kB managed:1722912kB pages_scanned:819 all_unreclaimable? yes',
    'lowmem_reserve[]: 0 0 0 0',
    'Node 0 DMA32: 74*4kB (UEM) 125*8kB (UEM) 3*4096kB (UR) = 13584kB',
    '450 total pagecache pages',
    'Free swap  = 0kB',
    'Total swap = 0kB',
    '445000 pages RAM',
    '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name',
    '[ 5678]     0  5678   500000   420000     850        0             0 memorymonster',
    'Out of memory: Kill process 5678 (memorymonster) score 943 or sacrifice child',
    'Killed process 5678 (memorymonster) total-vm:2000000kB, anon-rss:1680000kB, file-rss:0kB',
  ]);
  const e = r.events[0]!;
  assert.deepEqual([r.events.length, e.kernelVersion, e.cause, e.victim?.pid, e.topTasks[0]?.rssKb], [1, '3.13.0-24-generic', 'system_memory_exhausted', 5678, 1680000]);
  assert.ok(!e.evidence.some((x) => x.why.startsWith('could not read')), JSON.stringify(e.evidence));
});

test('§1.2 peers: the oom-kill: line cadvisor #2813 misreads (a space inside oom_memcg) and one with global_oom are both read', () => {
  const r = analyse([
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=ef80,mems_allowed=0,oom_memcg=/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907 c-b2ec,task_memcg=/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907 c-b2ec/ef80,task=manager,pid=966,uid=0',
    'Memory cgroup out of memory: Killed process 966 (manager) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
  ]);
  const e = r.events[0]!;
  assert.deepEqual([e.cause, e.memcg?.oomPath, e.memcg?.taskPath], ['parent_cgroup_limit', '/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907 c-b2ec', '/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907 c-b2ec/ef80']);
});

test('§2.5 a constraint outside the four of enum oom_constraint (proposed CONSTRAINT_BPF_PSI_MEM) keeps the report valid: constraint null, cause from global_oom', () => {
  const r = analyse([
    HEADER,
    'oom-kill:constraint=CONSTRAINT_BPF_PSI_MEM,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/a,task=java,pid=5,uid=0',
    'Out of memory: Killed process 5 (java) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
  ]);
  assert.deepEqual([r.events[0]!.constraint, r.events[0]!.cause], [null, 'system_memory_exhausted']);
});
