/**
 * The seeds' examples end to end (text in, Report out), on verbatim excerpts of
 * /work/shared/seeds/001 (Alibaba Cloud Linux help centre, "出现OOM Killer的原因及解决方案"),
 * 000 (Apache Doris docs, "OOM Killer Crash 分析"), 003 (cnblogs post quoting vpsee.com) and
 * 004 (blog post on MongoDB OOM kills). Each excerpt is one of the seed's example blocks as printed.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze.js';
import { Report } from '../../src/analysis/report/report-schema.js';

const SEED_001_CGROUP = `[Wed Sep  8 18:01:32 2021] test invoked oom-killer: gfp_mask=0x240****(GFP_KERNEL), nodemask=0, order=0, oom_score_adj=0
[Wed Sep  8 18:01:32 2021] Task in /mm_test killed as a result of limit of /mm_test
[Wed Sep  8 18:01:32 2021] memory: usage 204800kB, limit 204800kB, failcnt 26
`;

const SEED_001_PARENT_CGROUP = `[Fri Sep 10 16:15:14 2021] test invoked oom-killer: gfp_mask=0x240****(GFP_KERNEL), nodemask=0, order=0, oom_score_adj=0
[Fri Sep 10 16:15:14 2021] Task in /mm_test/2 killed as a result of limit of /mm_test
[Fri Sep 10 16:15:14 2021] memory: usage 204800kB, limit 204800kB, failcnt 1607
`;

const SEED_001_GLOBAL = `[六 9月 11 12:24:42 2021] test invoked oom-killer: gfp_mask=0x62****(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), order=0,
[六 9月 11 12:24:42 2021] Task in /user.slice killed as a result of limit of host
[六 9月 11 12:24:42 2021] Node 0 DMA32 free:155160kB min:152412kB low:190512kB high:228612kB
[六 9月 11 12:24:42 2021] Node 0 Normal free:46592kB min:46712kB low:58388kB high:70064kB
`;

const SEED_001_NUMA = `[Sat Sep 11 09:46:24 2021] main invoked oom-killer: gfp_mask=0x62****(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), order=0, oom_score_adj=0
[Sat Sep 11 09:46:24 2021] main cpuset=mm_cpuset mems_allowed=1
[Sat Sep 11 09:46:24 2021] Task in / killed as a result of limit of host
[Sat Sep 11 09:46:24 2021] Mem-Info:
[Sat Sep 11 09:46:24 2021] active_anon:172 inactive_anon:4518735 isolated_anon:
    free:4111496 free_pcp:1 free_cma:0
[Sat Sep 11 09:46:24 2021] Node 1 Normal free:43636kB min:45148kB low:441424kB high:837700kB
[Sat Sep 11 09:46:24 2021] Node 1 Normal: 856*4kB (UME) 375*8kB (UME) 183*16kB (UME) 184*32kB (UME) 87*64kB (ME) 45*128kB (UME) 16*256kB (UME) 5*512kB (UE) 14*1024kB (UME) 0     *2048kB 0*4096kB = 47560kB
[Sat Sep 11 09:46:24 2021] Node 0 hugepages_total=360 hugepages_free=360 hugepages_surp=0 hugepages_size=1048576kB
[Sat Sep 11 09:46:24 2021] Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB
[Sat Sep 11 09:46:24 2021] Node 1 hugepages_total=360 hugepages_free=360 hugepages_surp=0 hugepages_size=1048576kB
[Sat Sep 11 09:46:25 2021] Node 1 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB
`;

const SEED_001_FRAGMENTATION = `[六 9月 11 15:22:46 2021] insmod invoked oom-killer: gfp_mask=0x60****(GFP_KERNEL), nodemask=(null), order=3, oom_score_adj=0
[六 9月 11 15:22:46 2021] insmod cpuset=/ mems_allowed=0
[六 9月 11 15:22:46 2021] Task in /user.slice killed as a result of limit of host
[六 9月 11 15:22:46 2021] Node 0 Normal free:23500kB min:15892kB low:19864kB high:23836kB active_anon:308kB inactive_anon:194492kB active_file:384kB inactive_file:420kB unevi    ctable:0kB writepending:464kB present:917504kB managed:852784kB mlocked:0kB kernel_stack:2928kB pagetables:9188kB bounce:0kB
[六 9月 11 15:22:46 2021] Node 0 Normal: 1325*4kB (UME) 966*8kB (UME) 675*16kB (UME) 0*32kB (M) 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB =
`;

const SEED_000_DORIS = `[Thu Jul 18 15:03:59 2024] Out of memory: Killed process 360303 (doris_be) total-vm:213416916kB, anon-rss:62273128kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:337048kB oom_score_adj:0
`;

const SEED_003_MYSQLD = ` 1 ...
 2 Out of memory: Kill process 9682 (mysqld) score 9 or sacrifice child
 3 Killed process 9682, UID 27, (mysqld) total-vm:47388kB, anon-rss:3744kB, file-rss:80kB
 4 httpd invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0
 5 httpd cpuset=/ mems_allowed=0
 6 Pid: 8911, comm: httpd Not tainted 2.6.32-279.1.1.el6.i686 #1
 7 ...
 8 21556 total pagecache pages
 9 21049 pages in swap cache
10 Swap cache stats: add 12819103, delete 12798054, find 3188096/4634617
11 Free swap  = 0kB
12 Total swap = 524280kB
13 131071 pages RAM
14 0 pages HighMem
15 3673 pages reserved
16 67960 pages shared
17 124940 pages non-shared
`;

const SEED_004_MONGOD = `Aug 11 03:48:24 iZ23syelc0bZ kernel: [4612204.758208] Out of memory: Kill process 26379 (tmux) score 6 or sacrifice child
Aug 11 03:48:24 iZ23syelc0bZ kernel: [4612204.758279] Killed process 26551 (bash) total-vm:23220kB, anon-rss:2768kB, file-rss:8kB
Aug 11 03:48:24 iZ23syelc0bZ kernel: [4612204.859171] mongod invoked oom-killer: gfp_mask=0x84d0, order=0, oom_adj=0, oom_score_adj=0
Aug 11 03:48:24 iZ23syelc0bZ kernel: [4612204.859177] mongod cpuset=/ mems_allowed=0
Aug 11 03:48:24 iZ23syelc0bZ kernel: [4612204.859180] Pid: 1067, comm: mongod Not tainted 3.2.0-67-generic #101-Ubuntu
Aug 11 03:48:24 iZ23syelc0bZ kernel: [4612204.859183] Call Trace:
Aug 11 03:48:24 iZ23syelc0bZ kernel: [4612204.859193]  [<ffffffff8111d381>] dump_header+0x91/0xe0
Aug 11 03:52:07 iZ23syelc0bZ kernel: [4612427.964874] Out of memory: Kill process 19716 (mongod) score 6 or sacrifice child
Aug 11 03:52:07 iZ23syelc0bZ kernel: [4612427.965110] Killed process 19716 (mongod) total-vm:135707920kB, anon-rss:103312kB, file-rss:0kB
`;

function analyse(text: string) {
  const report = analyzeText(text);
  assert.ok(Report.safeParse(report).success, 'the report matches the DESIGN §2 schema');
  return report;
}

function onlyEvent(text: string) {
  const { events } = analyse(text);
  assert.equal(events.length, 1);
  return events[0]!;
}

describe('seed 001: the five OOM scenarios come out with the seed\'s cause', () => {
  test('cgroup /mm_test at its 200 MiB limit, failcnt 26 → cgroup_limit', () => {
    const e = onlyEvent(SEED_001_CGROUP);
    assert.equal(e.cause, 'cgroup_limit');
    assert.deepEqual([e.memcg?.oomPath, e.memcg?.limitKb, e.memcg?.failcnt], ['/mm_test', 204800, 26]);
    assert.equal(e.evidence[0]!.line, 2);
    const fix = e.suggestions.find((s) => s.id === 'raise-cgroup-limit');
    assert.match(fix!.detail, /cgroup \/mm_test is 200 MiB and allocations hit it 26 times/);
    // The excerpt does not show the hierarchy, so each command says which one it is for.
    assert.ok(fix!.commands.map((c) => c.run).includes('echo 250M | sudo tee /sys/fs/cgroup/memory/mm_test/memory.limit_in_bytes  # cgroup v1'));
  });

  test('task in /mm_test/2 under the limited /mm_test, failcnt 1607 → parent_cgroup_limit', () => {
    const e = onlyEvent(SEED_001_PARENT_CGROUP);
    assert.equal(e.cause, 'parent_cgroup_limit');
    assert.deepEqual([e.memcg?.taskPath, e.memcg?.oomPath, e.memcg?.failcnt], ['/mm_test/2', '/mm_test', 1607]);
    assert.match(e.suggestions[0]!.detail, /1607 times/);
  });

  test('limit of host, Node 0 Normal free 46592kB < min 46712kB → system_memory_exhausted', () => {
    const e = onlyEvent(SEED_001_GLOBAL);
    assert.equal(e.cause, 'system_memory_exhausted');
    assert.ok(e.evidence.some((x) => x.line === 4 && /below its min watermark/.test(x.why)));
  });

  test('mems_allowed=1, Node 1 free 43636kB < low 441424kB, free:4111496 pages → numa_node_exhausted', () => {
    const e = onlyEvent(SEED_001_NUMA);
    assert.equal(e.cause, 'numa_node_exhausted');
    const fix = e.suggestions.find((s) => s.id === 'widen-cpuset-mems');
    assert.ok(fix!.commands.map((c) => c.run).includes('cat /proc/buddyinfo'));
    assert.ok(fix!.commands.map((c) => c.run).some((c) => c.includes('/sys/fs/cgroup/cpuset/mm_cpuset/cpuset.mems')));
  });

  test('order=3, free 23500kB > low 19864kB, 0*32kB and up → fragmentation', () => {
    const e = onlyEvent(SEED_001_FRAGMENTATION);
    assert.equal(e.cause, 'fragmentation');
    assert.ok(e.factors.includes('high_order_request'));
    assert.ok(e.suggestions[0]!.commands.map((c) => c.run).includes('echo 1 | sudo tee /proc/sys/vm/compact_memory'));
  });
});

describe('seeds 000, 003, 004: victims and numbers', () => {
  test('000: doris_be 360303 with anon-rss 62273128 kB, and Doris settings suggested', () => {
    const e = onlyEvent(SEED_000_DORIS);
    assert.deepEqual(
      [e.victim?.pid, e.victim?.comm, e.victim?.anonRssKb, e.victim?.totalVmKb, e.victim?.pgtablesKb, e.victim?.uid],
      [360303, 'doris_be', 62273128, 213416916, 337048, 0],
    );
    assert.equal(e.cause, 'system_memory_exhausted');
    assert.ok(e.factors.includes('header_rate_limited'));
    const doris = e.suggestions.find((s) => s.id === 'doris-mem-limit');
    assert.match(doris!.detail, /59\.39 GiB/);
    assert.match(doris!.detail, /mem_limit=80%/);
  });

  test('003: mysqld 9682, UID 27, total-vm 47388, anon-rss 3744, file-rss 80, score 9; the dump with Free swap = 0kB → swap_exhausted', () => {
    const { events } = analyse(SEED_003_MYSQLD);
    const kill = events.find((e) => e.victim?.pid === 9682)!;
    assert.deepEqual(
      [kill.victim?.comm, kill.victim?.uid, kill.victim?.totalVmKb, kill.victim?.anonRssKb, kill.victim?.fileRssKb],
      ['mysqld', 27, 47388, 3744, 80],
    );
    assert.ok(kill.evidence.some((x) => /score 9/.test(x.why)));
    // A 3.7 MiB mysqld did not cause the shortage: no buffer-pool sizing from the machine for it.
    assert.ok(!kill.suggestions.some((s) => s.id === 'mysql-buffer-pool'));
    const dump = events.find((e) => e.evidence.some((x) => /Free swap/.test(x.text)))!;
    assert.ok(dump.factors.includes('swap_exhausted'));
    assert.equal(dump.trigger?.comm, 'httpd');
  });

  test('004: bash 26551 sacrificed for tmux 26379; mongod 19716 total-vm 135707920 anon-rss 103312', () => {
    const { events } = analyse(SEED_004_MONGOD);
    const bash = events.find((e) => e.victim?.pid === 26551)!;
    assert.equal(bash.victim?.comm, 'bash');
    assert.ok(bash.evidence.some((x) => /selected tmux \(pid 26379, score 6\) but killed its child bash/.test(x.why)));
    const mongod = events.find((e) => e.victim?.pid === 19716)!;
    assert.deepEqual([mongod.victim?.comm, mongod.victim?.totalVmKb, mongod.victim?.anonRssKb], ['mongod', 135707920, 103312]);
    assert.ok(mongod.factors.includes('repeated_kills'));
    assert.ok(mongod.suggestions.some((s) => s.id === 'mongod-wiredtiger-cache'));
  });
});

describe('seeds 001 and 003: the solutions they give are offered', () => {
  test('001 系统全局内存不足: SUnreclaim above 10% of RAM, systemd RssAnon under 200 MB, THP tuning', () => {
    const e = onlyEvent(SEED_001_GLOBAL);
    const checks = e.suggestions.find((s) => s.id === 'check-kernel-side-memory');
    assert.ok(checks, JSON.stringify(e.suggestions.map((s) => s.id)));
    assert.match(checks.detail, /10% of RAM/);
    assert.match(checks.detail, /200 MiB/);
    for (const c of ['grep SUnreclaim /proc/meminfo', 'grep RssAnon /proc/1/status', 'cat /sys/kernel/mm/transparent_hugepage/enabled']) assert.ok(checks.commands.map((c) => c.run).includes(c), c);
  });

  test('001 子cgroup或父cgroup内存不足: the parent\'s memory.limit_in_bytes is what is raised', () => {
    const e = onlyEvent(SEED_001_PARENT_CGROUP);
    assert.ok(e.suggestions[0]!.commands.map((c) => c.run).some((c) => c.endsWith('/sys/fs/cgroup/memory/mm_test/memory.limit_in_bytes  # cgroup v1')), JSON.stringify(e.suggestions[0]));
  });

  test('003 配置 OOM killer: oom_score_adj for the victim and vm.overcommit_memory=2 with its caveat, for the paste\'s RHEL 6 kernel', () => {
    const { events } = analyse(SEED_003_MYSQLD);
    const kill = events.find((e) => e.victim?.pid === 9682)!;
    const shield = kill.suggestions.find((s) => s.id === 'shield-victim');
    assert.ok(shield?.commands.map((c) => c.run).some((c) => c.includes('/oom_score_adj')), JSON.stringify(shield));
    // The kill line has no dump of its own; the paste's other dump names 2.6.32-279.1.1.el6 (RHEL 6, which has no systemd).
    assert.equal(kill.kernelVersion, '2.6.32-279.1.1.el6.i686');
    assert.ok(!shield?.commands.map((c) => c.run).some((c) => c.includes('OOMScoreAdjust=')), 'no systemd drop-in on a RHEL 6 kernel');
    const overcommit = kill.suggestions.find((s) => s.id === 'strict-overcommit');
    assert.ok(overcommit?.commands.map((c) => c.run).includes('sudo sysctl -w vm.overcommit_memory=2'));
  });
});
