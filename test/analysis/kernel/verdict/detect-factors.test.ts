import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildOomEvent, applyCrossEventFactors } from '../../../../src/analysis/kernel/verdict/build-oom-event.js';
import { rawBuilder } from '../parse/raw-event-builder.js';
import type { RawOomEvent } from '../../../../src/analysis/kernel/parse/raw-event.js';
import type { OomEvent } from '../../../../src/analysis/report/report-schema.js';
import { adviseAcrossEvents, withKernelAdvice } from '../../../../src/analysis/advice/advise.js';

/** The verdict alone (no advice): what the kernel's lines prove. */
const judge = (raw: RawOomEvent): OomEvent => buildOomEvent(raw).event;

const global = () => rawBuilder().header('httpd').taskIn('/', 'host');

describe('factors', () => {
  test('swap_exhausted: Free swap = 0kB with Total swap = 524280kB (seed 003)', () => {
    const e = judge(global().swap(0, 524280).pagesRam(131071).killed(9682, 'mysqld').build());
    assert.ok(e.factors.includes('swap_exhausted'));
    assert.ok(!e.factors.includes('no_swap'));
    assert.ok(e.evidence.some((x) => /Free swap {2}= 0kB/.test(x.text) && /all 512 MiB of swap was used/.test(x.why)));
  });

  test('no_swap, not swap_exhausted, when Total swap = 0kB', () => {
    const e = judge(global().swap(0, 0).killed(1, 'a').build());
    assert.deepEqual(e.factors.filter((f) => f.includes('swap')), ['no_swap']);
  });

  test('neither swap factor when the swap lines are absent', () => {
    const e = judge(global().killed(1, 'a').build());
    assert.ok(!e.factors.some((f) => f.includes('swap')));
  });

  test('slab_unreclaimable_high above 10% of RAM, not at 5%', () => {
    const high = judge(global().meminfo({ slab_unreclaimable: 200000, free: 1000 }).pagesRam(1000000).killed(1, 'a').build());
    assert.ok(high.factors.includes('slab_unreclaimable_high'));
    assert.ok(high.evidence.some((x) => /unreclaimable slab was 781 MiB, 20% of RAM/.test(x.why)));
    const low = judge(global().meminfo({ slab_unreclaimable: 50000 }).pagesRam(1000000).killed(1, 'a').build());
    assert.ok(!low.factors.includes('slab_unreclaimable_high'));
    const noRam = judge(global().meminfo({ slab_unreclaimable: 500000 }).killed(1, 'a').build());
    assert.ok(!noRam.factors.includes('slab_unreclaimable_high'), 'no RAM figure, no verdict');
  });

  /** The Mem-Info counters of a 5.10 syzkaller dump whose paste elides "pages RAM" (slab_unreclaimable 279862 pages). */
  const SYZ_MEMINFO = { active_anon: 166, inactive_anon: 8300, isolated_anon: 0, active_file: 2, inactive_file: 3, isolated_file: 0, unevictable: 0, slab_reclaimable: 12481, slab_unreclaimable: 279862, pagetables: 446, free: 9671 };

  test('slab_unreclaimable_high without "pages RAM": against what the Mem-Info counters account for, above a quarter of it', () => {
    const e = judge(global().meminfo(SYZ_MEMINFO).killed(1, 'a').build());
    assert.ok(e.factors.includes('slab_unreclaimable_high'));
    assert.ok(e.evidence.some((x) => x.why === 'unreclaimable slab was 1.07 GiB, 90% of the 1.19 GiB the Mem-Info counters account for (RAM is not printed; more than a quarter of the counted memory: a kernel slab leak is likely)'), JSON.stringify(e.evidence));
    // 20% of the counted memory is above 10%, but the count is only a lower bound of RAM: not enough to say.
    const fifth = judge(global().meminfo({ ...SYZ_MEMINFO, slab_unreclaimable: 5000, inactive_anon: 12000 }).killed(1, 'a').build());
    assert.ok(!fifth.factors.includes('slab_unreclaimable_high'));
  });

  test('slab_unreclaimable_high without "pages RAM": against the zones\' present: sizes when the zones hold Mem-Info\'s free pages', () => {
    const withZones = (zoneFreeKb: number) => {
      const raw = global().meminfo({ ...SYZ_MEMINFO, slab_unreclaimable: 100000, free: 10000 }).zone(0, 'DMA32', zoneFreeKb, 1000, 1200).zone(0, 'Normal', 20000, 1000, 1200).killed(1, 'a').build();
      raw.zones[0]!.presentKb = 1048576;
      raw.zones[1]!.presentKb = 2097152;
      return judge(raw);
    };
    // 100000 pages of 4 KiB = 391 MiB, 13% of the 3 GiB the zones hold.
    const whole = withZones(20000);
    assert.ok(whole.evidence.some((x) => x.why === 'unreclaimable slab was 391 MiB, 13% of the 3 GiB of RAM the zones hold (above 10%: a kernel slab leak is likely)'), JSON.stringify(whole.evidence.map((x) => x.why)));
    // The zones printed hold far fewer free pages than Mem-Info counts: a zone is missing from the paste, so their sum is not RAM.
    const cut = withZones(100);
    assert.ok(!cut.evidence.some((x) => /the zones hold/.test(x.why)));
  });

  test('shmem_high and page_tables_high from Mem-Info', () => {
    const e = judge(global().meminfo({ shmem: 300000, pagetables: 80000 }).pagesRam(1000000).killed(1, 'a').build());
    assert.ok(e.factors.includes('shmem_high'));
    assert.ok(e.factors.includes('page_tables_high'));
    const none = judge(global().meminfo({ shmem: 1000, pagetables: 1000 }).pagesRam(1000000).killed(1, 'a').build());
    assert.ok(!none.factors.includes('shmem_high') && !none.factors.includes('page_tables_high'));
  });

  test('hugepages_reserved when the HugeTLB pool is over a quarter of RAM', () => {
    const e = judge(global().hugepages(0, 6, 6, 1048576).pagesRam(4194304).killed(1, 'a').build());
    assert.ok(e.factors.includes('hugepages_reserved'));
    assert.ok(e.evidence.some((x) => /HugeTLB pool reserves 6 GiB, 38% of RAM \(6 GiB of it unused\)/.test(x.why)));
    assert.ok(!judge(global().hugepages(0, 1, 1, 1048576).pagesRam(4194304).killed(1, 'a').build()).factors.includes('hugepages_reserved'));
    assert.ok(!judge(global().hugepages(0, 360, 360, 1048576).killed(1, 'a').build()).factors.includes('hugepages_reserved'), 'no RAM figure');
  });

  test('kmem_limit and memsw_limit when those v1 counters sit at their limits', () => {
    const e = judge(rawBuilder().header('a').taskIn('/a', '/a').memory(100000, 204800).memsw(204800, 204800, 3).kmem(51200, 51200, 7).killed(1, 'a').build());
    assert.ok(e.factors.includes('memsw_limit'));
    assert.ok(e.factors.includes('kmem_limit'));
    assert.equal(e.memcg?.swapUsageKb, 104800, 'swap = memory+swap usage − memory usage');
    assert.equal(e.memcg?.swapLimitKb, 0);
    const unlimited = judge(rawBuilder().header('a').taskIn('/a', '/a').memory(204800, 204800).memsw(204800, 9007199254740988).kmem(5000, 9007199254740988).killed(1, 'a').build());
    assert.ok(!unlimited.factors.includes('memsw_limit') && !unlimited.factors.includes('kmem_limit'));
    assert.equal(unlimited.memcg?.swapLimitKb, 9007199254740988, 'unlimited stays the unlimited number');
  });

  test('single_dominant_consumer when one task holds most of the dumped RSS', () => {
    const e = judge(global().tasks([{ pid: 1, name: 'systemd', rssPages: 1000 }, { pid: 9682, name: 'mysqld', rssPages: 90000 }, { pid: 8911, name: 'httpd', rssPages: 5000 }]).killed(9682, 'mysqld').build());
    assert.ok(e.factors.includes('single_dominant_consumer'));
    assert.ok(e.evidence.some((x) => /mysqld \(pid 9682\) held 94% of the RSS/.test(x.why)));
    const even = judge(global().tasks([{ pid: 1, name: 'a', rssPages: 1000 }, { pid: 2, name: 'b', rssPages: 1000 }]).killed(1, 'a').build());
    assert.ok(!even.factors.includes('single_dominant_consumer'));
  });

  test('victim_protected_others when a bigger task had oom_score_adj -1000', () => {
    const e = judge(global().tasks([{ pid: 50, name: 'sshd', rssPages: 100 }, { pid: 60, name: 'etcd', rssPages: 80000, oomScoreAdj: -1000 }, { pid: 70, name: 'app', rssPages: 20000 }]).killed(70, 'app').build());
    assert.ok(e.factors.includes('victim_protected_others'));
    assert.ok(e.evidence.some((x) => /etcd \(pid 60\) held more memory than the victim .* exempts it/.test(x.why)));
    const small = judge(global().tasks([{ pid: 60, name: 'etcd', rssPages: 100, oomScoreAdj: -1000 }, { pid: 70, name: 'app', rssPages: 20000 }]).killed(70, 'app').build());
    assert.ok(!small.factors.includes('victim_protected_others'));
  });

  test('high_order_request for order >= 1 only', () => {
    assert.ok(judge(rawBuilder().header('a', { order: 2 }).killed(1, 'a').build()).factors.includes('high_order_request'));
    assert.ok(!judge(rawBuilder().header('a', { order: 0 }).killed(1, 'a').build()).factors.includes('high_order_request'));
  });

  test('header_rate_limited when the kill arrived without a dump', () => {
    const e = judge(rawBuilder().killed(1, 'a').headerMissing().build());
    assert.ok(e.factors.includes('header_rate_limited'));
    assert.ok(withKernelAdvice(buildOomEvent(rawBuilder().killed(1, 'a').headerMissing().build())).suggestions.some((s) => s.id === 'find-full-dump'));
    assert.ok(!judge(rawBuilder().header('a').killed(1, 'a').build()).factors.includes('header_rate_limited'));
  });

  test('repeated_kills on every event when the input holds several kills, with the neighbouring kill quoted', () => {
    const a = buildOomEvent(rawBuilder(1).header('a').taskIn('/', 'host').killed(10, 'java').build());
    const b = buildOomEvent(rawBuilder(50).header('b').taskIn('/', 'host').killed(11, 'java').build());
    const [x, y] = applyCrossEventFactors([a, b], 2);
    assert.ok(x!.factors.includes('repeated_kills') && y!.factors.includes('repeated_kills'));
    assert.ok(y!.evidence.some((e) => e.line === 3 && /2 OOM kills in this input; the previous one killed java \(pid 10\)/.test(e.why)));
    assert.ok(adviseAcrossEvents([x!, y!], 2)[1]!.suggestions.some((s) => s.id === 'panic-on-oom'));
    const [only] = applyCrossEventFactors([a], 1);
    assert.ok(!only!.factors.includes('repeated_kills'));
    const [counted] = applyCrossEventFactors([a], 5);
    assert.ok(counted!.factors.includes('repeated_kills'), 'kills beyond the kept events count');
  });
});
