/**
 * What needs every event of an input: an OOM that kills a whole memory.oom.group is one incident,
 * not "repeated kills"; OOMs are repeats only on the same host; and OOMs hours apart say so and get
 * no reboot-on-OOM advice.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { renderText } from '../../../../src/render/text/render-text.js';
import type { Report } from '../../../../src/analysis/report/report-schema.js';

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');
const suggestionIds = (r: Report): string[] => r.events.flatMap((e) => e.suggestions.map((s) => s.id));

describe('memory.oom.group: one OOM, several kills', () => {
  test('six kills of /A1 after one kill-select line are one OOM (the memory.oom.group patch\'s own sample, linux-mm 2018)', () => {
    const report = analyzeText(fixture('public/kernel/linux-mm-4.18-memory-oom-group-six-kills-one-oom.log'));
    assert.deepEqual(report.events.map((e) => [e.victim?.pid, e.oomGroup]), [
      [1221, { path: '/A1', kills: 6, member: 1 }],
      [1217, { path: '/A1', kills: 6, member: 2 }],
      [1218, { path: '/A1', kills: 6, member: 3 }],
      [1219, { path: '/A1', kills: 6, member: 4 }],
      [1220, { path: '/A1', kills: 6, member: 5 }],
      [1222, { path: '/A1', kills: 6, member: 6 }],
    ]);
    assert.ok(report.events.every((e) => !e.factors.includes('repeated_kills')), 'one OOM is not repeated kills');
    assert.ok(!suggestionIds(report).includes('panic-on-oom'), 'no reboot-on-OOM advice for one OOM');
    assert.ok(report.events.every((e) => e.cause === 'system_memory_exhausted'), 'every member shares the OOM\'s cause');
    assert.equal(report.summary, '6 processes killed in one OOM, all as one memory.oom.group, every task of /A1 (killed: allocate ×6): the whole machine ran out of memory.');
    const text = renderText(report);
    assert.ok(text.includes(report.summary));
    assert.match(text, /memory\.oom\.group is set on \/A1: with allocate the kernel killed every task of that cgroup, 6 kills for this one OOM \(not repeated OOMs\)/);
    assert.doesNotMatch(text, /repeated kills|its child/);
    const member = report.events[1]!.evidence.map((x) => x.why).join('\n');
    assert.match(member, /the OOM killer chose allocate \(pid 1221\); memory\.oom\.group is set on \/A1, so the kernel killed allocate \(pid 1217\) with every other task of that cgroup in the same OOM/);
    assert.doesNotMatch(member, /its child/, 'a group member is not a sacrificed child');
  });

  test('a group pass and a later kill are two OOMs of three kills, and the evidence says which is which', () => {
    const report = analyzeText(fixture('kernel/memcg-v2-oom-group-kill-journal-iso.log'));
    assert.deepEqual(report.events.map((e) => e.oomGroup?.member ?? null), [1, 2, null]);
    assert.ok(report.events.every((e) => e.factors.includes('repeated_kills')));
    const [first] = report.events;
    assert.ok(first!.evidence.some((x) => x.line === 25 && x.why === '2 OOMs in this input (3 kills); the next one (32 s later) killed worker (pid 4300)'));
    assert.match(report.summary, /^3 processes killed in 2 OOMs \(killed: worker ×2, helper; 2 of them as one memory\.oom\.group, every task of \/kubepods\.slice\/kubepods-burstable\.slice\/kubepods-burstable-pod1a2b\.slice\)/);
  });
});

describe('repeated kills are a host\'s', () => {
  test('two hosts with one kill each in one syslog: no repeated kills, no reboot advice', () => {
    const report = analyzeText(fixture('kernel/interleaved-hosts-syslog-rsyslog-012.log'));
    assert.deepEqual(report.events.map((e) => e.host).sort(), ['db1', 'web1']);
    assert.ok(report.events.every((e) => !e.factors.includes('repeated_kills')));
    assert.ok(!suggestionIds(report).includes('panic-on-oom'));
  });

  test('two system-wide kills 3 h 18 min apart: repeated, with the gap said, and no reboot-on-OOM advice', () => {
    const report = analyzeText(fixture('kernel/two-global-kills-same-host-hours-apart-syslog.log'));
    assert.ok(report.events.every((e) => e.factors.includes('repeated_kills')));
    assert.ok(report.events[0]!.evidence.some((x) => x.line === 4 && x.why === '2 OOM kills in this input; the next one (3 h 18 min later) killed cc1plus (pid 47710)'));
    assert.ok(report.events[1]!.evidence.some((x) => x.line === 2 && x.why === '2 OOM kills in this input; the previous one (3 h 18 min earlier) killed cc1plus (pid 41022)'));
    assert.ok(!suggestionIds(report).includes('panic-on-oom'), 'OOMs hours apart are not a host stuck killing');
    assert.match(renderText(report), /2 OOM kills in this input; the next one \(3 h 18 min later\) killed cc1plus \(pid 47710\)/);
  });

  test('three system-wide kills within seconds on one host (linux-mm 2.6.32): the reboot advice names the count and the span', () => {
    const report = analyzeText(fixture('public/kernel/linux-mm-2.6.32-ubuntu-three-ooms-sacrifice-child-pid-dump-mail-wrapped-zones.log'));
    const panic = report.events.flatMap((e) => e.suggestions).find((s) => s.id === 'panic-on-oom');
    assert.ok(panic);
    assert.match(panic.title, /^3 OOMs in this log within 1\.28 s: consider rebooting instead of killing on$/);
  });
});

describe('a host whose kernel already panicked on an OOM', () => {
  test('is not told to set vm.panic_on_oom: the log shows it is set', () => {
    const report = analyzeText(readFileSync(new URL('../../../fixtures/kernel/4.19-three-global-ooms-second-slab-leak-third-panic-on-oom.log', import.meta.url)));
    assert.equal(report.events.at(-1)?.noKill, 'panic_on_oom');
    assert.ok(report.events.every((e) => e.factors.includes('repeated_kills')), 'three OOMs on one host');
    assert.ok(!suggestionIds(report).includes('panic-on-oom'));
  });
});
