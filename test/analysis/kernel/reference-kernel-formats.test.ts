/**
 * Audit of the analyser against /work/shared/reference/kernel-oom-formats-and-peers.md: the kernel
 * lines and behaviours of §2 that the other kernel tests do not already prove, each built from the
 * reference's literal format string (section cited in the test name), run text in → Report out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { Report } from '../../../src/analysis/report-schema.js';

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
  assert.match(sys.summary, /no process was killed: the kernel panicked \(vm\.panic_on_oom=1\)/);
  assert.doesNotMatch(sys.summary, /kill line is not in the input/);

  const compulsory = analyse([HEADER, 'Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled']);
  assert.match(compulsory.summary, /no process was killed: the kernel panicked \(vm\.panic_on_oom=2/);
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
