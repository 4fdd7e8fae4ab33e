import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildOomEvent } from '../../../src/analysis/kernel/verdict/build-oom-event.js';
import { withKernelAdvice } from '../../../src/analysis/advice/advise.js';
import type { RawOomEvent } from '../../../src/analysis/kernel/parse/raw-event.js';
import type { OomEvent } from '../../../src/analysis/report/report-schema.js';

import { describeCgroupOwner } from '../../../src/analysis/advice/describe-cgroup-owner.js';
import { rawBuilder } from '../kernel/parse/raw-event-builder.js';
import { PLACEHOLDER, runWithMeminfo, shSyntaxError } from './run-on-host.js';

/** One kernel event through the verdict and the advice. */
const judge = (raw: RawOomEvent): OomEvent => withKernelAdvice(buildOomEvent(raw));

const ids = (e: { suggestions: { id: string }[] }) => e.suggestions.map((s) => s.id);

describe('cgroup suggestions name the cgroup, its numbers and the tool that owns it', () => {
  test('a kubepods path: pod UID and container id from the path, kubectl set resources with the new limit', () => {
    const path = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_4b5a_6978_8a9b_0c1d2e3f4a5b.slice/cri-containerd-' + 'ab'.repeat(32) + '.scope';
    const e = judge(rawBuilder().header('java').summary({ constraint: 'CONSTRAINT_MEMCG', oomMemcg: path, taskMemcg: path }).memory(524288, 524288, 12).swapV2(0, 0).killed(42, 'java', { message: 'Memory cgroup out of memory', anonRssKb: 500000 }).build());
    const fix = e.suggestions[0]!;
    assert.equal(fix.id, 'raise-cgroup-limit');
    assert.match(fix.detail, /is 512 MiB and allocations hit it 12 times/);
    assert.ok(fix.commands.map((c) => c.run).some((c) => c.includes('grep 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b')));
    assert.ok(fix.commands.map((c) => c.run).some((c) => c.startsWith('sudo crictl inspect abababababab')));
    assert.ok(fix.commands.map((c) => c.run).some((c) => c.includes('--limits=memory=640Mi')));
    assert.ok(fix.commands.map((c) => c.run).some((c) => c.includes(`echo 640M | sudo tee /sys/fs/cgroup${path}/memory.max`)), 'v2 path, since the swap: line shows cgroup v2');
    assert.ok(!fix.commands.map((c) => c.run).some((c) => c.includes('memory.limit_in_bytes')));
  });

  test('the cgroup checks label every value with its file (grep ., not bare numbers from cat)', () => {
    const e = judge(rawBuilder().header('test').summary({ constraint: 'CONSTRAINT_MEMCG', oomMemcg: '/mm_test', taskMemcg: '/mm_test/2' }).memory(204800, 204800, 1607).killed(30211, 'test', { message: 'Memory cgroup out of memory' }).build());
    const reads = e.suggestions[0]!.commands.filter((c) => c.effect === 'read').map((c) => c.run);
    // No line here says which hierarchy: each check is given for both, labelled.
    assert.ok(reads.includes('grep . /sys/fs/cgroup/memory/mm_test/*/memory.usage_in_bytes  # cgroup v1'), reads.join('\n'));
    assert.ok(reads.includes('grep . /sys/fs/cgroup/memory/mm_test/memory.usage_in_bytes /sys/fs/cgroup/memory/mm_test/memory.max_usage_in_bytes /sys/fs/cgroup/memory/mm_test/memory.failcnt  # cgroup v1'), reads.join('\n'));
    assert.ok(reads.includes('grep . /sys/fs/cgroup/mm_test/*/memory.current  # cgroup v2'), reads.join('\n'));
    assert.ok(reads.every((r) => !r.startsWith('cat ')), reads.join('\n'));
  });

  test('a systemd unit: systemctl set-property MemoryMax', () => {
    const e = judge(rawBuilder().header('node').summary({ constraint: 'CONSTRAINT_MEMCG', oomMemcg: '/system.slice/api.service', taskMemcg: '/system.slice/api.service' }).memory(1048576, 1048576, 3).swapV2(0, 0).killed(9, 'node', { message: 'Memory cgroup out of memory' }).build());
    assert.ok(e.suggestions[0]!.commands.map((c) => c.run).includes('sudo systemctl set-property api.service MemoryMax=1280M'));
  });

  test('describeCgroupOwner reads cgroupfs-driver kubepods paths and docker paths', () => {
    assert.deepEqual(describeCgroupOwner('/kubepods/burstable/pod0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/' + 'c'.repeat(64)), { kind: 'kubernetes', podUid: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', containerId: 'c'.repeat(64) });
    assert.deepEqual(describeCgroupOwner('/docker/' + 'd'.repeat(64)), { kind: 'docker', containerId: 'd'.repeat(64) });
    assert.equal(describeCgroupOwner('/mm_test'), null);
  });

  test('a cgroup OOM gets no machine-wide advice', () => {
    const e = judge(rawBuilder().header('test').taskIn('/mm_test', '/mm_test').memory(204800, 204800, 26).killed(1, 'test').build());
    assert.ok(!ids(e).some((id) => ['reduce-memory-demand', 'strict-overcommit', 'check-kernel-side-memory'].includes(id)));
  });
});

describe('victim programs get their own setting, sized from the log', () => {
  test('mysqld on a 4 GiB machine: innodb_buffer_pool_size about 60% of RAM', () => {
    const e = judge(rawBuilder().header('mysqld').taskIn('/', 'host').pagesRam(1048576).swap(0, 0).killed(3, 'mysqld', { anonRssKb: 3000000 }).build());
    const s = e.suggestions.find((x) => x.id === 'mysql-buffer-pool')!;
    assert.match(s.title, /2\.4 GiB/);
    assert.ok(s.commands.map((c) => c.run).some((c) => c.includes('innodb_buffer_pool_size = 2457M')));
  });

  test('java in a 2 GiB cgroup: -Xmx 60% of the limit', () => {
    const e = judge(rawBuilder().header('java').taskIn('/app', '/app').memory(2097152, 2097152, 1).killed(3, 'java', { message: 'Memory cgroup out of memory', anonRssKb: 1900000 }).build());
    const s = e.suggestions.find((x) => x.id === 'java-heap')!;
    assert.match(s.detail, /-Xmx1228m/);
    assert.match(s.detail, /limit of cgroup \/app/);
  });

  test('redis-server: maxmemory half of RAM', () => {
    const e = judge(rawBuilder().header('redis-server').taskIn('/', 'host').pagesRam(2097152).killed(3, 'redis-server', { anonRssKb: 6000000 }).build());
    assert.ok(e.suggestions.find((x) => x.id === 'redis-maxmemory')!.commands.map((c) => c.run).includes('redis-cli CONFIG SET maxmemory 4096mb'));
  });

  test('doris_be on a 61 GiB machine (15990784 pages RAM): the low water mark is 10% of RAM in bytes', () => {
    const e = judge(rawBuilder().header('doris_be').taskIn('/', 'host').pagesRam(15990784).swap(0, 0).killed(12345, 'doris_be', { anonRssKb: 58720256 }).build());
    const s = e.suggestions.find((x) => x.id === 'doris-mem-limit')!;
    assert.match(s.detail, /max_sys_mem_available_low_water_mark_bytes=6549825126 \(10% of 61 GiB\)/);
    assert.match(s.detail, /80% of 61 GiB is 48\.8 GiB/);
    assert.ok(s.commands.map((c) => c.run).some((c) => c.includes('max_sys_mem_available_low_water_mark_bytes = 6549825126')));
    assert.doesNotMatch([s.detail, ...s.commands].join('\n'), /<[^>\n]+>/);
  });

  test('doris_be with no size in the log (a lone kill line): no placeholder, the command computes 10% of MemTotal', () => {
    const e = judge(rawBuilder().killed(360303, 'doris_be', { anonRssKb: 62273128 }).headerMissing().build());
    const s = e.suggestions.find((x) => x.id === 'doris-mem-limit')!;
    assert.doesNotMatch([s.title, s.detail, ...s.commands].join('\n'), /<[^>\n]+>/);
    assert.match(s.detail, /max_sys_mem_available_low_water_mark_bytes to 10% of the BE host's RAM in bytes/);
    assert.ok(s.commands.map((c) => c.run).includes(`printf 'mem_limit = 80%%\\nmax_sys_mem_available_low_water_mark_bytes = %s\\n' $(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024 / 10 )) >> be/conf/be.conf`));
  });

  test('an unknown program gets no program advice', () => {
    const e = judge(rawBuilder().header('a').taskIn('/', 'host').killed(3, 'my-tool').build());
    assert.ok(!ids(e).some((id) => /heap|buffer-pool|maxmemory|wiredtiger|mem-limit/.test(id)));
  });
});

describe('without a size in the log, the commands size the setting on the host itself (no placeholder)', () => {
  /** A lone kill line (no header, no Mem-Info, no cgroup): the log shows neither RAM nor a limit. */
  const lone = (comm: string) => judge(rawBuilder().killed(4242, comm, { anonRssKb: 3000000 }).headerMissing().build());
  /** Same kill with the dump's `pages RAM`: 4079603 pages × 4 kB = 16318412 kB, the MemTotal of FAKE_MEMINFO. */
  const sized = (comm: string) => judge(rawBuilder().header(comm).taskIn('/', 'host').pagesRam(4079603).killed(4242, comm, { anonRssKb: 3000000 }).build());
  const FAKE_MEMINFO = 'MemTotal:       16318412 kB\nMemFree:          912000 kB\nHugePages_Total:     512\nHugePages_Free:      200\nHugePages_Rsvd:       10\nHugePages_Surp:        0\nHugepagesize:       2048 kB\n';
  const find = (e: ReturnType<typeof lone>, id: string) => e.suggestions.find((x) => x.id === id)!;
  // comm is at most 15 characters: clickhouse-server is killed as clickhouse-serv.
  const programs = [
    { comm: 'mysqld', id: 'mysql-buffer-pool', says: /innodb_buffer_pool_size to about 60% of the host's RAM, computed from MemTotal/ },
    { comm: 'redis-server', id: 'redis-maxmemory', says: /maxmemory to 50% of the host's RAM, computed from MemTotal/ },
    { comm: 'elasticsearch', id: 'search-heap', says: /50% of the host's RAM, computed from MemTotal, at most 31 GiB/ },
    { comm: 'opensearch', id: 'search-heap', says: /50% of the host's RAM, computed from MemTotal, at most 31 GiB/ },
    { comm: 'node', id: 'node-max-old-space', says: /--max-old-space-size to 60% of the host's RAM, computed from MemTotal/ },
    { comm: 'clickhouse-serv', id: 'clickhouse-server-memory', says: /max_server_memory_usage_to_ram_ratio to 0\.8/ },
    { comm: 'doris_be', id: 'doris-mem-limit', says: /10% of the BE host's RAM/ },
  ];

  for (const { comm, id, says } of programs) {
    test(`${comm}: every command is complete and parses with sh -n; the detail says what the value is`, () => {
      const s = find(lone(comm), id);
      assert.doesNotMatch([s.title, s.detail, ...s.commands].join('\n'), PLACEHOLDER);
      for (const c of s.commands.map((c) => c.run)) assert.equal(shSyntaxError(c), null);
      assert.match(s.detail, says);
    });
  }

  test('the host computes what the log would have given: same output as the log-sized commands when MemTotal is the dump\'s RAM', () => {
    for (const { comm, id } of programs.filter((p) => !/^(clickhouse|doris)/.test(p.comm))) {
      const fromHost = find(lone(comm), id).commands.map((c) => c.run);
      const fromLog = find(sized(comm), id).commands.map((c) => c.run);
      assert.equal(fromHost.length, fromLog.length, comm);
      fromHost.forEach((c, i) => {
        const after = c.startsWith('export NODE_OPTIONS=') ? 'echo "$NODE_OPTIONS"' : '';
        assert.equal(runWithMeminfo(c, FAKE_MEMINFO, after), runWithMeminfo(fromLog[i]!, FAKE_MEMINFO, after), `${comm}: ${c}`);
      });
    }
  });

  test('the arithmetic, run under sh with a fake /proc/meminfo (MemTotal 16318412 kB)', () => {
    const on = (comm: string, id: string, match: RegExp) => find(lone(comm), id).commands.map((c) => c.run).find((c) => match.test(c))!;
    assert.equal(runWithMeminfo(on('redis-server', 'redis-maxmemory', /CONFIG SET maxmemory /), FAKE_MEMINFO), 'CONFIG SET maxmemory 7967mb\n');
    assert.equal(runWithMeminfo(on('node', 'node-max-old-space', /NODE_OPTIONS/), FAKE_MEMINFO, 'echo "$NODE_OPTIONS"'), '--max-old-space-size=9561\n');
    assert.equal(runWithMeminfo(on('mysqld', 'mysql-buffer-pool', /SET GLOBAL/), FAKE_MEMINFO), '-e SET GLOBAL innodb_buffer_pool_size = 9932111872\n', '60% rounded down to 128 MiB chunks');
    assert.equal(runWithMeminfo(on('mysqld', 'mysql-buffer-pool', /my\.cnf/), FAKE_MEMINFO), '[mysqld]\ninnodb_buffer_pool_size = 9561M\n');
    const heap = on('elasticsearch', 'search-heap', /jvm\.options/);
    assert.equal(runWithMeminfo(heap, FAKE_MEMINFO), '-Xms7g\n-Xmx7g\n');
    assert.equal(runWithMeminfo(heap, 'MemTotal:       264000000 kB\n'), '-Xms31g\n-Xmx31g\n', 'capped at 31 GB (compressed oops)');
    assert.equal(runWithMeminfo(heap, 'MemTotal:         1000000 kB\n'), '-Xms1g\n-Xmx1g\n', 'at least 1 GB');
    assert.equal(runWithMeminfo(on('clickhouse-serv', 'clickhouse-server-memory', /config\.d/), FAKE_MEMINFO), '<clickhouse>\n  <max_server_memory_usage_to_ram_ratio>0.8</max_server_memory_usage_to_ram_ratio>\n</clickhouse>\n');
  });
});

describe('system-wide suggestions follow the factors', () => {
  const g = () => rawBuilder().header('a').taskIn('/', 'host').pagesRam(4194304);

  test('no swap → add a quarter of RAM as swap; swap present → no such suggestion', () => {
    const none = judge(g().swap(0, 0).killed(1, 'a').build());
    const add = none.suggestions.find((s) => s.id === 'add-swap')!;
    assert.match(add.title, /add 4 GiB of swap/);
    assert.ok(add.commands.map((c) => c.run).includes('sudo fallocate -l 4G /swapfile'));
    assert.ok(!ids(judge(g().swap(1000, 2000000).killed(1, 'a').build())).includes('add-swap'));
  });

  test('HugeTLB pool → nr_hugepages set to the pages in use', () => {
    const e = judge(g().hugepages(0, 8, 5, 1048576).hugepages(1, 8, 5, 1048576).killed(1, 'a').build());
    assert.ok(e.factors.includes('hugepages_reserved'));
    const s = e.suggestions.find((x) => x.id === 'shrink-hugepages-pool')!;
    assert.ok(s.commands.map((c) => c.run).includes('echo 6 | sudo tee /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages'));
    // The kernel prints every huge page size it has, so a single size is the default one vm.nr_hugepages sets.
    assert.ok(s.commands.map((c) => c.run).includes('echo "vm.nr_hugepages = 6" | sudo tee /etc/sysctl.d/90-hugepages.conf'));
  });

  test('HugeTLB pools of two sizes: vm.nr_hugepages (the default size) is computed on the host from HugePages_*', () => {
    const e = judge(g().hugepages(0, 1024, 1000, 2048).hugepages(0, 8, 5, 1048576).killed(1, 'a').build());
    const s = e.suggestions.find((x) => x.id === 'shrink-hugepages-pool')!;
    assert.doesNotMatch([s.title, s.detail, ...s.commands].join('\n'), PLACEHOLDER);
    for (const c of s.commands.map((c) => c.run)) assert.equal(shSyntaxError(c), null);
    assert.match(s.detail, /HugePages_Total − HugePages_Free \+ HugePages_Rsvd/);
    const persist = s.commands.map((c) => c.run).find((c) => c.includes('vm.nr_hugepages'))!;
    const meminfo = 'MemTotal:       16318412 kB\nHugePages_Total:     512\nHugePages_Free:      200\nHugePages_Rsvd:       10\nHugePages_Surp:        0\n';
    assert.equal(runWithMeminfo(persist, meminfo), 'vm.nr_hugepages = 322\n', '512 − 200 free + 10 reserved');
  });

  test('slab leak suggestion carries the SUnreclaim size from the dump', () => {
    const e = judge(g().meminfo({ slab_unreclaimable: 1048576 }).killed(1, 'a').build());
    assert.match(e.suggestions.find((s) => s.id === 'check-slab-leak')!.title, /4 GiB/);
  });

  test('overcommit=2 is offered with its caveat, quoting the victim\'s virtual size', () => {
    const e = judge(g().killed(1, 'mongod', { totalVmKb: 135707920, anonRssKb: 103312 }).build());
    const s = e.suggestions.find((x) => x.id === 'strict-overcommit')!;
    assert.match(s.detail, /Caveat/);
    assert.match(s.detail, /mongod had reserved 129 GiB of virtual memory but used 101 MiB/);
  });
});

describe('steering the OOM killer (seed 003)', () => {
  test('a known service victim gets oom_score_adj -500 and OOMScoreAdjust', () => {
    const e = judge(rawBuilder().header('httpd').taskIn('/', 'host').tasks([{ pid: 9682, name: 'mysqld', rssPages: 600 }, { pid: 8911, name: 'httpd', rssPages: 400 }]).killed(9682, 'mysqld').build());
    const s = e.suggestions.find((x) => x.id === 'shield-victim')!;
    assert.ok(s.commands.map((c) => c.run).includes('echo -500 | sudo tee /proc/$(pgrep -o -x mysqld)/oom_score_adj'));
    assert.ok(s.commands.map((c) => c.run).some((c) => c.includes('OOMScoreAdjust=-500')));
  });

  test('shielded larger tasks are listed for review', () => {
    const e = judge(rawBuilder().header('a').taskIn('/', 'host').tasks([{ pid: 60, name: 'etcd', rssPages: 80000, oomScoreAdj: -1000 }, { pid: 70, name: 'app', rssPages: 20000 }]).killed(70, 'app').build());
    assert.match(e.suggestions.find((x) => x.id === 'review-shielded-tasks')!.detail, /etcd \(pid 60, 313 MiB, oom_score_adj -1000\)/);
  });
});
