/**
 * Shell commands broken over lines for a narrow code block: what is pasted runs exactly as written
 * (continuations and statement breaks only), lines fit where a break can make them fit, and a path
 * wider than the block is not indented (an indent before it wraps into what looks like an empty line).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wrapCommand } from '../../src/render/wrap-command.js';

/** The command the shell runs: continuations joined, one statement per line read as `; `. */
const asRun = (wrapped: string) => wrapped.replace(/ \\\n\s*/g, ' ').split('\n').join('; ');

describe('wrapCommand', () => {
  it('leaves a command that fits alone', () => {
    assert.equal(wrapCommand('free -m'), 'free -m');
  });

  it('breaks a long command at spaces with indented continuations, and it runs as written', () => {
    const command = 'ps -eo pid,user,rss,comm --sort=-rss | head -15 && vmstat 1 5 && cat /proc/pressure/memory';
    const wrapped = wrapCommand(command);
    assert.equal(asRun(wrapped), command);
    const lines = wrapped.split('\n');
    assert.ok(lines.length > 1);
    assert.ok(lines.every((l) => l.length <= 56), wrapped);
    assert.ok(lines.slice(1).every((l) => l.startsWith('  ')), wrapped);
  });

  it('puts paths wider than the block each on a line of their own, not indented', () => {
    const files = ['memory.usage_in_bytes', 'memory.max_usage_in_bytes', 'memory.failcnt'].map((f) => `/sys/fs/cgroup/memory/kubepods/burstable/mm_test/${f}`);
    const command = `grep . ${files.join(' ')}`;
    const wrapped = wrapCommand(command);
    assert.equal(asRun(wrapped), command);
    assert.deepEqual(wrapped.split('\n'), ['grep . \\', ...files.map((f, i) => (i < files.length - 1 ? `${f} \\` : f))]);
  });

  it('puts statements on lines of their own and a trailing comment above the command', () => {
    const wrapped = wrapCommand('for f in /sys/fs/cgroup/memory/a/*/memory.usage_in_bytes; do echo "$f"; done  # cgroup v1');
    const [comment, ...code] = wrapped.split('\n');
    assert.equal(comment, '# cgroup v1');
    assert.equal(asRun(code.join('\n')), 'for f in /sys/fs/cgroup/memory/a/*/memory.usage_in_bytes; do echo "$f"; done');
  });
});
