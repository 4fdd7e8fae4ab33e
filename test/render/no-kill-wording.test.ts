/**
 * What a reader sees when a public log names no victim, or names one the machine did not run out of
 * memory for: a SysRq-m memory dump is never "the OOM killer ran"; a dump cut short by an oops says
 * so; a page-fault OOM with free memory is never "the machine ran out of memory"; a kmem limit
 * seen only in SLUB failures is named with the file that sets it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import { renderText } from '../../src/render/text/render-text.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { renderFirstMessage } from '../../src/render/slack/render-first-message.js';
import { blocksText } from '../helpers/blocks-text.js';

const analysePublic = (name: string) => analyzeText(readFileSync(new URL(`../fixtures/public/kernel/${name}`, import.meta.url)));

/** Everything a reader of the CLI, the markdown report and the Slack first message sees. */
function everything(report: ReturnType<typeof analyzeText>): string {
  const slack = renderFirstMessage(report, { jobId: 'job-1' });
  return [report.summary, renderText(report), renderMarkdown(report), slack.text, blocksText(slack.blocks)].join('\n');
}

test('a SysRq-m memory dump: no OOM kill, what it shows, and never "the OOM killer ran"', () => {
  const r = analysePublic('sysrq-m-show-memory-dmesg-T-no-oom-context.log');
  assert.deepEqual(r.events.map((e) => [e.noKill, e.cause, e.victim]), [['memory_dump_only', 'unknown', null]]);
  assert.equal(
    r.summary,
    'No OOM kill in this text: it is a memory dump taken at 2018-05-23T16:58:12 (Mem-Info, zones, swap — SysRq m or an allocation-failure warning prints one); it shows no swap configured, every zone above its high watermark.',
  );
  const text = renderText(r);
  assert.match(text, /▶ No OOM kill: a memory dump only/);
  assert.match(text, /^ {2}It shows: no swap configured$/m);
  assert.equal(renderFirstMessage(r, { jobId: 'job-1' }).blocks[0]?.type, 'header');
  assert.match(blocksText(renderFirstMessage(r, { jobId: 'job-1' }).blocks), /^No OOM kill: a memory dump only/);
  const all = everything(r);
  assert.doesNotMatch(all, /OOM killer ran|\) was killed|ran out of memory|No OOM-killer kill found|Contributing/);
  assert.ok(!r.events[0]!.suggestions.some((s) => s.id === 'add-swap' || s.id === 'find-full-dump'), JSON.stringify(r.events[0]!.suggestions.map((s) => s.id)));
});

test('a dump cut short by a kernel BUG says so, names no victim, and is not "the input ends"', () => {
  const r = analysePublic('lkml-4.4-rc7-kill-select-line-then-spinlock-bug-no-killed-line.log');
  const e = r.events[0]!;
  assert.deepEqual([e.victim, e.noKill], [null, 'interrupted']);
  assert.ok(e.evidence.some((x) => x.line === 2 && /interrupted the OOM report before any kill; the kernel had chosen trinity-c10 \(pid 5861\) but its "Killed process" line never came/.test(x.why)), JSON.stringify(e.evidence));
  assert.equal(r.summary, 'The OOM killer ran, but the dump was interrupted by a kernel oops or panic before any kill. Cause: the whole machine ran out of memory.');
  const text = renderText(r);
  assert.match(text, /▶ OOM killer ran \(cut short by a kernel oops or panic before any kill\) — system out of memory/);
  assert.doesNotMatch(everything(r), /input ends|trinity-c10 \(pid 5861\) was killed|Killed: trinity/);
});

test('a page-fault OOM with every zone above its high watermark is never "the machine ran out of memory"', () => {
  const r = analysePublic('android-3.10-vendor-pid-cpu-prefix-pagefault-oom-gfp0-plenty-free.log');
  const e = r.events[0]!;
  assert.equal(e.cause, 'unknown');
  assert.equal(
    r.summary,
    'id.printspooler (pid 1693) was killed by the OOM killer at 63651.040008: the machine still had free memory (every zone above its high watermark), so it did not run out; the log does not show what failed.',
  );
  assert.ok(e.evidence.some((x) => /every zone the allocation could use was above its high watermark \(DMA 538 MiB free, high 28\.21 MiB\)/.test(x.why)));
  assert.deepEqual(e.suggestions[0]?.id, 'find-fault-path-failure');
  assert.ok(!e.suggestions.some((s) => ['reduce-memory-demand', 'strict-overcommit', 'add-swap', 'find-full-dump'].includes(s.id)), JSON.stringify(e.suggestions.map((s) => s.id)));
  assert.doesNotMatch(everything(r), /ran out of memory|out of memory: reduce/);
});

test('a cgroup v1 kmem limit seen only in SLUB failures is named, with memory.kmem.limit_in_bytes to check', () => {
  const r = analysePublic('linux-mm-3.14-kmem-limit-slub-failures-pagefault-global-oom-hhmmss-syslog.log');
  const e = r.events[0]!;
  assert.deepEqual([e.victim?.comm, e.cause, e.factors.includes('kmem_limit')], ['mysqld', 'unknown', true]);
  assert.equal(
    r.summary,
    "mysqld (pid 4353) was killed by the OOM killer at 15:11:36: the machine still had free memory (every zone above its high watermark), so it did not run out; a memory cgroup's kernel-memory (kmem) limit was reached.",
  );
  assert.ok(e.evidence.some((x) => x.line === 1 && /ext4_inode_cache\(2:test\), the copy of that cache charged to memory cgroup "test": that cgroup's kernel-memory limit \(memory\.kmem\.limit_in_bytes, cgroup v1\) was reached/.test(x.why)));
  const kmem = e.suggestions.find((s) => s.id === 'kmem-limit');
  assert.equal(kmem?.title, 'Memory cgroup test hit its kernel-memory (kmem) limit');
  assert.deepEqual(
    kmem?.commands.map((c) => [c.effect, c.run]),
    [
      ['read', "find /sys/fs/cgroup/memory -type d -name 'test'"],
      ['read', 'cat /sys/fs/cgroup/memory/<path to test>/memory.kmem.limit_in_bytes /sys/fs/cgroup/memory/<path to test>/memory.kmem.usage_in_bytes /sys/fs/cgroup/memory/<path to test>/memory.kmem.failcnt'],
      ['change', 'echo -1 | sudo tee /sys/fs/cgroup/memory/<path to test>/memory.kmem.limit_in_bytes'],
    ],
  );
  assert.ok(!e.suggestions.some((s) => s.id === 'reduce-memory-demand'));
});

test('a kill and, right after it, a SysRq-m dump: one kill and one memory dump, counted apart', () => {
  const kill = readFileSync(new URL('../fixtures/kernel/4.x-kill-then-header-cut-at-end-of-input.log', import.meta.url), 'utf8').split('\n').slice(0, 4).join('\n');
  const dump = readFileSync(new URL('../fixtures/public/kernel/sysrq-m-show-memory-dmesg-T-no-oom-context.log', import.meta.url), 'utf8');
  const r = analyzeText(`${kill}\n${dump}`);
  assert.deepEqual(r.events.map((e) => [e.victim?.comm ?? null, e.noKill]), [['a.out', null], [null, 'memory_dump_only']]);
  assert.equal(r.summary, '1 OOM kill (killed: a.out): the whole machine ran out of memory. Also 1 memory dump with no OOM in it.');
  assert.ok(!r.events[0]!.factors.includes('repeated_kills'), 'a memory dump is not a second kill');
  const text = renderText(r);
  assert.match(text, /^1 OOM kill, 1 memory dump with no OOM$/m);
  assert.match(text, /━━ cause unknown: 1 memory dump with no OOM \(nothing killed\)/);
});
