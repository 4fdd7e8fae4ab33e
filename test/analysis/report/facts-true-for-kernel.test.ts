/**
 * Every number, factor and command true for the log's own kernel (issue 16), one class per test,
 * each on a real public fixture (test/fixtures/public/SOURCES.md) or a seed, asserting the Report's
 * fields and the sentence a user reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { renderText } from '../../../src/render/text/render-text.js';
import { buildOomEvent } from '../../../src/analysis/kernel/verdict/build-oom-event.js';
import { withKernelAdvice } from '../../../src/analysis/advice/advise.js';
import { swapFileSize } from '../../../src/analysis/advice/suggest-system.js';
import { oomAdjToScoreAdj } from '../../../src/analysis/advice/suggest-oom-score.js';
import { rawBuilder } from '../kernel/parse/raw-event-builder.js';
import type { OomEvent, Report } from '../../../src/analysis/report/report-schema.js';

const PUBLIC = new URL('../../fixtures/public/kernel/', import.meta.url);
const SEEDS = new URL('../../fixtures/kernel/', import.meta.url);
const read = (dir: URL, name: string): string => readFileSync(new URL(name, dir), 'utf8');
const analyse = (dir: URL, name: string): { report: Report; text: string } => {
  const report = analyzeText(read(dir, name));
  return { report, text: renderText(report) };
};
const runs = (e: OomEvent): string[] => e.suggestions.flatMap((s) => s.commands.map((c) => c.run));
const ids = (e: OomEvent): string[] => e.suggestions.map((s) => s.id);

test('class 2: the kill line\'s score is recomputed as the kernel prints it (× 1000 / totalpages, totalram = RAM − reserved)', () => {
  const gce = analyse(PUBLIC, 'gce-ubuntu-3.13-global-oom-no-swap.log');
  assert.match(gce.text, /badsysprogram had score 919 /, 'the kernel printed score 919');
  assert.doesNotMatch(gce.text, /scored \d+ points/);
  const rhel = analyse(PUBLIC, 'rhel7-3.10-global-oom-swap-full-rsyslog-012.log');
  assert.match(rhel.text, /mysqld had score 651 /, 'the kernel printed score 651');
  // A memcg whose swap allowance is not printed: totalpages is unknown, so pages and no score.
  const memcg = analyse(PUBLIC, 'ubuntu-3.13-cgroup-v1-memcg-limit.log');
  assert.match(memcg.text, /memorymonster had 8340936 pages .*no score: the log does not show totalpages/);
  assert.doesNotMatch(memcg.text, /memorymonster had score/);
});

test('class 3: advice gated by the log\'s kernel (THP defer+madvise ≥ 4.11, memory.peak ≥ 5.19), saying what to upgrade to', () => {
  const arm = analyse(PUBLIC, 'arm-4.4-order3-fork-fragmentation-no-kill-line.log').report.events[0]!;
  const compact = arm.suggestions.find((s) => s.id === 'compact-memory')!;
  assert.ok(!runs(arm).some((r) => r.includes('defer+madvise')), 'kernel 4.4.171 has no defer+madvise');
  const aks = analyse(PUBLIC, 'aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log');
  const e = aks.report.events[0]!;
  assert.equal(e.kernelVersion, '5.15.0-1041-azure');
  assert.ok(!runs(e).some((r) => r.includes('memory.peak')), 'memory.peak arrived in 5.19');
  assert.match(aks.text, /kernel 5\.15\.0-1041-azure has no memory\.peak \(added in 5\.19; upgrading to 5\.19 or later brings it\)/);
  assert.ok(compact !== undefined);
});

test('class 4: cgroup v1 memory+swap is one combined limit, raised before the memory limit', () => {
  const { report, text } = analyse(PUBLIC, 'docker-4.8-two-memcg-kills-amid-veth-noise.log');
  const e = report.events[0]!;
  assert.equal(e.memcg?.version, 1);
  const fix = e.suggestions.find((s) => s.id === 'raise-cgroup-limit')!;
  const r = fix.commands.map((c) => c.run);
  const memsw = r.findIndex((x) => x.includes('memory.memsw.limit_in_bytes') && x.startsWith('echo'));
  const mem = r.findIndex((x) => x.endsWith('/memory.limit_in_bytes') && x.startsWith('echo'));
  assert.ok(memsw >= 0 && mem > memsw, `memsw first: ${r.join('\n')}`);
  assert.ok(r.some((x) => /docker update --memory 25M --memory-swap 50M /.test(x)), 'docker raises memory+swap with memory instead of cutting swap to zero');
  assert.match(text, /memory\+swap \(one combined limit on cgroup v1\): usage 39\.98 MiB of limit 40 MiB/);
  assert.doesNotMatch(text, /swap: usage 19\.98 MiB of limit/);
});

test('class 5: the swap file is sized from the machine and the words about it are true; none on a tiny board', () => {
  const gce = analyse(PUBLIC, 'gce-ubuntu-3.13-global-oom-no-swap.log').report.events[0]!;
  const swap = gce.suggestions.find((s) => s.id === 'add-swap')!;
  assert.match(swap.title, /add 448 MiB of swap/);
  assert.match(swap.detail, /448 MiB \(about a quarter of the 1\.7 GiB of RAM\)/);
  assert.equal(swapFileSize(61 * 1024 * 1024).why, 'the 8 GiB cap: 13% of the 61 GiB of RAM');
  // An 8 MiB board with no swap: no swap file.
  const tiny = withKernelAdvice(buildOomEvent(rawBuilder().header('app').taskIn('/', 'host').swap(0, 0).pagesRam(2048).pagesReserved(0).tasks([{ pid: 5, name: 'app', rssPages: 1500 }]).killed(5, 'app').build()));
  assert.ok(tiny.factors.includes('no_swap'));
  assert.ok(!ids(tiny).includes('add-swap'));
});

test('class 6: oom_adj (−17..15) and oom_score_adj (−1000..1000) are different scales', () => {
  assert.equal(oomAdjToScoreAdj(-15), -882);
  assert.equal(oomAdjToScoreAdj(-17), -1000);
  const { report } = analyse(PUBLIC, 'centos6-2.6.32-mongod-syslog-uid-kill-line-elided.log');
  const shield = report.events[0]!.suggestions.find((s) => s.id === 'shield-victim')!;
  assert.match(shield.detail, /-15 there is about -882 here; writing -15 into oom_score_adj \(-1000\.\.1000\) changes almost nothing/);
  assert.ok(shield.commands.some((c) => c.run === 'echo -500 | sudo tee /proc/$(pgrep -o -x mongod)/oom_score_adj'), 'RHEL 6 backports oom_score_adj (its header prints it)');
  assert.doesNotMatch(shield.detail, /echo -15 > \/proc\/PID\/oom_score_adj/);
});

test('class 7: no sizing for a program that held a sliver of memory; a full swap comes first', () => {
  const seed = analyse(SEEDS, 'seed-003-rhel6-mysqld-line-numbered-paste.txt').report.events.find((e) => e.victim?.pid === 9682)!;
  assert.ok(!ids(seed).includes('mysql-buffer-pool'), 'a 3.7 MiB mysqld is not told to take 60% of RAM');
  const rhel = analyse(PUBLIC, 'rhel7-3.10-global-oom-swap-full-rsyslog-012.log').report.events[0]!;
  assert.ok(ids(rhel).indexOf('swap-full') < ids(rhel).indexOf('mysql-buffer-pool'), ids(rhel).join(' '));
});

test('class 8: a cgroup OOM with nothing killable does not panic; a kill without its dump is "not in the paste"', () => {
  const nixos = analyse(PUBLIC, 'nixos-6.5-cgroup-v2-memory-max-write-two-kills-memory-stat.log');
  const none = nixos.report.events.find((e) => e.noKill === 'no_killable_process')!;
  assert.ok(none.evidence.some((x) => /for a cgroup \(or SysRq\) OOM the kernel does not panic/.test(x.why)));
  assert.ok(!none.evidence.some((x) => /so the kernel panics/.test(x.why)));
  const seed = analyse(SEEDS, 'seed-003-rhel6-mysqld-line-numbered-paste.txt');
  assert.match(seed.text, /the dump is not in the paste/);
  assert.doesNotMatch(seed.text, /the kernel rate-limits the dump, so/);
});

test('class 9: host checks only where the host can have them; commands say their cgroup version when both are offered', () => {
  const centos = analyse(PUBLIC, 'centos6-2.6.32-mongod-syslog-uid-kill-line-elided.log').report.events[0]!;
  const r = runs(centos);
  assert.ok(!r.some((x) => x.includes('RssAnon') || x.includes('OOMScoreAdjust') || x.includes('systemctl')), 'no systemd on a 2.6.32 host');
  assert.ok(r.some((x) => x.includes('/sys/kernel/mm/redhat_transparent_hugepage/enabled')), 'RHEL 6 names THP its own way');
  const seed001 = analyzeText(read(SEEDS, 'seed-001-alibaba-five-oom-scenarios.txt')).events.find((e) => e.cause === 'cgroup_limit')!;
  assert.equal(seed001.memcg?.version, null);
  for (const run of runs(seed001).filter((x) => x.includes('/sys/fs/cgroup/'))) assert.match(run, /# cgroup v[12]$/);
});

test('class 10: the summary counts kills as the events do', () => {
  const seed = analyzeText(read(SEEDS, 'seed-001-alibaba-five-oom-scenarios.txt'));
  const kills = seed.events.filter((e) => e.victim !== null).length;
  assert.equal(kills, 0);
  assert.match(seed.summary, /^6 OOM events, 0 with a kill in the input/);
  const nixos = analyzeText(read(PUBLIC, 'nixos-6.5-cgroup-v2-memory-max-write-two-kills-memory-stat.log'));
  assert.match(nixos.summary, /^3 OOM events, 2 with a kill in the input/);
});

test('class 8: a memory limit that failcnt 0 shows was never hit is not sized from this kill; the memory+swap limit was', () => {
  // A real 6.18 kill in a cgroup v1 group whose memory+swap limit equals its memory limit.
  const { report, text } = analyse(SEEDS, 'live/memsw-limit.log');
  const e = report.events[0]!;
  assert.equal(e.memcg?.failcnt, 0);
  assert.ok(e.factors.includes('memsw_limit'));
  const raise = e.suggestions.find((s) => s.id === 'raise-cgroup-limit')!;
  assert.match(raise.detail, /the memory limit itself was never hit \(failcnt 0\), so size it from memory\.peak \/ max_usage_in_bytes rather than from this kill/);
  assert.doesNotMatch(text, /exceeded (?:its|the) (?:memory )?limit|over the limit/);
  // Its rss (73.58 MiB) is above the 40 MiB limit: said with the reason, never as "184% of the cgroup limit".
  assert.match(text, /node alone held 39\.25 MiB, 98% of the cgroup limit, in anonymous and shared memory \(its rss of 73\.58 MiB is more than the limit: its rss counts every file page it maps/);
  assert.doesNotMatch(text, /1\d\d% of the cgroup limit/);
});

test('class 9: usage above the limit (memory.max written below it) says why, and the new limit clears the usage', () => {
  const { report, text } = analyse(PUBLIC, 'nixos-6.5-cgroup-v2-memory-max-write-two-kills-memory-stat.log');
  const e = report.events.find((x) => x.memcg?.usageKb !== null && x.memcg!.usageKb! > x.memcg!.limitKb!)!;
  assert.ok(e.evidence.some((x) => /usage 702 MiB against a limit of 477 MiB, .*; usage is above the limit, which happens when the limit is set lower than what the cgroup already held/.test(x.why)));
  assert.match(text, /usage 702 MiB of limit 477 MiB \(147%: usage above the limit, see why\)/);
  const raise = e.suggestions.find((s) => s.id === 'raise-cgroup-limit')!;
  assert.match(raise.detail, /raise memory\.max to at least 877 MiB \(25% above the usage of 702 MiB, which was already above the limit;/);
});
