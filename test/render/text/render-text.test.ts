import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderText } from '../../../src/render/text/render-text.js';
import { locateEvidence } from '../../../src/analysis/report/locate-evidence.js';
import { dorisSection, parentCgroupEvent, report } from '../sample-reports.js';

const ESC = '\u001b';

test('one kill: the summary first, then the verdict with victim, cause, time and host', () => {
  const text = renderText(report());
  const lines = text.split('\n');
  assert.match(lines[0]!, /^test \(pid 30211\) was killed by the OOM killer/);
  assert.match(text, /▶ Killed: test \(pid 30211\) — parent cgroup limit/);
  assert.match(text, /time 2021-09-10 16:15:14 · host ecs-prod-7 · kernel 4\.19\.91-24\.1\.al7\.x86_64 · CONSTRAINT_MEMCG/);
  assert.match(text, /test \(pid 30211\) was killed because a parent memory cgroup reached its limit\./);
  assert.match(text, /Contributing: one task held most of the memory/);
});

test('"why" quotes each evidence line under its file:line, with the reason beneath', () => {
  const text = renderText(locateEvidence(report(), [{ name: 'kern.log', endLine: 24 }]));
  assert.match(text, /kern\.log:11 {2}\[Fri Sep 10 16:15:14 2021\] Task in \/mm_test\/2 killed as a result of limit of \/mm_test\n +→ the limit that was hit is \/mm_test/);
  assert.match(text, /kern\.log:12 {2}\[Fri Sep 10 16:15:14 2021\] memory: usage 204800kB, limit 204800kB, failcnt 1607/);
});

test('memory breakdown: sizes humanised, cgroup usage against limit, top tasks with share bars', () => {
  const text = renderText(report());
  assert.match(text, /Victim +test \(pid 30211, uid 0, oom_score_adj 0\)/);
  assert.match(text, /anon-rss 128 MiB · file-rss 0 B · shmem-rss 0 B · total-vm 144 MiB · page tables 296 KiB/);
  assert.match(text, /Cgroup +\/mm_test: usage 200 MiB of limit 200 MiB \(100%\), limit hit 1607 times \(failcnt\)/);
  assert.match(text, /task's own cgroup: \/mm_test\/2/);
  assert.match(text, /30211 +test +128 MiB +████████░░░░ +65% +0/);
  assert.match(text, /30198 +leaky-worker +70\.14 MiB +████░░░░░░░░ +35% +0/);
});

test('suggestions are numbered, with their commands ready to copy', () => {
  const text = renderText(report());
  assert.match(text, /1\. Raise the limit of \/mm_test or find what grows in it\n +The parent cgroup \/mm_test is limited to 200 MiB/);
  assert.match(text, /\$ echo 400M > \/sys\/fs\/cgroup\/memory\/mm_test\/memory\.limit_in_bytes/);
});

test('without colour there is no escape code; with colour the verdict is highlighted', () => {
  const r = report({ doris: dorisSection() });
  assert.ok(!renderText(r).includes(ESC));
  const coloured = renderText(r, { color: true });
  assert.ok(coloured.includes(`${ESC}[1m`));
  assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), renderText(r));
});

test('escape sequences inside the log cannot reach the terminal', () => {
  const hostile = parentCgroupEvent({
    evidence: [{ file: null, line: 3, text: `Killed process 1 (evil${ESC}]0;pwned\u0007${ESC}[2J)`, why: 'the victim' }],
    victim: { ...parentCgroupEvent().victim!, comm: `x${ESC}[31m` },
  });
  const text = renderText(report({ events: [hostile] }));
  assert.ok(!text.includes(ESC));
  assert.ok(!text.includes('\u0007'));
  assert.match(text, /Killed process 1 \(evil\uFFFD\]0;pwned\uFFFD\uFFFD\[2J\)/);
});

test('a 64 KiB evidence line is clipped for the reader, saying how much is left out', () => {
  const long = 'A'.repeat(65536);
  const text = renderText(report({ events: [parentCgroupEvent({ evidence: [{ file: null, line: 1, text: long, why: 'long' }] })] }));
  assert.match(text, /A{300}… \(65236 more characters\)/);
});

test('a Doris section: process memory, water marks, tracked ratio, trackers as a table, GC, cancels, findings', () => {
  const text = renderText(locateEvidence(report({ doris: dorisSection() }), [{ name: 'dmesg.txt', endLine: 24 }, { name: 'be.INFO', endLine: 40 }]));
  assert.match(text, /Doris BE memory \(summary at 2024-07-18T15:03:41\.123902, kill at 2024-07-18T15:03:59\)/);
  assert.match(text, /Process +used 54\.75 GiB of limit 54 GiB · soft limit 48\.6 GiB · resident \(RSS\) 56\.1 GiB · physical memory 60 GiB/);
  assert.match(text, /Available +sys available 2\.9 GiB · low water mark 3 GiB · warning water mark 6 GiB — below the low water mark/);
  assert.match(text, /Tracked +sum of all trackers 50\.94 GiB of 56\.1 GiB resident \(91%\)/);
  assert.match(text, /By type +query 39\.2 GiB · global 6\.83 GiB/);
  assert.match(text, /Allocator +Orphan 92 MiB · jemalloc cache 1\.35 GiB · jemalloc metadata 384 MiB/);
  assert.match(text, /GC +14 minor and 3 full GC in the 10 min before the kill/);
  // Trackers: largest first, overview totals left out, share of RSS as a bar.
  assert.match(text, /Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b +query +38 GiB +38\.38 GiB +2 GiB +████████░░░░ +68%/);
  assert.match(text, /DataPageCache\[size\]\(AllocByAllocator\) +global +6 GiB +6 GiB +none +█░░░░░░░░░░░ +11%/);
  assert.doesNotMatch(text, /sum of all trackers +overview/);
  assert.match(text, /2024-07-18T15:03:41\.132904 +Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b using 38 GiB, 18 s before the kill/);
  assert.match(text, /• query cancel stuck \(query_cancel_stuck\): Query 5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b was cancelled 17\.9 s before the kill/);
  // Line 33 of the whole input is line 9 of be.INFO.
  const withLine33 = renderText(locateEvidence(report({ doris: dorisSection({ findings: [{ id: 'orphan_large', detail: 'Orphan is large', evidence: [{ file: null, line: 33, text: 'MemTrackerLimiter Label=Orphan' }] }] }) }), [{ name: 'dmesg.txt', endLine: 24 }, { name: 'be.INFO', endLine: 40 }]));
  assert.match(withLine33, /be\.INFO:9 {2}MemTrackerLimiter Label=Orphan/);
  assert.match(text, /1\. Lower mem_limit to 80% \(48 GiB of 60 GiB\)\n.*\n +Change \(review first\)\n +\$ sed -i 's\/\^mem_limit\.\*\/mem_limit = 80%\/' be\/conf\/be\.conf/);
});

test('many kills: a summary table, then one section per distinct cause, not one per kill', () => {
  const events = Array.from({ length: 1000 }, (_, i) =>
    i % 10 === 9
      ? parentCgroupEvent({ cause: 'system_memory_exhausted', victim: { ...parentCgroupEvent().victim!, comm: 'mysqld', pid: 5000 + i } })
      : parentCgroupEvent({ victim: { ...parentCgroupEvent().victim!, comm: i % 2 ? 'java' : 'python', pid: 1000 + i } }),
  );
  const text = renderText(report({ events, summary: '1000 OOM kills.' }));
  assert.match(text, /1000 OOM kills\n +# +time +host +victim +anon-rss +cause/);
  assert.match(text, /\n +1 +2021-09-10T16:15:14 +ecs-prod-7 +python \(pid 1000\) +128 MiB +parent cgroup limit/);
  assert.match(text, /… 980 more/);
  assert.match(text, /━━ parent cgroup limit: 900 kills \(python ×500, java ×400\)/);
  assert.match(text, /━━ system out of memory: 100 kills \(mysqld ×100\)/);
  assert.equal(text.match(/▶ Killed:/g)?.length, 2);
  assert.equal(text.match(/^ +Why$/gm)?.length, 2);
});

test('no kill found: the summary says so and nothing else pretends otherwise', () => {
  const text = renderText(report({ events: [], summary: 'No OOM-killer kill found in 24 lines.' }));
  assert.equal(text, 'No OOM-killer kill found in 24 lines.\nRead 24 lines (2.45 KiB) — formats: dmesg-T\n');
});

test('a kill line without its header still reads as a verdict, naming what is unknown', () => {
  const e = parentCgroupEvent({ cause: 'unknown', factors: ['header_rate_limited'], trigger: null, memcg: null, topTasks: [], time: null, host: null, kernelVersion: null, constraint: null });
  const text = renderText(report({ events: [e] }));
  assert.match(text, /▶ Killed: test \(pid 30211\) — cause unknown/);
  assert.match(text, /time not in the log/);
  assert.match(text, /Contributing: kill line without its dump \(the dump is not in the paste\)/);
  assert.doesNotMatch(text, /Cgroup|Trigger|Top tasks/);
});

test('a line cited for several reasons is quoted once, with each reason', () => {
  const line23 = parentCgroupEvent().evidence[2]!;
  const e = parentCgroupEvent({ evidence: [...parentCgroupEvent().evidence, { ...line23, why: 'anon-rss 128 MiB' }] });
  const text = renderText(report({ events: [e] }));
  assert.equal(text.match(/Killed process 30211/g)?.length, 1);
  assert.match(text, /Killed process 30211 .*\n +→ the victim\n +→ anon-rss 128 MiB/);
});

test('a global OOM names the victim\'s cgroup as where it ran, without inventing a usage or limit', () => {
  const e = parentCgroupEvent({
    cause: 'system_memory_exhausted',
    constraint: 'CONSTRAINT_NONE',
    memcg: { taskPath: '/system.slice/app.service', oomPath: null, usageKb: null, limitKb: null, failcnt: null, swapUsageKb: null, swapLimitKb: null, version: null, stat: null },
  });
  const text = renderText(report({ events: [e] }));
  assert.match(text, /Cgroup +task in \/system\.slice\/app\.service \(where it ran: this OOM hit no cgroup limit\)\n/);
  assert.doesNotMatch(text, /usage unknown/);
});
