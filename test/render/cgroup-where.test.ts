/**
 * The cgroup a victim ran in is not the limit that was hit. 4.19+ prints task_memcg on every kill,
 * global ones too (often "/", the root every task outside a cgroup lives in): a machine-wide, NUMA
 * or policy OOM shows no "cgroup /" and no cgroup commands, and names a non-root cgroup only as where
 * the task ran; a cgroup OOM names the limit that was hit, never the task's own cgroup in a parent's place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import type { Report } from '../../src/analysis/report/report-schema.js';
import { renderText } from '../../src/render/text/render-text.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { renderFirstMessage } from '../../src/render/slack/render-first-message.js';
import { renderSuggestions } from '../../src/render/slack/render-reply-parts.js';
import { blocksText } from '../helpers/blocks-text.js';
import { parentCgroupEvent, report } from './sample-reports.js';

const analyse = (path: string) => analyzeText(readFileSync(new URL(`../../${path}`, import.meta.url)));

/** The Slack first message's fields as label → value. */
function slackFields(r: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of renderFirstMessage(r, { jobId: 'job-1' }).blocks) {
    if (b.type !== 'section' || !b.fields) continue;
    for (const f of b.fields) {
      const [label, ...value] = f.text.split('\n');
      out.set(label!.replace(/\*/g, ''), value.join('\n'));
    }
  }
  return out;
}

function everything(r: Report): string {
  const slack = renderFirstMessage(r, { jobId: 'job-1' });
  const suggestions = renderSuggestions(r).map((m) => blocksText(m.blocks)).join('\n');
  return [r.summary, renderText(r), renderMarkdown(r), slack.text, blocksText(slack.blocks), suggestions].join('\n');
}

test('a global OOM whose task lived in the root cgroup: the fact is kept, no "cgroup /" is shown', () => {
  const r = analyse('test/fixtures/public/kernel/syzkaller-5.10-printk-caller-mail-wrapped-global-oom-slab-leak.log');
  const e = r.events[0]!;
  assert.deepEqual([e.constraint, e.cause, e.memcg?.taskPath, e.memcg?.oomPath], ['CONSTRAINT_NONE', 'system_memory_exhausted', '/', null]);
  const text = renderText(r);
  assert.doesNotMatch(text, /^ +Cgroup /m);
  assert.doesNotMatch(renderMarkdown(r), /\*\*Cgroup:\*\*/);
  assert.equal(slackFields(r).has('Where'), false);
  assert.doesNotMatch(everything(r), /cgroup \/(?![\w.])|task in \/(?![\w.])|\/sys\/fs\/cgroup/);
});

test('a global OOM in a systemd session scope: where the task ran, said as not a limit, everywhere', () => {
  const r = analyse('test/fixtures/public/kernel/arch-6.1-global-oom-user-slice-oom-reaper.log');
  const e = r.events[0]!;
  assert.deepEqual([e.constraint, e.cause, e.memcg?.taskPath, e.memcg?.oomPath], ['CONSTRAINT_NONE', 'system_memory_exhausted', '/user.slice/user-504.slice/session-2.scope', null]);
  const said = 'task in /user.slice/user-504.slice/session-2.scope (where it ran: this OOM hit no cgroup limit)';
  assert.match(renderText(r), new RegExp(`^ +Cgroup +${said.replace(/[.()]/g, '\\$&')}$`, 'm'));
  assert.ok(renderMarkdown(r).includes(`- **Cgroup:** ${said}`));
  assert.equal(slackFields(r).get('Where'), said);
  assert.equal(blocksText(renderFirstMessage(r, { jobId: 'job-1' }).blocks.slice(0, 1)), 'doxygen (pid 473206) killed: the machine ran out of memory');
  assert.doesNotMatch(everything(r), /cgroup \/user\.slice\S* hit|\/sys\/fs\/cgroup/);
});

test('a cpuset (NUMA) OOM of a task in containerd.service: the service is where it ran, not a limit', () => {
  const r = analyse('test/fixtures/public/kernel/opensuse-5.8-cpuset-movable-node-docker-indented.log');
  const e = r.events[0]!;
  assert.deepEqual([e.constraint, e.cause], ['CONSTRAINT_CPUSET', 'numa_node_exhausted']);
  assert.match(renderText(r), /^ +Cgroup +task in \/system\.slice\/containerd\.service \(where it ran: this OOM hit no cgroup limit\)$/m);
  assert.match(slackFields(r).get('Where') ?? '', /^task in \/system\.slice\/containerd\.service \(where it ran: this OOM hit no cgroup limit\)$/m);
});

test('a parent-cgroup OOM: the Where is the task\'s cgroup, the headline names the parent at its limit', () => {
  const r = analyse('examples/cgroup-v1-parent-limit.log');
  assert.equal(slackFields(r).get('Where'), 'cgroup /mm_test/2');
  assert.match(blocksText(renderFirstMessage(r, { jobId: 'job-1' }).blocks), /parent cgroup \/mm_test hit its memory limit/);
  assert.match(renderText(r), /^ +Cgroup +\/mm_test: usage 200 MiB of limit 200 MiB \(100%\), limit hit 1607 times \(failcnt\)\n +task's own cgroup: \/mm_test\/2$/m);
});

test('a parent-cgroup OOM whose parent the log does not name never puts the task\'s own cgroup in its place', () => {
  const e = parentCgroupEvent({ memcg: { ...parentCgroupEvent().memcg!, oomPath: null } });
  const slack = blocksText(renderFirstMessage(report({ events: [e] }), { jobId: 'job-1' }).blocks);
  assert.match(slack, /a parent memory cgroup hit its limit/);
  assert.doesNotMatch(slack, /parent cgroup \/mm_test\/2/);
});
