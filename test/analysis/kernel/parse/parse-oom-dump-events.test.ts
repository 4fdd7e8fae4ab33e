/**
 * How the kernel OOM parser cuts a log into events: several kills, memory.oom.group kills,
 * rate-limited kill lines, dumps that never reach their kill, interleaved hosts, time gaps,
 * garbage inside a dump, and inputs far larger than any event.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLines, type LineSpec } from './oom-parser-harness.js';
import { createOomParser } from '../../../../src/analysis/kernel/parse/parse-oom-dump.js';
import { classifyKernelLine } from '../../../../src/analysis/kernel/parse/classify-kernel-line.js';
import { TASKS_KEPT, type RawOomEvent } from '../../../../src/analysis/kernel/parse/raw-event.js';

const header = (comm: string) => `${comm} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0`;
const killed = (pid: number, comm: string, message = 'Memory cgroup out of memory') =>
  `${message}: Killed process ${pid} (${comm}) total-vm:100kB, anon-rss:${pid}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0`;

test('several kills in one input are separate events, in order', () => {
  const events = parseLines([header('a'), 'memory: usage 10kB, limit 10kB, failcnt 1', killed(1, 'a'), header('b'), 'memory: usage 20kB, limit 20kB, failcnt 2', killed(2, 'b')]);
  assert.deepEqual(events.map((e) => [e.header?.comm, e.memcgMemory?.failcnt, e.killed?.pid, e.headerMissing, e.truncated]), [
    ['a', 1, 1, false, false],
    ['b', 2, 2, false, false],
  ]);
  assert.deepEqual(events.map((e) => [e.firstLine, e.lastLine]), [[1, 3], [4, 6]]);
});

test('memory.oom.group: every member kill is its own event sharing the dump (not headerMissing)', () => {
  const events = parseLines([
    header('worker'),
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/job,task_memcg=/job,task=worker,pid=10,uid=0',
    killed(10, 'worker'),
    'Tasks in /job are going to be killed due to memory.oom.group set',
    killed(11, 'helper'),
    killed(12, 'sidecar'),
    'oom_reaper: reaped process 11 (helper), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
  ]);
  assert.deepEqual(events.map((e) => [e.killed?.pid, e.killed?.comm, e.headerMissing, e.summary?.oomMemcg, e.oomGroup?.path, e.header?.comm]), [
    [10, 'worker', false, '/job', '/job', 'worker'],
    [11, 'helper', false, '/job', '/job', 'worker'],
    [12, 'sidecar', false, '/job', '/job', 'worker'],
  ]);
  assert.deepEqual(events.map((e) => e.reaper?.pid ?? null), [null, 11, null]);
});

test('memory.oom.group: the kernel printing the first victim again in the group pass is the same kill, not a new event', () => {
  const events = parseLines([
    header('node'),
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/pod,task_memcg=/pod/c,task=node,pid=22609,uid=0',
    killed(22609, 'node'),
    'Tasks in /pod/c are going to be killed due to memory.oom.group set',
    killed(22609, 'node'),
  ]);
  assert.deepEqual(events.map((e) => [e.killed?.pid, e.headerMissing]), [[22609, false]]);
});

test('kernel text quoted by another program in the same syslog is not a kill', () => {
  const events = parseLines([
    { body: header('app'), program: 'kernel', host: 'n1' },
    { body: killed(7, 'app'), program: 'kernel', host: 'n1' },
    { body: `New status generated: ... Message:${killed(7, 'app')}`, program: 'node-problem-detector-startup.sh', host: 'n1' },
    { body: `Killed process 7 (app) total-vm:1kB, anon-rss:1kB, file-rss:0kB`, program: 'containerd', host: 'n1' },
  ]);
  assert.deepEqual(events.map((e) => [e.killed?.pid, e.headerMissing]), [[7, false]]);
});

test('a kill line with no dump before it (the kernel rate-limits the dump) is an event with headerMissing', () => {
  const events = parseLines([header('a'), killed(1, 'a'), 'unrelated line', killed(2, 'b'), killed(3, 'c')]);
  assert.deepEqual(events.map((e) => [e.killed?.pid, e.header?.comm ?? null, e.headerMissing]), [
    [1, 'a', false],
    [2, null, true],
    [3, null, true],
  ]);
});

test('a dump whose kill never comes is emitted truncated when the next dump starts or the input ends', () => {
  const events = parseLines([header('a'), 'Mem-Info:', 'active_anon:1 inactive_anon:2 isolated_anon:0', header('b'), 'Free swap  = 0kB']);
  assert.deepEqual(events.map((e) => [e.header?.comm, e.truncated, e.killed, e.meminfo['inactive_anon'] ?? null, e.freeSwapKb?.kb ?? null]), [
    ['a', true, null, 2, null],
    ['b', true, null, null, 0],
  ]);
});

test('a kill-select line whose Killed line never comes is a truncated event', () => {
  const events = parseLines(['Out of memory: Kill process 5 (x) score 9 or sacrifice child', header('b'), killed(7, 'b')]);
  assert.deepEqual(events.map((e) => [e.killSelect?.pid ?? null, e.killed?.pid ?? null, e.truncated, e.headerMissing]), [
    [5, null, true, true],
    [null, 7, false, false],
  ]);
});

test('interleaved hosts keep separate dumps; unprefixed continuation lines follow the host before them', () => {
  const h = (host: string | null, body: string, format: 'syslog' | 'plain' = 'syslog'): LineSpec => ({ body, host, format });
  const events = parseLines([
    h('web1', header('nginx')),
    h('db1', header('mysqld')),
    h('web1', 'Mem-Info:'),
    h('web1', 'active_anon:100 inactive_anon:200 isolated_anon:0'),
    h(null, ' free:300 free_pcp:0 free_cma:0', 'plain'),
    h('db1', 'Mem-Info:'),
    h('db1', 'active_anon:7 inactive_anon:8 isolated_anon:0'),
    h('db1', killed(33, 'mysqld', 'Out of memory')),
    h('web1', killed(44, 'nginx', 'Out of memory')),
  ]);
  assert.deepEqual(events.map((e) => [e.host, e.header?.comm, e.killed?.pid, e.meminfo['active_anon'], e.meminfo['free'] ?? null]), [
    ['db1', 'mysqld', 33, 7, null],
    ['web1', 'nginx', 44, 100, 300],
  ]);
});

test('a later line of the same host more than 60 s after the dump closes it (comparable ISO times)', () => {
  const events = parseLines([
    { body: header('a'), time: '2024-07-18T15:03:59' },
    { body: 'Free swap  = 0kB', time: '2024-07-18T15:03:59' },
    { body: 'Out of memory: Kill process 9 (late) score 1 or sacrifice child', time: '2024-07-18T15:09:00' },
    { body: 'Killed process 9 (late) total-vm:1kB, anon-rss:1kB, file-rss:0kB', time: '2024-07-18T15:09:00' },
  ]);
  assert.deepEqual(events.map((e) => [e.header?.comm ?? null, e.truncated, e.killed?.pid ?? null, e.headerMissing, e.time]), [
    ['a', true, null, false, '2024-07-18T15:03:59'],
    [null, false, 9, true, '2024-07-18T15:09:00'],
  ]);
});

test('garbage inside a dump is skipped; a dump-looking line that does not parse becomes an issue', () => {
  const e = parseLines([
    header('java'),
    'IN=eth0 OUT= MAC=00:16:3e:00:00:01 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP',
    'docker0: port 1(veth1a2b3c) entered disabled state',
    'Modules linked in: xt_nat veth',
    'Hardware name: QEMU Standard PC, BIOS 1.13.0 04/01/2014',
    ' [<ffffffff816861ac>] dump_stack+0x19/0x1b',
    '\u0000\u0001\ufffd binary junk \ufffd',
    'Node 0 Normal free:garbage min:1kB',
    '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
    '[   100]     0   100      abc       10    4096        0             0 broken',
    '[   101]     0   101     1000       10    4096        0             0 fine',
    'memory: usage lots, limit 1kB, failcnt 0',
    killed(101, 'fine', 'Out of memory'),
  ])[0]!;
  assert.deepEqual([e.killed?.pid, e.taskTable?.rowCount, e.taskTable?.tasks[0]?.name], [101, 1, 'fine']);
  assert.deepEqual(e.issues.map((i) => i.line), [8, 10, 12]);
  assert.match(e.issues[0]!.reason, /Normal zone line/);
  assert.match(e.issues[1]!.reason, /total_vm column/);
});

test('a dump with no dump line for 2,000 lines is closed, so a later kill is its own event', () => {
  const specs: LineSpec[] = [{ body: header('a'), line: 1 }];
  for (let i = 2; i < 2100; i++) specs.push({ body: `app log line ${i}`, line: i });
  specs.push({ body: killed(5, 'late'), line: 2100 });
  const events = parseLines(specs);
  assert.deepEqual(events.map((e) => [e.header?.comm ?? null, e.truncated, e.killed?.pid ?? null, e.headerMissing]), [
    ['a', true, null, false],
    [null, false, 5, true],
  ]);
});

test('a 200,000-row task table keeps the TASKS_KEPT largest rows and exact totals', () => {
  const events: RawOomEvent[] = [];
  const parser = createOomParser({ onEvent: (e) => events.push(e) });
  let n = 1;
  const push = (body: string) => parser.push({ line: n++, raw: body, format: 'dmesg', time: null, host: null, body });
  push(header('big'));
  push('[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name');
  let totalRss = 0;
  for (let pid = 1; pid <= 200_000; pid++) {
    const rss = (pid * 7919) % 100_003; // a permutation-like spread, largest rows scattered
    totalRss += rss;
    push(`[${String(pid).padStart(7)}]     0 ${pid}   100000 ${rss}    4096        0             ${pid % 1000 === 0 ? -1000 : 0} task${pid}`);
  }
  push(killed(1, 'task1', 'Out of memory'));
  parser.end();
  const table = events[0]!.taskTable!;
  assert.equal(table.rowCount, 200_000);
  assert.equal(table.totalRssPages, totalRss);
  assert.equal(table.protectedCount, 200);
  assert.equal(table.tasks.length, TASKS_KEPT);
  const rss = table.tasks.map((t) => t.rssPages);
  assert.deepEqual(rss, [...rss].sort((a, b) => b - a), 'kept rows are largest first');
  assert.equal(rss[0], 100_002);
  assert.ok(rss[TASKS_KEPT - 1]! >= 100_002 - TASKS_KEPT, 'only the largest rows are kept');
});

test('a million kill lines are emitted one by one, never collected', () => {
  let count = 0;
  let lastPid = 0;
  const parser = createOomParser({
    onEvent: (e) => {
      count++;
      lastPid = e.killed?.pid ?? -1;
    },
  });
  for (let i = 1; i <= 1_000_000; i++) {
    const body = `Out of memory: Killed process ${i} (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB`;
    parser.push({ line: i, raw: body, format: 'dmesg', time: null, host: null, body });
    if (i === 500_000) assert.equal(count, 499_999, 'each kill is emitted when the next one arrives');
  }
  parser.end();
  assert.deepEqual([count, lastPid], [1_000_000, 1_000_000]);
});

test('the classifier and the parser never throw, whatever the line', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 30 }), (lines) => {
      for (const l of lines) classifyKernelLine(l);
      parseLines([header('x'), ...lines, killed(1, 'x')]);
    }),
    { numRuns: 300 },
  );
  const prefixes = ['[', 'Node ', 'Killed process ', 'Kill process ', 'oom-kill:', 'memory: usage ', 'Memory cgroup stats for ', '[  pid  ]', 'CPU: ', 'Pid: '];
  fc.assert(
    fc.property(fc.constantFrom(...prefixes), fc.string({ maxLength: 200 }), (p, rest) => {
      classifyKernelLine(p + rest);
    }),
    { numRuns: 500 },
  );
});

test('64 KiB lines of separators inside every line kind are read (linear-time readers), not crashed on', () => {
  const run = (n: number, ch: string) => ch.repeat(n);
  const long = [
    `x invoked oom-killer: gfp_mask=0xd0, nodemask=${run(65_000, ' ,')}x`,
    `Node 0 Normal free:1kB ${run(65_000, ' ')}x`,
    `Node 0 Normal: ${run(30_000, '1*4kB ')}= 1kB`,
    `oom-kill:constraint=CONSTRAINT_NONE${run(30_000, ',task=')}`,
    `Killed process 1 (${run(65_000, '(')}) total-vm:1kB`,
    `active_anon:1 ${run(65_000, ' ')}`,
  ];
  const events = parseLines(['x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', ...long]);
  const withBuddy = events.find((e) => e.buddy.length > 0);
  assert.equal(withBuddy?.buddy[0]?.blocks.length, 32, 'a buddy line keeps at most 32 orders');
  // A comm is at most 15 characters (TASK_COMM_LEN): 65,000 parentheses are no name.
  assert.equal(withBuddy?.killed ?? null, null);
  assert.ok(withBuddy?.issues.some((i) => /Killed process/.test(i.reason)), 'the unreadable kill line is reported as an issue');
});
