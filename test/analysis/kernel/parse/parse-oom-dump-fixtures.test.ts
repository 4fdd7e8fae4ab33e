/**
 * Whole logs through the real pipeline (line driver with its keyword prefilter → prefix stripper →
 * kernel OOM parser): the seeds verbatim and the constructed fixtures (test/fixtures/kernel/SOURCES.md),
 * fed whole and split at awkward chunk boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rawEventsFromText } from './oom-parser-harness.js';
import { analyzeText } from '../../../../src/analysis/analyze.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../fixtures/kernel/${name}`, import.meta.url));

test('seed 001: the sample dump and the five scenarios are six dumps without kill lines', () => {
  const events = rawEventsFromText(fixture('seed-001-alibaba-five-oom-scenarios.txt'));
  assert.deepEqual(
    events.map((e) => [e.firstLine, e.time, e.header?.comm, e.header?.order, e.truncated, e.killed]),
    [
      [15, '2021-09-11T12:24:42', 'test', 0, true, null],
      [32, '2021-09-08T18:01:32', 'test', 0, true, null],
      [42, '2021-09-10T16:15:14', 'test', 0, true, null],
      [52, '2021-09-11T12:24:42', 'test', 0, true, null],
      [71, '2021-09-11T09:46:24', 'main', 0, true, null],
      [96, '2021-09-11T15:22:46', 'insmod', 3, true, null],
    ],
  );
  const [sample, cgroup, parent, global, numa, frag] = events as [typeof events[0], ...typeof events];
  assert.deepEqual([sample.kernelVersion, sample.triggerPid, sample.header?.gfpMask, sample.header?.gfpFlags, sample.cpuset?.memsAllowed], ['4.19.91-24.1.al7.x86_64', 29748, '0x62****', 'GFP_HIGHUSER_MOVABLE|__GFP_ZERO', '0']);
  assert.deepEqual([cgroup!.taskIn?.taskPath, cgroup!.taskIn?.limitPath, cgroup!.memcgMemory?.usageKb, cgroup!.memcgMemory?.limitKb, cgroup!.memcgMemory?.failcnt], ['/mm_test', '/mm_test', 204800, 204800, 26]);
  assert.deepEqual([parent!.taskIn?.taskPath, parent!.taskIn?.limitPath, parent!.memcgMemory?.failcnt], ['/mm_test/2', '/mm_test', 1607]);
  assert.deepEqual([global!.taskIn?.limitPath, global!.header?.oomScoreAdj], ['host', null]);
  assert.deepEqual(global!.zones.map((z) => [z.node, z.zone, z.freeKb, z.minKb, z.lowKb, z.highKb]), [[0, 'DMA32', 155160, 152412, 190512, 228612], [0, 'Normal', 46592, 46712, 58388, 70064]]);
  assert.deepEqual([numa!.cpuset?.cpuset, numa!.cpuset?.memsAllowed, numa!.meminfo['free'], numa!.meminfo['inactive_anon']], ['mm_cpuset', '1', 4111496, 4518735]);
  assert.deepEqual(numa!.zones.map((z) => [z.node, z.freeKb, z.lowKb]), [[1, 43636, 441424]]);
  assert.deepEqual([numa!.buddy[0]?.totalKb, numa!.buddy[0]?.blocks.length], [47560, 11]);
  assert.deepEqual(numa!.hugepages.map((h) => [h.node, h.total, h.sizeKb]), [[0, 360, 1048576], [0, 0, 2048], [1, 360, 1048576], [1, 0, 2048]]);
  assert.deepEqual(frag!.zones.map((z) => [z.freeKb, z.lowKb, z.managedKb]), [[23500, 19864, 852784]]);
  assert.deepEqual(frag!.buddy[0]?.blocks.slice(0, 4).map((b) => b.count), [1325, 966, 675, 0]);
  assert.equal(frag!.buddy[0]?.totalKb, null);
  assert.ok(events.every((e) => e.issues.length === 0));
});

test('seed 003: the rate-limited mysqld kill (RHEL 6 UID form), then an httpd dump without its kill', () => {
  const [kill, dump, ...rest] = rawEventsFromText(fixture('seed-003-rhel6-mysqld-line-numbered-paste.txt'));
  assert.equal(rest.length, 0);
  assert.deepEqual([kill!.headerMissing, kill!.killSelect?.pid, kill!.killSelect?.score, kill!.killSelect?.message], [true, 9682, 9, 'Out of memory']);
  assert.deepEqual(kill!.killed && [kill!.killed.pid, kill!.killed.comm, kill!.killed.uid, kill!.killed.totalVmKb, kill!.killed.anonRssKb, kill!.killed.fileRssKb, kill!.killed.at.line], [9682, 'mysqld', 27, 47388, 3744, 80, 15]);
  assert.deepEqual([dump!.header?.comm, dump!.header?.gfpMask, dump!.header?.oomScoreAdj, dump!.triggerPid, dump!.kernelVersion, dump!.truncated], ['httpd', '0x201da', 0, 8911, '2.6.32-279.1.1.el6.i686', true]);
  assert.deepEqual([dump!.freeSwapKb?.kb, dump!.totalSwapKb?.kb, dump!.pagesRam?.pages, dump!.pagesReserved?.pages], [0, 524280, 131071, 3673]);
});

test('seed 004: tmux selected but its child bash killed; the mongod dump; the mongod kill four minutes later', () => {
  const events = rawEventsFromText(fixture('seed-004-syslog-tmux-child-sacrificed-then-mongod.txt'));
  assert.deepEqual(
    events.map((e) => [e.host, e.time, e.killSelect?.comm ?? null, e.killed?.pid ?? null, e.killed?.comm ?? null, e.header?.comm ?? null, e.headerMissing, e.truncated]),
    [
      ['iZ23syelc0bZ', 'Aug 11 03:48:24', 'tmux', 26551, 'bash', null, true, false],
      ['iZ23syelc0bZ', 'Aug 11 03:48:24', null, null, null, 'mongod', false, true],
      ['iZ23syelc0bZ', 'Aug 11 03:52:07', 'mongod', 19716, 'mongod', null, true, false],
    ],
  );
  assert.deepEqual([events[0]!.killed?.totalVmKb, events[0]!.killed?.anonRssKb, events[0]!.killSelect?.pid], [23220, 2768, 26379]);
  assert.deepEqual([events[1]!.triggerPid, events[1]!.kernelVersion, events[1]!.header?.gfpMask], [1067, '3.2.0-67-generic', '0x84d0']);
  assert.deepEqual([events[2]!.killed?.totalVmKb, events[2]!.killed?.anonRssKb], [135707920, 103312]);
});

test('cgroup v2 group kill from journalctl -o short-iso: two members share the dump; a kill 32 s later is rate-limited', () => {
  const events = rawEventsFromText(fixture('memcg-v2-oom-group-kill-journal-iso.log'));
  assert.deepEqual(
    events.map((e) => [e.killed?.pid, e.killed?.comm, e.headerMissing, e.summary?.constraint ?? null, e.memcgMemory?.failcnt ?? null, e.taskTable?.rowCount ?? null, e.format]),
    [
      [4100, 'worker', false, 'CONSTRAINT_MEMCG', 312, 3, 'journalctl-iso'],
      [4101, 'helper', false, 'CONSTRAINT_MEMCG', 312, 3, 'journalctl-iso'],
      [4300, 'worker', true, null, null, null, 'journalctl-iso'],
    ],
  );
  const first = events[0]!;
  assert.deepEqual([first.host, first.kernelVersion, first.memcgSwap?.limitKb, first.reaper?.pid], ['k8s-node-3', '5.15.0-91-generic', 0, 4100]);
  assert.deepEqual(first.memcgStats[0]?.values, { anon: 531628032, file: 1236992, kernel_stack: 196608, shmem: 0 });
  assert.deepEqual(first.taskTable?.tasks.map((t) => [t.name, t.rssPages, t.pgtablesKb, t.oomScoreAdj]), [['worker', 110000, 1024, 999], ['helper', 18000, 256, 999], ['pause', 300, 40, -998]]);
});

test('two hosts interleaved in one syslog, Mem-Info as rsyslog #012: one event per host with its own numbers', () => {
  const events = rawEventsFromText(fixture('interleaved-hosts-syslog-rsyslog-012.log'));
  assert.deepEqual(
    events.map((e) => [e.host, e.kernelVersion, e.header?.comm, e.triggerPid, e.killed?.pid, e.meminfo['active_anon'], e.meminfo['free'], e.zones[0]?.freeKb, e.totalSwapKb?.kb]),
    [
      ['web1', '5.4.0-1036-azure', 'nginx', 2211, 2211, 480000, 12000, 44000, 0],
      ['db1', '4.19.91-24.1.al7.x86_64', 'mysqld', 3306, 3306, 1900000, 20500, 60000, 2097148],
    ],
  );
  assert.equal(events[1]!.killSelect?.score, 912);
  assert.equal(events[0]!.summary?.taskMemcg, '/system.slice/nginx.service');
});

const ALL = [
  'seed-001-alibaba-five-oom-scenarios.txt',
  'seed-003-rhel6-mysqld-line-numbered-paste.txt',
  'seed-004-syslog-tmux-child-sacrificed-then-mongod.txt',
  'memcg-v2-oom-group-kill-journal-iso.log',
  'interleaved-hosts-syslog-rsyslog-012.log',
];

test('every fixture gives the same events whatever the chunk sizes (inside lines, CRLF pairs and multi-byte characters)', () => {
  for (const name of ALL) {
    const whole = rawEventsFromText(fixture(name));
    for (const size of [1, 2, 3, 7, 61, 256, 4093]) {
      const chunks = Array.from({ length: Math.ceil(fixture(name).length / size) }, () => size);
      assert.deepEqual(rawEventsFromText(fixture(name), chunks), whole, `${name} in ${size}-byte chunks`);
    }
  }
});

test('a small fixture split in two at every byte gives the same events', () => {
  const bytes = fixture('interleaved-hosts-syslog-rsyslog-012.log');
  const whole = rawEventsFromText(bytes);
  for (let at = 1; at < bytes.length; at++) assert.deepEqual(rawEventsFromText(bytes, [at]), whole, `split at byte ${at}`);
});

test('CRLF line ends read the same as LF', () => {
  const lf = fixture('seed-004-syslog-tmux-child-sacrificed-then-mongod.txt').toString('utf8');
  const crlf = lf.replace(/\n/g, '\r\n');
  const strip = (events: ReturnType<typeof rawEventsFromText>) => events.map((e) => [e.firstLine, e.killed?.pid ?? null, e.header?.comm ?? null, e.truncated]);
  assert.deepEqual(strip(rawEventsFromText(crlf)), strip(rawEventsFromText(lf)));
});

test('end to end through analyzeText: one report event per kill, with the victim, host, time and kernel', () => {
  const seed4 = analyzeText(fixture('seed-004-syslog-tmux-child-sacrificed-then-mongod.txt'));
  assert.deepEqual(seed4.events.map((e) => [e.host, e.time, e.victim?.pid ?? null, e.victim?.comm ?? null]), [
    ['iZ23syelc0bZ', 'Aug 11 03:48:24', 26551, 'bash'],
    ['iZ23syelc0bZ', 'Aug 11 03:48:24', null, null],
    ['iZ23syelc0bZ', 'Aug 11 03:52:07', 19716, 'mongod'],
  ]);
  const group = analyzeText(fixture('memcg-v2-oom-group-kill-journal-iso.log'));
  // The rate-limited kill 4300 prints no kernel line of its own: one host, one release in the input, so it runs that one.
  assert.deepEqual(group.events.map((e) => [e.victim?.pid, e.kernelVersion]), [[4100, '5.15.0-91-generic'], [4101, '5.15.0-91-generic'], [4300, '5.15.0-91-generic']]);
  const seed1 = analyzeText(fixture('seed-001-alibaba-five-oom-scenarios.txt'));
  assert.equal(seed1.events.length, 6);
  assert.deepEqual(seed1.events.map((e) => e.trigger?.comm ?? null), ['test', 'test', 'test', 'test', 'main', 'insmod']);
});
