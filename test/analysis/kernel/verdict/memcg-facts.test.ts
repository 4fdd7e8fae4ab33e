/**
 * The cgroup named as the one that hit its limit, or as the task's, is a whole path: a path the
 * paste cut off (an `oom-kill:` line ending inside `task_memcg=` or `oom_memcg=`) is not shown or
 * used as the cgroup, and the evidence says it is incomplete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { renderText } from '../../../../src/render/text/render-text.js';

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');

test('AKS `cut -c1-400`: task_memcg cut mid-path is unknown, and the oom.group cgroup below the pod slice shows a parent limit', () => {
  const report = analyzeText(fixture('public/kernel/aks-azurelinux3-dmesg-T-cut-400-task-memcg-cut-oom-group.log'));
  const [e] = report.events;
  assert.equal(e?.memcg?.taskPath, null, 'not the cut prefix …poda8b8a570_9d92_4702_aac');
  assert.equal(e.memcg.oomPath, '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poda8b8a570_9d92_4702_aac3_9264b667146c.slice');
  assert.equal(e.cause, 'parent_cgroup_limit');
  assert.ok(e.evidence.some((x) => x.line === 3 && /the victim was in \/kubepods\.slice\/.*cri-containerd-c44d2f7a9f1f.*\.scope \(the memory\.oom\.group cgroup, which holds it\), below \/kubepods\.slice\/kubepods-burstable\.slice\/kubepods-burstable-poda8b8a570_9d92_4702_aac3_9264b667146c\.slice: a parent of the task's cgroup hit its limit/.test(x.why)));
  const text = renderText(report);
  assert.doesNotMatch(text.split('\n').filter((l) => !l.includes('oom-kill:constraint')).join('\n'), /4702_aac(?!3)/, 'the cut path appears only in the quoted line');
});

test('an oom-kill: line cut inside oom_memcg= (as a `cut -c1-N` leaves it): the evidence says the path is incomplete, the Cgroup line does not show it', () => {
  const lines = fixture('kernel/memcg-v2-oom-group-kill-journal-iso.log').split('\n');
  const cut = lines.map((l) => (l.includes('oom-kill:constraint') ? l.slice(0, l.indexOf('oom_memcg=') + 'oom_memcg=/kubepods.slice/kubepods-bur'.length) : l)).filter((l) => !l.includes('Memory cgroup stats for') && !l.includes('are going to be killed')).join('\n');
  assert.match(cut, /oom_memcg=\/kubepods\.slice\/kubepods-bur$/m);
  const report = analyzeText(cut);
  const [e] = report.events;
  assert.equal(e?.memcg?.oomPath, null);
  assert.ok(e.evidence.some((x) => /confined to a memory cgroup whose path the line cuts off \(oom_memcg=\/kubepods\.slice\/kubepods-bur is incomplete\)/.test(x.why)));
  assert.match(renderText(report), /Cgroup {5}cgroup: usage 512 MiB of limit 512 MiB/);
  assert.ok(e.suggestions.every((s) => s.commands.every((c) => !c.run.includes('kubepods-bur/'))), 'no command on the cut path');
});
