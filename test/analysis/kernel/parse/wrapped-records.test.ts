/**
 * Pastes whose kernel lines a mail client or tracker hard-wrapped, or that stop in the middle of a
 * line (src/analysis/kernel/parse/wrapped-records.ts, parse-oom-dump.ts): the record is joined back
 * and read whole, the event counts the lines joined, and a cut value is never read as complete.
 * Fixtures: test/fixtures/kernel/wrapped/ (see test/fixtures/kernel/SOURCES.md), each through the
 * real pipeline (line driver with its keyword prefilter → prefix stripper → parser).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLines, rawEventsFromText } from './oom-parser-harness.js';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import type { RawOomEvent } from '../../../../src/analysis/kernel/parse/raw-event.js';
import { MAX_JOINED_LINES } from '../../../../src/analysis/kernel/parse/wrapped-records.js';

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/kernel/wrapped/${name}`, import.meta.url), 'utf8');

function onlyEvent(text: string): RawOomEvent {
  const events = rawEventsFromText(text);
  assert.equal(events.length, 1, `one event, got ${events.length}`);
  return events[0]!;
}

/** The same log with every wrapped line joined back by hand: what the kernel printed. */
function unwrapped(text: string): string {
  return text.replace(/\n(?!\[)(kB)?/g, (m, unit: string | undefined, at: number) => (unit !== undefined ? unit : text[at - 1] === ']' ? '' : ' ')).replace(/ $/, '\n');
}

test('a stamp alone on its line gives its time to the oom-kill: summary on the next line', () => {
  const e = onlyEvent(fixture('stamp-alone-then-summary-on-next-line.log'));
  assert.deepEqual([e.summary?.constraint, e.summary?.oomMemcg, e.summary?.task, e.summary?.pid, e.summary?.uid], ['CONSTRAINT_MEMCG', '/system.slice/stress.service', 'stress-ng-vm', 4242, 1000]);
  assert.equal(e.summary?.at.line, 8, 'quoted from the stamp line');
  assert.equal(e.rejoined, 1);
});

test('a kill-line size cut from its unit is read with the unit, and the line goes on to oom_score_adj', () => {
  const e = onlyEvent(fixture('kill-line-number-cut-from-its-unit.log'));
  const k = e.killed!;
  assert.deepEqual([k.pid, k.comm, k.totalVmKb, k.anonRssKb, k.uid, k.pgtablesKb, k.oomScoreAdj], [4242, 'stress-ng-vm', 22239, 2093272, 1000, 4156, 1000]);
  assert.equal(e.rejoined, 2);
});

test('a header split after "oom-killer:" and a CPU line split after "Not" are read whole', () => {
  const e = onlyEvent(fixture('header-split-after-oom-killer.log'));
  assert.deepEqual([e.header?.comm, e.header?.gfpMask, e.header?.gfpFlags, e.header?.order, e.header?.oomScoreAdj], ['stress-ng-vm', '0x100cca', 'GFP_HIGHUSER_MOVABLE', 0, 1000]);
  assert.deepEqual([e.triggerPid, e.kernelVersion], [4242, '5.10.0-21-amd64']);
  assert.equal(e.rejoined, 2);
});

test('a task row split mid-row keeps the column the line-number stripper would have taken', () => {
  const e = onlyEvent(fixture('task-row-split-mid-row.log'));
  assert.deepEqual(e.issues, []);
  assert.deepEqual(e.taskTable?.tasks.map((t) => [t.pid, t.name, t.rssPages, t.swapents, t.oomScoreAdj]), [[4242, 'stress-ng-vm', 523776, 0, 1000], [612, 'systemd-journal', 2114, 0, 0]]);
  assert.equal(e.rejoined, 2);
});

test('a summary split inside task_memcg= is joined without a space: the whole path, then task, pid, uid', () => {
  const e = onlyEvent(fixture('summary-split-inside-task-memcg.log'));
  assert.deepEqual([e.summary?.oomMemcg, e.summary?.taskMemcg, e.summary?.task, e.summary?.pid], ['/kubepods.slice/kubepods-pod0a1b.slice', '/kubepods.slice/kubepods-pod0a1b.slice/cri-containerd-5f3e.scope', 'stress-ng-vm', 4242]);
  assert.equal(e.rejoined, 1);
});

test('a wrapped mail paste gives the cause, victim, trigger and commands of the same log unwrapped', () => {
  for (const name of ['header-split-after-oom-killer.log', 'kill-line-number-cut-from-its-unit.log', 'task-row-split-mid-row.log', 'stamp-alone-then-summary-on-next-line.log']) {
    const text = fixture(name);
    const wrapped = analyzeText(text).events;
    const whole = analyzeText(unwrapped(text)).events;
    assert.equal(wrapped.length, 1, name);
    assert.equal(whole.length, 1, name);
    const [w, u] = [wrapped[0]!, whole[0]!];
    assert.ok(w.rejoined > 0 && u.rejoined === 0, `${name}: only the wrapped paste was rejoined (${w.rejoined}, ${u.rejoined})`);
    assert.deepEqual([w.cause, w.constraint, w.victim, w.trigger, w.memcg], [u.cause, u.constraint, u.victim, u.trigger, u.memcg], name);
    assert.deepEqual(w.suggestions.map((s) => s.commands.map((c) => c.run)), u.suggestions.map((s) => s.commands.map((c) => c.run)), `${name}: the same commands`);
    assert.ok(w.suggestions.some((s) => s.commands.length > 0), `${name}: commands are suggested`);
    assert.equal(w.cause, 'cgroup_limit', name);
    assert.equal(w.victim?.comm, 'stress-ng-vm', name);
  }
});

test('a kill line cut after its pid: the pid is kept and the name comes from the task table', () => {
  const [report] = [analyzeText(fixture('kill-line-cut-after-pid.log'))];
  assert.equal(report.events.length, 1);
  const e = report.events[0]!;
  assert.deepEqual([e.victim?.pid, e.victim?.comm, e.victim?.oomScoreAdj, e.cause], [4242, 'stress-ng-vm', 1000, 'cgroup_limit']);
});

test('a kill line cut inside "(comm": the partial name is not taken, the task table names the victim', () => {
  const e = onlyEvent(fixture('kill-line-cut-inside-comm.log'));
  assert.deepEqual([e.killed?.pid, e.killed?.comm, e.killed?.totalVmKb], [4242, 'stress-ng-vm', null]);
});

test('a cut kill line with nothing else to name it says only what it shows', () => {
  const inside = parseLines(['Out of memory: Killed process 4526 (dhcl']);
  assert.deepEqual([inside[0]?.killed?.pid, inside[0]?.killed?.comm], [4526, 'dhcl…']);
  const afterPid = parseLines(['Out of memory: Killed process 4526']);
  assert.deepEqual([afterPid[0]?.killed?.pid, afterPid[0]?.killed?.comm], [4526, '?']);
});

test('a name is at most 15 characters: it never swallows the next record glued after its ")"', () => {
  const [e] = parseLines(['Out of Memory: Killed process 1234 (java). Jul 19 10:00:01 db1 kernel: (x) y']);
  assert.deepEqual([e?.killed?.pid, e?.killed?.comm], [1234, 'java']);
});

test('a summary cut before ",task=…,pid=…,uid=…": its partial task_memcg is not taken as the whole path', () => {
  const e = onlyEvent(fixture('summary-cut-before-task-pid-uid.log'));
  assert.deepEqual([e.summary?.constraint, e.summary?.oomMemcg, e.summary?.taskMemcg, e.summary?.task, e.summary?.pid], ['CONSTRAINT_MEMCG', '/kubepods.slice/kubepods-pod0a1b.slice', null, null, null]);
  const event = analyzeText(fixture('summary-cut-before-task-pid-uid.log')).events[0]!;
  assert.equal(event.memcg?.taskPath ?? null, null, 'no task cgroup is claimed');
  assert.notEqual(event.memcg?.taskPath, '/kubepods.slice/kubepods-pod0a1b.sl');
});

test('a vendor summary with an empty constraint is still read', () => {
  const e = onlyEvent(fixture('vendor-summary-empty-constraint.log'));
  assert.deepEqual([e.summary?.constraint, e.summary?.cpuset, e.summary?.oomMemcg, e.summary?.taskMemcg, e.summary?.task, e.summary?.pid], ['', 'bbd5e4b5', '/kubepods/burstable/pod6c43', '/kubepods/burstable/pod6c43/bbd5e4b5', 'runc:[2:INIT]', 12800]);
  const event = analyzeText(fixture('vendor-summary-empty-constraint.log')).events[0]!;
  assert.deepEqual([event.cause, event.constraint, event.memcg?.oomPath, event.victim?.pid], ['parent_cgroup_limit', 'CONSTRAINT_MEMCG', '/kubepods/burstable/pod6c43', 12788]);
});

test('a complete line is never joined: a prefixed next line, or prose after a 2.6 kill line', () => {
  const prefixed = parseLines([
    { body: 'Killed process 3886 (nm-applet)', format: 'dmesg', time: '302.18' },
    { body: 'a.out invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0', format: 'dmesg', time: '303.11' },
  ]);
  assert.deepEqual(prefixed.map((e) => [e.killed?.comm ?? null, e.header?.comm ?? null, e.rejoined]), [['nm-applet', null, 0], [null, 'a.out', 0]]);
  const prose = parseLines([
    { body: 'Killed process 3886 (nm-applet)', format: 'plain' },
    { body: 'BUG: unable to handle kernel NULL pointer dereference at 00000004', format: 'plain' },
  ]);
  assert.deepEqual(prose.map((e) => [e.killed?.comm, e.rejoined]), [['nm-applet', 0]]);
  // 5.2/5.3 end the kill line at UID: the next line is another record.
  const uidEnd = parseLines([
    { body: 'Memory cgroup out of memory: Killed process 18524 (cdi-importer) total-vm:1042576kB, anon-rss:23032kB, file-rss:12044kB, shmem-rss:0kB, UID:0', format: 'plain' },
    { body: 'oom_reaper: reaped process 18524 (cdi-importer), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB', format: 'plain' },
  ]);
  assert.deepEqual(uidEnd.map((e) => [e.killed?.uid, e.reaper?.pid, e.rejoined]), [[0, 18524, 0]]);
});

test('the kill message split from its record: "Out of memory:" then "Killed process …"', () => {
  const [e] = parseLines([
    { body: 'Out of memory:', format: 'dmesg', time: '45.11' },
    { body: 'Killed process 2551 (oom) total-vm:1035324kB, anon-rss:1028196kB, file-rss:704kB, shmem-rss:0kB, UID:0 pgtables:2056kB oom_score_adj:1000', format: 'plain' },
  ]);
  assert.deepEqual([e?.killed?.message, e?.killed?.pid, e?.killed?.oomScoreAdj, e?.rejoined], ['Out of memory', 2551, 1000, 1]);
});

test('kill records run together on one line are read one by one; the same pid selected and killed twice is one kill', () => {
  const events = parseLines([
    { body: 'Killed process 19271 (trashapplet)Out of memory: kill process 12475 (qemu) score 7899 or a childOut of memory: kill process 12475 (qemu) score 7899 or a childKilled process 12475 (qemu)Killed process 12475 (qemu)', format: 'plain' },
  ]);
  assert.deepEqual(events.map((e) => [e.killed?.pid, e.killed?.comm, e.killSelect?.comm ?? null, e.killSelect?.score ?? null]), [[19271, 'trashapplet', null, null], [12475, 'qemu', 'qemu', 7899]]);
});

test('a 2.6.3x selection line wrapped after "score" keeps its score', () => {
  const [e] = parseLines([
    { body: 'Out of memory: kill process 3821 (gnome-session) score', format: 'dmesg', time: '302.1877' },
    { raw: '409517 or a child', body: 'or a child', format: 'plain' },
    { body: 'Killed process 3886 (nm-applet)', format: 'dmesg', time: '302.1877' },
  ]);
  assert.deepEqual([e?.killSelect?.comm, e?.killSelect?.score, e?.killed?.comm, e?.rejoined], ['gnome-session', 409517, 'nm-applet', 1]);
});

test('2.6.1x prints the header without a task name: the dump is still an OOM event', () => {
  const [e] = rawEventsFromText('[35948.127453] oom-killer: gfp_mask=0xd1, order=0\n[35948.127456] Mem-info:\n[35948.127563] DMA free:20kB min:24kB low:28kB high:36kB active:0kB\ninactive:0kB present:12464kB pages_scanned:2 all_unreclaimable? yes\n');
  assert.deepEqual([e?.header?.comm, e?.header?.gfpMask, e?.header?.order], [null, '0xd1', 0]);
  assert.deepEqual(e?.zones.map((z) => [z.zone, z.freeKb, z.minKb, z.presentKb]), [['DMA', 20, 24, 12464]]);
  assert.equal(e?.rejoined, 1);
});

test('joining is bounded: endless continuation lines after an open summary are not all glued to it', () => {
  const lines = [{ body: 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/a', format: 'dmesg' as const, time: '1.0' }];
  for (let i = 0; i < 5000; i++) lines.push({ body: `b${i}=c`, format: 'plain' as never, time: null as never });
  const [e] = parseLines(lines);
  assert.equal(e?.rejoined, MAX_JOINED_LINES);
  assert.ok((e?.summary?.at.text.length ?? 0) < 400, 'the record stays short');
});

test('a size cut from its unit at the end of a paste is not taken as a complete value', () => {
  const [e] = parseLines(['Out of memory: Killed process 4526 (dhclient) total-vm:22239']);
  assert.deepEqual([e?.killed?.pid, e?.killed?.comm, e?.killed?.totalVmKb], [4526, 'dhclient', null]);
  const [z] = parseLines(['oom-killer: gfp_mask=0xd1, order=0', 'Mem-info:', 'DMA32 free:82028kB min:6564kB low:8204kB high:98']);
  assert.deepEqual(z?.zones.map((x) => [x.freeKb, x.lowKb, x.highKb]), [[82028, 8204, null]]);
});

test('sizes a paste grouped in thousands are read; a garbled group is not read at all', () => {
  const [e] = parseLines(['Out of memory: Killed process 7899 (python) total-vm:26,184,840kB, anon-rss:153,700,88kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:38964kB oom_score_adj:0']);
  assert.deepEqual([e?.killed?.totalVmKb, e?.killed?.anonRssKb, e?.killed?.fileRssKb, e?.killed?.pgtablesKb], [26184840, null, 0, 38964]);
});

test('a continuation without any keyword reaches the parser while a record is held, wherever the input is cut into chunks', () => {
  // Kill lines only (no dump open): the driver hands over the next line because the parser holds a record.
  const text = '[   45.110665] Out of memory: Killed process 2551 (oom) \ntotal-vm:1035324kB, anon-rss:1028196kB, file-rss:704kB, shmem-rss:0kB, \nUID:0 pgtables:2056kB oom_score_adj:1000\nunrelated prose\n';
  for (const chunks of [[], [7, 7, 7, 7, 7, 7, 7, 7, 7, 7], [60, 1]]) {
    const events = rawEventsFromText(text, chunks);
    assert.deepEqual(events.map((e) => [e.killed?.pid, e.killed?.anonRssKb, e.killed?.oomScoreAdj, e.rejoined]), [[2551, 1028196, 1000, 2]], JSON.stringify(chunks));
  }
});

test('a cgroup usage line wrapped before its limit is read whole; cut there, it is not read', () => {
  const [e] = parseLines([
    { body: 'Memory limit reached of cgroup /syz0', format: 'dmesg', time: '1.0' },
    { body: 'memory: usage 205164kB, limit', format: 'dmesg', time: '1.0' },
    { body: '204800kB, failcnt 6901', format: 'plain' },
  ]);
  assert.deepEqual([e?.memcgMemory?.usageKb, e?.memcgMemory?.limitKb, e?.memcgMemory?.failcnt, e?.rejoined], [205164, 204800, 6901, 1]);
  const [cut] = parseLines([
    { body: 'Memory limit reached of cgroup /syz0', format: 'dmesg', time: '1.0' },
    { body: 'memory: usage 205164kB, limit 2048', format: 'dmesg', time: '1.0' },
  ]);
  assert.equal(cut?.memcgMemory, null);
});
