/**
 * The task that invoked the OOM killer, with its adjustment on the scale the header prints:
 * `oomkilladj=` / `oom_adj=` are the old -17..15 oom_adj, never an oom_score_adj (-1000..1000).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { renderText } from '../../../../src/render/text/render-text.js';

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');

test('2.6.24 `oomkilladj=0`: the trigger\'s oom_adj is 0 and its oom_score_adj is not in the log', () => {
  const report = analyzeText(fixture('public/kernel/ubuntu804-2.6.24-global-oom-swap-full-kernlog.log'));
  const [e] = report.events;
  assert.deepEqual([e?.trigger?.comm, e?.trigger?.oomAdj, e?.trigger?.oomScoreAdj], ['SABnzbd.py', 0, null]);
});

test('2.6.31 `oomkilladj=0`: the shield advice writes /proc/PID/oom_adj, the only file that kernel has', () => {
  const report = analyzeText(fixture('kernel/kill-line-without-sizes-2.6.31-task-table-rss.log'));
  const shield = report.events[0]!.suggestions.find((s) => s.id === 'shield-victim');
  assert.ok(shield);
  assert.ok(shield.commands.every((c) => !c.run.includes('oom_score_adj')), JSON.stringify(shield.commands));
  assert.match(renderText(report), /Kernel 2\.6\.31-22-server has only \/proc\/PID\/oom_adj \(-17\.\.15; oom_score_adj arrived in 2\.6\.36\)/);
});

test('2.6.32 RHEL 6 `oom_adj=0, oom_score_adj=-17`: each value on its own scale', () => {
  const report = analyzeText(fixture('kernel/seed-003-rhel6-mysqld-line-numbered-paste.txt'));
  const dump = report.events.find((e) => e.trigger !== null)!;
  assert.deepEqual([dump.trigger?.oomAdj, dump.trigger?.oomScoreAdj], [0, 0]);
});
