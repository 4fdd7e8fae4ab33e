/**
 * Who was killed, with the facts the log really holds: sizes read from the victim's task-table row
 * when the kill line prints none (and said to come from there), processes that shared the victim's
 * memory killed in the same kill, and "child" only for a child.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { buildOomEvent } from '../../../../src/analysis/kernel/verdict/build-oom-event.js';
import { renderText } from '../../../../src/render/text/render-text.js';
import { rawBuilder } from '../parse/raw-event-builder.js';

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');

describe('victim sizes from the task table', () => {
  test('a 2.6.31 kill line without sizes: rss and total-vm from the victim\'s row, pages × page size, never "not in the log"', () => {
    const report = analyzeText(fixture('kernel/kill-line-without-sizes-2.6.31-task-table-rss.log'));
    const [e] = report.events;
    assert.equal(e?.victim?.pid, 2893);
    assert.equal(e.victim.anonRssKb, null, 'the kill line prints no anon-rss');
    // [ 2893]   107  2893   372211   181350 …: 181350 rss pages and 372211 total_vm pages of 4 KiB.
    assert.deepEqual(e.victim.fromTaskTable, { rssKb: 181350 * 4, swapKb: null, totalVmKb: 372211 * 4, pageSizeKb: 4 });
    assert.ok(e.evidence.some((x) => x.line === 14 && /rss 708 MiB from its row in the task dump \(pages × the 4 KiB page size; the kill line prints no sizes\)/.test(x.why)));
    const text = renderText(report);
    assert.match(text, /rss 708 MiB · total-vm 1\.42 GiB \(from its row in the task table: pages × the 4 KiB page size\)/);
    assert.doesNotMatch(text, /sizes not in the log/);
  });

  test('a kill line that prints sizes keeps them, and fromTaskTable stays null', () => {
    const report = analyzeText(fixture('public/kernel/aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log'));
    const killed = report.events.find((e) => e.victim?.pid === 183960)!;
    assert.equal(killed.victim?.anonRssKb, 93176);
    assert.equal(killed.victim?.fromTaskTable, null);
  });
});

describe('processes sharing the victim\'s memory', () => {
  test('"Kill process N (x) sharing same memory" lines are the same kill, not new OOMs (4.3-rc1, linux-mm)', () => {
    const report = analyzeText(fixture('public/kernel/linux-mm-4.3-rc1-kill-process-sharing-same-memory-clone-vm.log'));
    assert.equal(report.events.length, 1, 'one kill, not one per "Kill process … sharing same memory" line');
    const [e] = report.events;
    assert.equal(e?.victim?.pid, 3780);
    // 3781–3797 and 3821 follow within the dump; the lines 20 minutes later come after the host went silent.
    assert.equal(e.sharedMemoryKills, 18);
    assert.ok(!e.factors.includes('repeated_kills'));
    const why = e.evidence.find((x) => x.line === 12)?.why ?? '';
    assert.match(why, /the kernel also killed the processes sharing rcu-stall's memory \(18 "sharing same memory" lines follow the kill: rcu-stall \(pid 3781\), rcu-stall \(pid 3782\), rcu-stall \(pid 3783\) and 15 more\)/);
    assert.match(why, /not children it chose instead/);
    assert.equal(report.summary, 'rcu-stall (pid 3780) was killed by the OOM killer at 53.020558, with 18 processes sharing its memory: the whole machine ran out of memory.');
    assert.match(renderText(report), /processes created with clone\(CLONE_VM\) use the victim's address space and die with it/);
  });
});

describe('"child" only for a child', () => {
  const selectThenKill = (rows: { pid: number; name: string; rssPages: number; tgid?: number }[], killed: [number, string]) =>
    buildOomEvent(rawBuilder().header('java').tasks(rows).killSelect(100, 'java', 900).killed(killed[0], killed[1]).build()).event;

  test('the killed pid\'s row belongs to the selected thread group: a thread of it, not a child', () => {
    const e = selectThenKill([{ pid: 100, name: 'java', rssPages: 5000 }, { pid: 123, name: 'java', rssPages: 5000, tgid: 100 }], [123, 'java']);
    const why = e.evidence.map((x) => x.why).join('\n');
    assert.match(why, /the kernel selected java \(pid 100, score 900\) and killed it through its thread java \(pid 123, thread group 100 in the task dump\): the same process, not a child/);
    assert.doesNotMatch(why, /its child/);
  });

  test('the killed pid is a process of its own in the task dump: its child', () => {
    const e = selectThenKill([{ pid: 100, name: 'java', rssPages: 5000 }, { pid: 140, name: 'java', rssPages: 6000 }], [140, 'java']);
    assert.ok(e.evidence.some((x) => /selected java \(pid 100, score 900\) but killed its child java \(pid 140\) instead \("sacrifice child", kernels before 5\.1\)/.test(x.why)));
  });

  test('same name and no row to tell: both possibilities, and that the log does not say which', () => {
    const e = buildOomEvent(rawBuilder().killSelect(100, 'java', 900).killed(150, 'java').build()).event;
    assert.ok(e.evidence.some((x) => /but killed java \(pid 150\): a child of it \("sacrifice child", kernels before 5\.1\) or, if its main thread had exited, another of its threads; the log does not say which/.test(x.why)));
  });
});
