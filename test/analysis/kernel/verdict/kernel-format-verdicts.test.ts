/**
 * Verdicts on shapes people paste that the kernel's own format strings produce (fixtures in
 * test/fixtures/kernel/, each described in its SOURCES.md): old kernels that print the
 * constraint differently, a header and call trace with nothing after them, a node whose only zone
 * is Movable, a header cut off at the end of the input, and a lone kill just before a full dump.
 * Each test checks the Report fields and the sentence a reader sees first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { Report } from '../../../../src/analysis/report/report-schema.js';
import { renderText } from '../../../../src/render/text/render-text.js';

function analyseFixture(name: string) {
  const report = analyzeText(readFileSync(new URL(`../../../fixtures/kernel/${name}`, import.meta.url)));
  assert.ok(Report.safeParse(report).success, 'the report matches the schema');
  return report;
}

test('4.9–4.19: a header nodemask= other than (null), with no oom-kill: line, is a memory-policy OOM', () => {
  const r = analyseFixture('4.19-mempolicy-header-nodemask-no-oom-kill-line.log');
  assert.equal(r.events.length, 1);
  const e = r.events[0]!;
  assert.deepEqual([e.victim?.pid, e.victim?.comm, e.cause, e.constraint], [40211, 'numa-bench', 'mempolicy_restricted', 'CONSTRAINT_MEMORY_POLICY']);
  assert.ok(e.evidence.some((x) => x.line === 1 && /nodemask=1 in the header: an mbind\(\)\/set_mempolicy\(\) policy confined the allocation to NUMA node 1 of 0-1/.test(x.why)), JSON.stringify(e.evidence));
  assert.ok(e.evidence.some((x) => x.line === 21 && /Node 1 Normal \(a bound node\)/.test(x.why)));
  assert.equal(r.summary, 'numa-bench (pid 40211) was killed by the OOM killer at 5123.402101: a NUMA memory policy (mbind/set_mempolicy) confined the allocation.');
  const policy = e.suggestions.find((s) => s.id === 'relax-mempolicy');
  assert.equal(policy?.title, 'A NUMA memory policy bound numa-bench to node(s) 1');
  assert.ok(!e.suggestions.some((s) => s.id === 'reduce-memory-demand'), 'not advised as a machine out of memory: 30 GiB was free on node 0');
});

test('4.9–4.19: nodemask=(null) or a mask of every node is not a memory-policy OOM', () => {
  const text = readFileSync(new URL('../../../fixtures/kernel/4.19-mempolicy-header-nodemask-no-oom-kill-line.log', import.meta.url), 'utf8');
  for (const mask of ['(null)', '0-1']) {
    const e = analyzeText(text.replace('nodemask=1,', `nodemask=${mask},`)).events[0]!;
    assert.notEqual(e.cause, 'mempolicy_restricted', `nodemask=${mask}`);
    assert.equal(e.constraint, null, `nodemask=${mask}: before 5.0 a global OOM may have been a cpuset one`);
  }
});

test('2.6 "Out of Memory: Killed process" (capital M) is a system-wide OOM', () => {
  const r = analyseFixture('2.6-out-of-Memory-capital-M-kill-lines-only-syslog.log');
  assert.equal(r.events.length, 1);
  const e = r.events[0]!;
  assert.deepEqual([e.victim?.pid, e.victim?.comm, e.host, e.cause], [2925, 'java', 'app01', 'system_memory_exhausted']);
  assert.ok(e.evidence.some((x) => /"Out of Memory" \(not "Memory cgroup out of memory"\) means a system-wide OOM/.test(x.why)), JSON.stringify(e.evidence));
  assert.equal(r.summary, 'java (pid 2925) was killed by the OOM killer at Mar  3 04:12:55 on app01: the whole machine ran out of memory.');
});

test('header and call trace only: a memcg charge frame (even under a page fault) says a memory cgroup OOM', () => {
  const r = analyseFixture('4.14-header-and-call-trace-only-memcg-oom-synchronize.log');
  assert.equal(r.events.length, 1);
  const e = r.events[0]!;
  assert.deepEqual([e.victim, e.noKill, e.cause, e.trigger?.comm, e.trigger?.pid], [null, 'input_ends', 'cgroup_limit', 'python3', 21877]);
  assert.ok(e.evidence.some((x) => x.line === 11 && /memory cgroup's charge path/.test(x.why)), JSON.stringify(e.evidence));
  assert.equal(r.summary, 'The OOM killer ran at 8812.100001 (the kill line is not in the input): its memory cgroup reached its limit.');
});

test('header and call trace only: pagefault_out_of_memory is quoted, and the cause stays unknown without the zones', () => {
  const r = analyseFixture('3.10-header-and-call-trace-only-pagefault-out-of-memory.log');
  const e = r.events[0]!;
  assert.deepEqual([e.victim, e.cause, e.trigger?.gfpMask], [null, 'unknown', '0x0']);
  assert.ok(e.evidence.some((x) => x.line === 10 && /page-fault OOM \(pagefault_out_of_memory\)/.test(x.why)), JSON.stringify(e.evidence));
  assert.match(r.summary, /the log does not show why\.$/);
  assert.ok(e.suggestions.some((s) => s.id === 'find-full-dump'), 'the zones that would tell are not in the paste');
});

test('a cpuset on a node whose only zone is Movable cannot serve a non-movable allocation; the advice widens cpuset.mems', () => {
  const r = analyseFixture('4.19-cpuset-on-movable-only-node-gfp-highuser.log');
  const e = r.events[0]!;
  assert.deepEqual([e.victim?.comm, e.cause], ['java', 'numa_node_exhausted']);
  assert.ok(e.evidence.some((x) => x.line === 14 && /Node 1 Movable is that node's only zone: a Movable zone serves only movable .* pages, so this non-movable allocation \(GFP_HIGHUSER\) could not use its 31\.47 GiB free/.test(x.why)), JSON.stringify(e.evidence));
  assert.ok(!e.factors.includes('swap_exhausted'));
  const widen = e.suggestions.find((s) => s.id === 'widen-cpuset-mems');
  assert.ok(widen, JSON.stringify(e.suggestions.map((s) => s.id)));
  assert.match(widen.detail, /only a Movable zone/);
  const writes = widen.commands.filter((c) => c.effect === 'change').map((c) => c.run);
  assert.ok(writes.length > 0 && writes.every((w) => w.startsWith('echo 0-1 | ')), JSON.stringify(writes));
  assert.ok(!widen.commands.some((c) => /^echo 1 \|/.test(c.run)), 'never the cpuset.mems it already has');
  // With only the allowed node in the dump, nothing wider is known: the value is the reader's to pick.
  const text = readFileSync(new URL('../../../fixtures/kernel/4.19-cpuset-on-movable-only-node-gfp-highuser.log', import.meta.url), 'utf8');
  const alone = analyzeText(text.split('\n').filter((l) => !/Node 0 /.test(l)).join('\n')).events[0]!;
  const writesAlone = alone.suggestions.find((s) => s.id === 'widen-cpuset-mems')?.commands.filter((c) => c.effect === 'change').map((c) => c.run) ?? [];
  assert.ok(writesAlone.length > 0 && writesAlone.every((w) => w.startsWith('echo <nodes with a Normal zone> | ')), JSON.stringify(writesAlone));
});

test('GFP_HIGHUSER_MOVABLE can use a Movable zone: the same dump is then not blamed on the Movable node', () => {
  const text = readFileSync(new URL('../../../fixtures/kernel/4.19-cpuset-on-movable-only-node-gfp-highuser.log', import.meta.url), 'utf8');
  const e = analyzeText(text.replace('gfp_mask=0x6200c2(GFP_HIGHUSER)', 'gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE)')).events[0]!;
  assert.notEqual(e.cause, 'numa_node_exhausted');
  assert.notEqual(e.cause, 'system_memory_exhausted', 'the Movable node had 31 GiB free');
});

test('a header cut off at the end of the input is an OOM the input stops in, not a kill; the counts say so', () => {
  const r = analyseFixture('4.x-kill-then-header-cut-at-end-of-input.log');
  assert.equal(r.events.length, 2);
  assert.deepEqual(r.events.map((e) => [e.victim?.comm ?? null, e.noKill]), [['a.out', null], [null, 'input_ends']]);
  assert.equal(
    r.summary,
    '2 OOM events, 1 with a kill in the input (killed: a.out): the whole machine ran out of memory. The input ends in the first lines of the last OOM report (at 160.100000, b.out invoked the OOM killer), before any line that shows what ran out; its kill line is not in the input.',
  );
  assert.ok(!r.events[0]!.factors.includes('repeated_kills'), 'one kill is not repeated kills');
  // The cut header claims nothing it does not show: no cause, no factors, no memory, no cgroup.
  const cut = r.events[1]!;
  assert.deepEqual([cut.cause, cut.factors, cut.constraint, cut.memcg, cut.memInfo, cut.trigger?.comm], ['unknown', [], null, null, null, 'b.out']);
  const text = renderText(r);
  assert.match(text, /^2 OOM events, 1 with a kill$/m);
  assert.match(text, /^ {2}Only the first lines of this OOM's report are in the input \(b\.out invoked the OOM killer\): the input ends, or the next report starts, before any line that shows what ran out; the kill line is not in the input\.$/m);
});

test('a lone kill followed within a second by a full dump of the same host shares that dump\'s memory facts; two kills stay two', () => {
  const r = analyseFixture('4.19-lone-kill-then-full-dump-same-second-slab-leak-syslog.log');
  assert.deepEqual(r.events.map((e) => [e.victim?.pid, e.host]), [[3120, 'db7'], [3125, 'db7']]);
  const [lone, full] = r.events as [NonNullable<(typeof r.events)[0]>, NonNullable<(typeof r.events)[0]>];
  assert.ok(lone.factors.includes('header_rate_limited'));
  assert.ok(lone.factors.includes('slab_unreclaimable_high') && full.factors.includes('slab_unreclaimable_high'), JSON.stringify(lone.factors));
  assert.ok(lone.evidence.some((x) => x.line === 6 && /the dump printed in the same second on the same host shows the memory of this incident: unreclaimable slab was 4\.2 GiB, 52% of RAM/.test(x.why)), JSON.stringify(lone.evidence));
  assert.equal(r.summary, '2 OOM kills (killed: postgres ×2): 2× the whole machine ran out of memory.');
});

test('a lone kill a minute before a dump, or on another host, keeps only its own facts', () => {
  const text = readFileSync(new URL('../../../fixtures/kernel/4.19-lone-kill-then-full-dump-same-second-slab-leak-syslog.log', import.meta.url), 'utf8');
  const later = text.split('\n').map((l, i) => (i >= 2 ? l.replace('02:11:09', '02:12:30') : l)).join('\n');
  assert.ok(!analyzeText(later).events[0]!.factors.includes('slab_unreclaimable_high'));
  const elsewhere = text.split('\n').map((l, i) => (i < 2 ? l.replace(' db7 ', ' db8 ') : l)).join('\n');
  assert.ok(!analyzeText(elsewhere).events[0]!.factors.includes('slab_unreclaimable_high'));
});

test('an allocation-failure warning with its memory dump: no OOM, who failed to get what, and what the dump shows', () => {
  const r = analyseFixture('5.10-page-allocation-failure-warning-memory-dump-swap-full.log');
  assert.equal(r.events.length, 1);
  const e = r.events[0]!;
  assert.deepEqual([e.victim, e.noKill, e.cause, e.trigger?.comm, e.trigger?.order, e.factors], [null, 'memory_dump_only', 'unknown', 'kworker/u16:3', 4, ['swap_exhausted']]);
  assert.ok(e.evidence.some((x) => x.line === 1 && /an allocation-failure warning, not an OOM: kworker\/u16:3 could not get an order-4 allocation \(GFP_KERNEL\|__GFP_COMP\)/.test(x.why)), JSON.stringify(e.evidence));
  assert.ok(e.evidence.some((x) => x.line === 18 && /Node 0 DMA32 free 27\.97 MiB was below its min watermark/.test(x.why)));
  assert.equal(
    r.summary,
    'No OOM kill in this text: it is an allocation-failure warning at 4012.551230 (kworker/u16:3 could not get an order-4 allocation) and the memory dump it printed; it shows swap used up, 1 zone below the min watermark.',
  );
  assert.match(renderText(r), /▶ No OOM kill: a memory dump only/);
});
