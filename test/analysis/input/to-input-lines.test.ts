import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toInputLines } from '../../../src/analysis/input/to-input-lines.js';

const fixture = (name: string): string[] =>
  readFileSync(new URL(`../../fixtures/input/${name}`, import.meta.url), 'utf8').split('\n').filter((l) => l !== '');

/** What a parser reads of one physical line: [format, time, host, body] per logical line. */
const read = (raw: string) => toInputLines(7, raw).map((l) => [l.format, l.time, l.host, l.body]);

test('raw dmesg: seconds since boot as printed, one separator space dropped, call-trace indentation kept', () => {
  assert.deepEqual(read('[11686.888109] sed invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0'), [
    ['dmesg', '11686.888109', null, 'sed invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0'],
  ]);
  assert.deepEqual(read('[    0.000000]  [<ffffffff8111d381>] dump_header+0x91/0xe0'), [['dmesg', '0.000000', null, ' [<ffffffff8111d381>] dump_header+0x91/0xe0']]);
});

test('dmesg -T: naive local ISO time, in English and with a space-padded day', () => {
  assert.deepEqual(read('[Thu Jul 18 15:03:59 2024] Out of memory: Killed process 4242 (doris_be)'), [
    ['dmesg-T', '2024-07-18T15:03:59', null, 'Out of memory: Killed process 4242 (doris_be)'],
  ]);
  // The task table's `[  pid  ]` column must not read as a stamp.
  assert.deepEqual(read('[Wed Dec  6 23:54:11 2017] [  482]     0   482'), [['dmesg-T', '2017-12-06T23:54:11', null, '[  482]     0   482']]);
  assert.deepEqual(read('[  482]     0   482    10590      131'), [['plain', null, null, '[  482]     0   482    10590      131']]);
});

test('dmesg -T with localised day and month names (zh, ja, ko, de, fr, es, it, pt, ru)', () => {
  const cases: [string, string][] = [
    ['[六 9月 11 12:24:42 2021]', '2021-09-11T12:24:42'], // zh_CN, seed 001
    ['[土 9月 11 12:24:42 2021]', '2021-09-11T12:24:42'], // ja_JP
    ['[토 9월 11 12:24:42 2021]', '2021-09-11T12:24:42'], // ko_KR
    ['[Di Aug 12 03:54:03 2025]', '2025-08-12T03:54:03'], // de_DE, OOMAnalyser's example
    ['[Fr Okt  3 10:00:00 2025]', '2025-10-03T10:00:00'],
    ['[Mo Mär 17 08:00:01 2025]', '2025-03-17T08:00:01'],
    ['[Mi Dez 31 23:59:59 2025]', '2025-12-31T23:59:59'],
    ['[dim. janv. 3 01:02:03 2021]', '2021-01-03T01:02:03'], // fr_FR
    ['[mar. févr. 9 01:02:03 2021]', '2021-02-09T01:02:03'],
    ['[dim. août 8 01:02:03 2021]', '2021-08-08T01:02:03'],
    ['[lun ene 4 01:02:03 2021]', '2021-01-04T01:02:03'], // es_ES
    ['[sab ago 7 01:02:03 2021]', '2021-08-07T01:02:03'], // it_IT
    ['[qua set 1 01:02:03 2021]', '2021-09-01T01:02:03'], // pt_BR
    ['[сб сен 11 12:24:42 2021]', '2021-09-11T12:24:42'], // ru_RU
  ];
  for (const [stamp, iso] of cases) assert.deepEqual(read(`${stamp} msg`), [['dmesg-T', iso, null, 'msg']], stamp);
});

test('dmesg -T with a month name no table knows: still a dmesg -T line, time as printed', () => {
  assert.deepEqual(read('[Xy Qqq 11 12:24:42 2021] msg'), [['dmesg-T', 'Xy Qqq 11 12:24:42 2021', null, 'msg']]);
});

test('kernel records with priority or facility: dmesg -x, dmesg --time-format iso, <N>, /dev/kmsg', () => {
  assert.deepEqual(read('kern  :warn  : [  123.456789] mysqld invoked oom-killer'), [['kmsg', '123.456789', null, 'mysqld invoked oom-killer']]);
  assert.deepEqual(read('kern  :err   : [Thu Jul 18 15:03:59 2024] Out of memory'), [['kmsg', '2024-07-18T15:03:59', null, 'Out of memory']]);
  assert.deepEqual(read('2024-07-18T15:03:59,123456+08:00 Out of memory'), [['kmsg', '2024-07-18T15:03:59.123456+08:00', null, 'Out of memory']]);
  // A kernel message that starts with `word:` is not a host-less `program:` (journalctl always prints the host).
  assert.deepEqual(read('2024-04-29T14:55:41,679685+02:00 oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom'), [
    ['kmsg', '2024-04-29T14:55:41.679685+02:00', null, 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom'],
  ]);
  assert.deepEqual(read('2024-04-29T14:55:46,947445+02:00 oom_reaper: reaped process 1440763 (perl), now anon-rss:0kB'), [
    ['kmsg', '2024-04-29T14:55:46.947445+02:00', null, 'oom_reaper: reaped process 1440763 (perl), now anon-rss:0kB'],
  ]);
  assert.deepEqual(read('<4>[   12.300000] Out of memory'), [['kmsg', '12.300000', null, 'Out of memory']]);
  assert.deepEqual(read('<3>Out of memory'), [['kmsg', null, null, 'Out of memory']]);
  assert.deepEqual(read('4,1234,5678123,-;Out of memory'), [['kmsg', '5.678123', null, 'Out of memory']]);
});

test('syslog: host, time as printed, kernel stamp dropped; <kern.warning>, kernel: without space, kernel[pid]:', () => {
  const lines = fixture('seed-004-syslog-kernel.txt');
  assert.deepEqual(read(lines[0]!), [
    ['syslog', 'Aug 11 03:48:24', 'iZ23syelc0bZ', 'Out of memory: Kill process 26379 (tmux) score 6 or sacrifice child'],
  ]);
  assert.deepEqual(read(lines[6]!), [['syslog', 'Aug 11 03:48:24', 'iZ23syelc0bZ', ' [<ffffffff8111d381>] dump_header+0x91/0xe0']]);
  // OOMAnalyser test.py prefixes
  assert.deepEqual(read('Apr 01 14:13:32 mysrv <kern.warning> kernel: Mem-Info:'), [['syslog', 'Apr 01 14:13:32', 'mysrv', 'Mem-Info:']]);
  assert.deepEqual(read('Apr 01 14:13:32 mysrv kernel:Mem-Info:'), [['syslog', 'Apr 01 14:13:32', 'mysrv', 'Mem-Info:']]);
  assert.deepEqual(read('Apr  1 14:13:32 mysrv kernel[0]: Mem-Info:'), [['syslog', 'Apr  1 14:13:32', 'mysrv', 'Mem-Info:']]);
  // Other programs in the same file lose their prefix too.
  assert.deepEqual(read('Apr 01 14:13:33 mysrv systemd[1]: mysqld.service: Main process exited, code=killed, status=9/KILL'), [
    ['syslog', 'Apr 01 14:13:33', 'mysrv', 'mysqld.service: Main process exited, code=killed, status=9/KILL'],
  ]);
});

test('syslog and journal lines name their program, so a quoted kernel message can be told from the kernel', () => {
  // aks node syslog (test/fixtures/public): node-problem-detector quotes the kernel's kill line.
  const npd = toInputLines(1, 'Oct 12 19:00:20 aks-nodepool1-24207654-vmss000001 node-problem-detector-startup.sh[3240]: I1012 19:00:20.884452    3240 log_monitor.go:160] New status generated: &{Message:Memory cgroup out of memory: Killed process 183960 (stress-ng-vm)}')[0]!;
  assert.equal(npd.program, 'node-problem-detector-startup.sh');
  assert.equal(toInputLines(2, 'Oct 12 19:00:20 aks-nodepool1 kernel: [ 8523.347333] Memory cgroup out of memory')[0]!.program, 'kernel');
  assert.equal(toInputLines(3, '[ 1234.567890] db1 systemd[1]: Started x')[0]!.program, 'systemd');
  assert.equal(toInputLines(4, '[ 1234.567890] Out of memory')[0]!.program ?? null, null);
});

test('journalctl: short-precise and short-monotonic are `journalctl`, short-iso is `journalctl-iso` with its offset', () => {
  assert.deepEqual(read('Jul 18 15:03:59.123456 db1 kernel: Out of memory'), [['journalctl', 'Jul 18 15:03:59.123456', 'db1', 'Out of memory']]);
  assert.deepEqual(read('[ 1234.567890] db1 kernel: Out of memory'), [['journalctl', '1234.567890', 'db1', 'Out of memory']]);
  assert.deepEqual(read('2024-07-18T15:03:59+0800 db1 kernel: Out of memory'), [['journalctl-iso', '2024-07-18T15:03:59+08:00', 'db1', 'Out of memory']]);
  assert.deepEqual(read('2024-07-18T15:03:59.123456+08:00 db1 kernel: [ 99.1] Out of memory'), [
    ['journalctl-iso', '2024-07-18T15:03:59.123456+08:00', 'db1', 'Out of memory'],
  ]);
  // A raw dmesg message that starts with `name:` is not a journal line.
  assert.deepEqual(read('[  5.1] IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready'), [['dmesg', '5.1', null, 'IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready']]);
});

test('Doris be.INFO glog lines: time comparable with dmesg -T, empty messages kept', () => {
  // reference/doris-memory-logs.md §0
  assert.deepEqual(read('W20250515 15:49:35.794466  2293 mem_tracker_limiter.cpp:389] Process Memory Summary:'), [
    ['doris-be', '2025-05-15T15:49:35.794466', null, 'Process Memory Summary:'],
  ]);
  assert.deepEqual(read('I0103 08:02:27.237190 19832 daemon.cpp:262] '), [['doris-be', '--01-03T08:02:27.237190', null, '']]);
  assert.deepEqual(read('RuntimeLogger I20240718 15:03:41.123902 12345 file.cpp:389] msg'), [['doris-be', '2024-07-18T15:03:41.123902', null, 'msg']]);
  const doris = toInputLines(1, 'I20240718 15:03:41.123902 12345 file.cpp:389] x')[0]!.time!;
  const kernel = toInputLines(2, '[Thu Jul 18 15:03:59 2024] x')[0]!.time!;
  assert.ok(doris < kernel, 'ISO strings order by time');
});

test('plain lines keep their leading indentation and lose trailing whitespace; the raw text is untouched', () => {
  const [line] = toInputLines(3, '    MemTrackerLimiter Label=Orphan, Type=global, Limit=-1.00 B(-1 B) \t');
  assert.deepEqual([line!.line, line!.format, line!.body, line!.raw], [3, 'plain', '    MemTrackerLimiter Label=Orphan, Type=global, Limit=-1.00 B(-1 B)', '    MemTrackerLimiter Label=Orphan, Type=global, Limit=-1.00 B(-1 B) \t']);
});

test('kubectl OOMKilled lines are marked as kubectl, the rest of a describe paste stays plain', () => {
  assert.deepEqual(read('      Reason:       OOMKilled'), [['kubectl', null, null, '      Reason:       OOMKilled']]);
  assert.deepEqual(read('          reason: OOMKilled'), [['kubectl', null, null, '          reason: OOMKilled']]);
  assert.deepEqual(read('samba-operator-controller-manager-5c4766cfc-hnp2k   1/2     OOMKilled   2          5m58s')[0]![0], 'kubectl');
  assert.deepEqual(read('      Exit Code:    137')[0]![0], 'plain');
});

test('garbage never throws and comes back as one plain line: NUL bytes, U+FFFD, tabs, empty, a 100 KB line', () => {
  for (const raw of ['', '\0\0\0', '\uFFFD\uFFFD[\uFFFD', '\t\t', '[', '[Thu', '<', '4,', 'kern  :', '#012', '565', '565 ', 'x'.repeat(100_000), `[${' '.repeat(100_000)}`, `${'1'.repeat(100_000)} pages`]) {
    const lines = toInputLines(1, raw);
    assert.ok(lines.length >= 1, JSON.stringify(raw.slice(0, 20)));
    for (const l of lines) assert.equal(l.raw, raw);
  }
  assert.deepEqual(read('\0\uFFFD oom'), [['plain', null, null, '\0\uFFFD oom']]);
});

test('two syslog records flattened onto one line by runs of spaces are two logical lines, each with its own prefix', () => {
  assert.deepEqual(read(`HOST1 kernel: Out of memory: Kill process 19434 (xxxx) score 31 or sacrifice child${' '.repeat(40)}HOST1 kernel: Killed process 19434 (xxxx) total-vm:34919552kB`), [
    ['syslog', null, 'HOST1', 'Out of memory: Kill process 19434 (xxxx) score 31 or sacrifice child'],
    ['syslog', null, 'HOST1', 'Killed process 19434 (xxxx) total-vm:34919552kB'],
  ]);
  assert.deepEqual(read('Jul 19 10:00:01 db1 kernel: Mem-Info:   Jul 19 10:00:01 db1 kernel: Node 0 DMA per-cpu:'), [
    ['syslog', 'Jul 19 10:00:01', 'db1', 'Mem-Info:'],
    ['syslog', 'Jul 19 10:00:01', 'db1', 'Node 0 DMA per-cpu:'],
  ]);
  // Another host or program quoted in a message is not a record of this line's host.
  assert.deepEqual(read('Jul 19 10:00:01 db1 kernel: audit: saw "db2 kernel: x"'), [['syslog', 'Jul 19 10:00:01', 'db1', 'audit: saw "db2 kernel: x"']]);
});
