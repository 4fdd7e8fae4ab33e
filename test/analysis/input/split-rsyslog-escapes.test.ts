import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toInputLines } from '../../../src/analysis/input/to-input-lines.js';

// Mem-Info is one printk with embedded newlines (kernel-oom-formats §2.2, 6.6 mm/show_mem.c);
// rsyslog writes it as one line with #012. This line is built from that format string.
const MEM_INFO =
  'Jul 18 15:03:59 db1 kernel: [ 812.1] Mem-Info:#012active_anon:8410 inactive_anon:1920051 isolated_anon:0#012 active_file:13 inactive_file:41 isolated_file:0#012 free:21463 free_pcp:62 free_cma:0';

test('#012 splits one physical line into logical lines with the same line number, time and host', () => {
  const lines = toInputLines(42, MEM_INFO);
  assert.deepEqual(
    lines.map((l) => [l.line, l.format, l.time, l.host, l.body]),
    [
      [42, 'rsyslog-012', 'Jul 18 15:03:59', 'db1', 'Mem-Info:'],
      [42, 'rsyslog-012', 'Jul 18 15:03:59', 'db1', 'active_anon:8410 inactive_anon:1920051 isolated_anon:0'],
      [42, 'rsyslog-012', 'Jul 18 15:03:59', 'db1', ' active_file:13 inactive_file:41 isolated_file:0'],
      [42, 'rsyslog-012', 'Jul 18 15:03:59', 'db1', ' free:21463 free_pcp:62 free_cma:0'],
    ],
  );
  for (const l of lines) assert.equal(l.raw, MEM_INFO);
});

test('#011 becomes a tab; a trailing #012 adds no empty line; escapes are decoded once', () => {
  assert.deepEqual(toInputLines(1, 'Jul 18 15:03:59 db1 kernel: a#011b#012').map((l) => l.body), ['a\tb']);
  assert.deepEqual(toInputLines(1, 'x ##012012 y').map((l) => l.body), ['x #', '012 y']);
});

test('a piece with its own kernel stamp takes that stamp as its time', () => {
  const lines = toInputLines(5, 'Jul 18 15:03:59 db1 logger: [  1.5] first#012[  1.6] second');
  assert.deepEqual(lines.map((l) => [l.time, l.body]), [['Jul 18 15:03:59', 'first'], ['1.6', 'second']]);
});

test('a huge run of escapes stays one pass: 20 000 pieces from an 80 KB line', () => {
  const raw = `Jul 18 15:03:59 db1 kernel: ${'#012'.repeat(20_000)}end`;
  const lines = toInputLines(1, raw);
  assert.equal(lines.length, 20_001);
  assert.equal(lines.at(-1)!.body, 'end');
});
