/**
 * A dump that does not print its kernel (a kill line alone, a header cut from the paste) runs the
 * kernel its host's other dumps name, when the input is one host's log with one release: its advice
 * is then for that kernel's era, and the evidence says where the release came from. Two hosts, or
 * two releases, borrow nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { renderText } from '../../../../src/render/text/render-text.js';

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');

test('seed 004: the mongod kill four minutes after the 3.2.0-67 dump is advised for 3.2 (no systemd, no RssAnon)', () => {
  const report = analyzeText(fixture('kernel/seed-004-syslog-tmux-child-sacrificed-then-mongod.txt'));
  const mongod = report.events.find((e) => e.victim?.pid === 19716)!;
  assert.equal(mongod.kernelVersion, '3.2.0-67-generic');
  const borrowed = mongod.evidence.find((x) => /another dump of the same host names/.test(x.why));
  assert.ok(borrowed, 'the evidence says where the release came from');
  assert.equal(borrowed.line, 19);
  assert.match(borrowed.text, /Pid: 1067, comm: mongod Not tainted 3\.2\.0-67-generic/);
  assert.equal(borrowed.why, 'this dump does not print the kernel version; another dump of the same host names 3.2.0-67-generic, the only release in this input, so its advice is for that kernel');
  const commands = mongod.suggestions.flatMap((s) => s.commands.map((c) => c.run));
  assert.ok(!commands.some((c) => /RssAnon|OOMScoreAdjust=|systemctl/.test(c)), `3.2 has no RssAnon (4.5) and predates systemd's 3.10: ${commands.join(' | ')}`);
  assert.match(renderText(report), /kernel 3\.2\.0-67-generic/);
});

test('AKS syslog: the dump cut before its kill line runs the node\'s 5.15.0-1041-azure', () => {
  const report = analyzeText(fixture('public/kernel/aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log'));
  assert.deepEqual(report.events.map((e) => e.kernelVersion), ['5.15.0-1041-azure', '5.15.0-1041-azure']);
  assert.ok(report.events[1]!.evidence.some((x) => x.line === 2 && /another dump of the same host names 5\.15\.0-1041-azure/.test(x.why)));
});

test('two hosts in one syslog: a dump without its CPU line borrows nothing from the other host', () => {
  // The interleaved two-host log with db1's "CPU: … Not tainted 4.19.91…" line left out.
  const text = fixture('kernel/interleaved-hosts-syslog-rsyslog-012.log').split('\n').filter((l) => !/ db1 kernel: .*Not tainted/.test(l)).join('\n');
  const report = analyzeText(text);
  const byHost = Object.fromEntries(report.events.map((e) => [e.host, e.kernelVersion]));
  assert.deepEqual(byHost, { web1: '5.4.0-1036-azure', db1: null });
});

test('two releases in one input (a reboot into a new kernel): nothing is borrowed', () => {
  const seed = fixture('kernel/seed-004-syslog-tmux-child-sacrificed-then-mongod.txt');
  const text = `${seed.trimEnd()}\n${seed.replaceAll('3.2.0-67-generic', '3.2.0-68-generic').replaceAll('Aug 11', 'Aug 12')}`;
  const report = analyzeText(text);
  assert.ok(report.events.some((e) => e.kernelVersion === null), 'a dump without a version stays without one');
});
