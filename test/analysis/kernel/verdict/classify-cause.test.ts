import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildOomEvent } from '../../../../src/analysis/kernel/verdict/build-oom-event.js';
import { rawBuilder } from '../parse/raw-event-builder.js';
import { withKernelAdvice } from '../../../../src/analysis/advice/advise.js';
import type { RawOomEvent } from '../../../../src/analysis/kernel/parse/raw-event.js';
import type { OomEvent } from '../../../../src/analysis/report/report-schema.js';

/** The verdict alone (no advice): what the kernel's lines prove. */
const judge = (raw: RawOomEvent): OomEvent => buildOomEvent(raw).event;

// Numbers in the seed-001 cases are those of /work/shared/seeds/001 (Alibaba Cloud Linux, 4.19).

describe('cause: cgroup_limit', () => {
  test('v1 "Task in /mm_test killed as a result of limit of /mm_test" with 200 MiB usage = limit, failcnt 26', () => {
    const e = judge(rawBuilder().header('test').taskIn('/mm_test', '/mm_test').memory(204800, 204800, 26).killed(10, 'test').build());
    assert.equal(e.cause, 'cgroup_limit');
    assert.deepEqual(e.memcg, { taskPath: '/mm_test', oomPath: '/mm_test', usageKb: 204800, limitKb: 204800, failcnt: 26, swapUsageKb: null, swapLimitKb: null, version: null, stat: null });
    assert.equal(e.constraint, 'CONSTRAINT_MEMCG');
    assert.match(e.evidence[0]!.text, /Task in \/mm_test killed as a result of limit of \/mm_test/);
    assert.ok(e.evidence.some((x) => /200 MiB/.test(x.why) && /26 times/.test(x.why)));
  });

  test('v2 summary with oom_memcg equal to task_memcg', () => {
    const e = judge(rawBuilder().header('java').summary({ constraint: 'CONSTRAINT_MEMCG', oomMemcg: '/kubepods/pod1/c1', taskMemcg: '/kubepods/pod1/c1' }).memory(1048576, 1048576, 9).killed(7, 'java', { message: 'Memory cgroup out of memory' }).build());
    assert.equal(e.cause, 'cgroup_limit');
    assert.match(e.evidence[0]!.why, /CONSTRAINT_MEMCG/);
  });

  test('only the "Memory cgroup out of memory" kill prefix: cgroup_limit, saying the paths are not printed', () => {
    const e = judge(rawBuilder().killed(7, 'python', { message: 'Memory cgroup out of memory' }).headerMissing().build());
    assert.equal(e.cause, 'cgroup_limit');
    assert.match(e.evidence[0]!.why, /taken to be the task's own/);
    assert.equal(e.constraint, 'CONSTRAINT_MEMCG');
  });

  test('"Memory limit reached of cgroup /a" is a cgroup OOM', () => {
    const raw = rawBuilder().header('x').build();
    raw.memcgLimitReached = { at: { line: 2, text: 'Memory limit reached of cgroup /a' }, path: '/a' };
    assert.equal(judge(raw).cause, 'cgroup_limit');
  });

  test('not produced without any cgroup line', () => {
    const e = judge(rawBuilder().header('test').killed(10, 'test').build());
    assert.notEqual(e.cause, 'cgroup_limit');
    assert.equal(e.memcg, null);
  });
});

describe('cause: parent_cgroup_limit', () => {
  test('v1 "Task in /mm_test/2 killed as a result of limit of /mm_test", failcnt 1607', () => {
    const e = judge(rawBuilder().header('test').taskIn('/mm_test/2', '/mm_test').memory(204800, 204800, 1607).killed(10, 'test').build());
    assert.equal(e.cause, 'parent_cgroup_limit');
    assert.equal(e.memcg?.taskPath, '/mm_test/2');
    assert.equal(e.memcg?.oomPath, '/mm_test');
    assert.equal(e.memcg?.failcnt, 1607);
    assert.match(e.evidence[0]!.why, /own cgroup \/mm_test\/2 did not hit its limit; its parent \/mm_test did/);
  });

  test('v2 oom_memcg a proper ancestor of task_memcg', () => {
    const e = judge(rawBuilder().header('w').summary({ constraint: 'CONSTRAINT_MEMCG', oomMemcg: '/kubepods/burstable/podA', taskMemcg: '/kubepods/burstable/podA/ctr' }).killed(1, 'w', { message: 'Memory cgroup out of memory' }).build());
    assert.equal(e.cause, 'parent_cgroup_limit');
  });

  test('a sibling whose name merely starts with the limited path is not a child', () => {
    const e = judge(rawBuilder().header('t').taskIn('/mm_test2', '/mm_test').killed(1, 't').build());
    assert.equal(e.cause, 'cgroup_limit');
  });
});

describe('cause: system_memory_exhausted', () => {
  test('"limit of host" and Node 0 Normal free 46592kB below min 46712kB', () => {
    const e = judge(rawBuilder().header('test', { gfpFlags: 'GFP_HIGHUSER_MOVABLE|__GFP_ZERO' }).taskIn('/user.slice', 'host').zone(0, 'DMA32', 155160, 152412, 190512, 228612).zone(0, 'Normal', 46592, 46712, 58388, 70064).killed(10, 'test').build());
    assert.equal(e.cause, 'system_memory_exhausted');
    assert.ok(e.evidence.some((x) => /limit of host/.test(x.text)));
    assert.ok(e.evidence.some((x) => /Node 0 Normal free 45\.5 MiB was below its min watermark 45\.62 MiB/.test(x.why)));
    assert.equal(e.memcg?.taskPath, '/user.slice');
    assert.equal(e.memcg?.oomPath, null);
  });

  test('summary CONSTRAINT_NONE, global_oom', () => {
    const e = judge(rawBuilder().header('grep').summary({ constraint: 'CONSTRAINT_NONE', taskMemcg: '/user.slice/x' }).killed(5, 'grep').build());
    assert.equal(e.cause, 'system_memory_exhausted');
    assert.equal(e.constraint, 'CONSTRAINT_NONE');
  });

  test('only a non-cgroup "Out of memory" kill message: says that is all it has', () => {
    const e = judge(rawBuilder().killed(360303, 'doris_be').headerMissing().build());
    assert.equal(e.cause, 'system_memory_exhausted');
    assert.match(e.evidence[0]!.why, /only the kill message shows it/);
  });

  test('not produced from a kill line without a message and nothing else (unknown instead, naming what is missing)', () => {
    const e = judge(rawBuilder().killed(1, 'x', { message: null }).headerMissing().build());
    assert.equal(e.cause, 'unknown');
    assert.match(e.evidence[0]!.why, /missing .*header.*summary.*watermarks/);
  });
});

describe('cause: numa_node_exhausted', () => {
  const seedNuma = () =>
    rawBuilder()
      .header('main', { gfpFlags: 'GFP_HIGHUSER_MOVABLE|__GFP_ZERO' })
      .cpuset('main', 'mm_cpuset', '1')
      .taskIn('/', 'host')
      .meminfo({ active_anon: 172, inactive_anon: 4518735, free: 4111496 })
      .zone(1, 'Normal', 43636, 45148, 441424, 837700)
      .buddy(1, 'Normal', [856, 375, 183, 184, 87, 45, 16, 5, 14, 0, 0])
      .hugepages(0, 360, 360, 1048576)
      .hugepages(0, 0, 0, 2048)
      .hugepages(1, 360, 360, 1048576)
      .hugepages(1, 0, 0, 2048)
      .killed(2, 'main');

  test('mems_allowed=1 of nodes 0-1, Node 1 free 43636kB < low 441424kB, 4111496 pages free machine-wide', () => {
    const e = judge(seedNuma().build());
    assert.equal(e.cause, 'numa_node_exhausted');
    assert.match(e.evidence[0]!.why, /mems_allowed=1: the task may use only NUMA node 1 of 0-1/);
    assert.ok(e.evidence.some((x) => /Node 1 Normal \(an allowed node\) had 42\.61 MiB free, below its low watermark 431 MiB/.test(x.why)));
    assert.ok(e.evidence.some((x) => /15\.68 GiB was free machine-wide/.test(x.why)));
  });

  test('CONSTRAINT_CPUSET in the summary', () => {
    const e = judge(rawBuilder().header('a').summary({ constraint: 'CONSTRAINT_CPUSET', memsAllowed: '1', cpuset: 'mm_cpuset' }).killed(1, 'a').build());
    assert.equal(e.cause, 'numa_node_exhausted');
  });

  test('not produced when mems_allowed covers every node the dump shows', () => {
    const b = seedNuma();
    b.raw.cpuset!.memsAllowed = '0-1';
    assert.equal(judge(b.build()).cause, 'system_memory_exhausted');
  });

  test('not produced when the other nodes have no free memory to speak of', () => {
    const b = seedNuma();
    b.raw.meminfo['free'] = 11000;
    assert.notEqual(judge(b.build()).cause, 'numa_node_exhausted');
  });
});

describe('cause: mempolicy_restricted', () => {
  test('CONSTRAINT_MEMORY_POLICY', () => {
    const e = judge(rawBuilder().header('a').summary({ constraint: 'CONSTRAINT_MEMORY_POLICY' }).killed(1, 'a').build());
    assert.equal(e.cause, 'mempolicy_restricted');
    assert.match(e.evidence[0]!.why, /mbind\(\)\/set_mempolicy\(\)/);
  });
});

describe('cause: fragmentation', () => {
  const seedFrag = () =>
    rawBuilder()
      .header('insmod', { order: 3, gfpFlags: 'GFP_KERNEL' })
      .cpuset('insmod', '/', '0')
      .taskIn('/user.slice', 'host')
      .zone(0, 'Normal', 23500, 15892, 19864, 23836)
      .buddy(0, 'Normal', [1325, 966, 675, 0, 0, 0, 0, 0, 0, 0, 0])
      .killed(3, 'insmod');

  test('order=3, Node 0 Normal free 23500kB > low 19864kB, no free block of 32kB or more', () => {
    const e = judge(seedFrag().build());
    assert.equal(e.cause, 'fragmentation');
    assert.match(e.evidence[0]!.why, /order=3: the allocation needed 8 physically contiguous pages \(32 KiB\)/);
    assert.ok(e.evidence.some((x) => /no free block of 32 KiB or larger/.test(x.why)));
    assert.ok(e.factors.includes('high_order_request'));
  });

  test('not produced when a large enough block is free', () => {
    const b = seedFrag();
    b.raw.buddy[0]!.blocks[4]!.count = 2;
    assert.equal(judge(b.build()).cause, 'system_memory_exhausted');
  });

  test('not produced for order 0', () => {
    const b = seedFrag();
    b.raw.header!.order = 0;
    assert.notEqual(judge(b.build()).cause, 'fragmentation');
  });

  test('not produced when the zone is below its low watermark (that is exhaustion)', () => {
    const b = seedFrag();
    b.raw.zones[0]!.freeKb = 18000;
    assert.equal(judge(b.build()).cause, 'system_memory_exhausted');
  });

  test('not produced when the buddy line is missing', () => {
    const b = seedFrag();
    b.raw.buddy = [];
    assert.notEqual(judge(b.build()).cause, 'fragmentation');
  });
});

describe('cause: manual_trigger', () => {
  test('sysrq line and order=-1', () => {
    const e = judge(rawBuilder().sysrq().header('bash', { order: -1 }).killed(1, 'x').build());
    assert.equal(e.cause, 'manual_trigger');
    assert.match(e.evidence[0]!.why, /SysRq f/);
    assert.equal(withKernelAdvice(buildOomEvent(rawBuilder().sysrq().header('bash', { order: -1 }).killed(1, 'x').build())).suggestions[0]!.id, 'find-sysrq-user');
  });

  test('order=-1 alone is enough', () => {
    assert.equal(judge(rawBuilder().header('bash', { order: -1 }).killed(1, 'x').build()).cause, 'manual_trigger');
  });
});
