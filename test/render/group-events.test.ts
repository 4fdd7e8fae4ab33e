/**
 * Grouping several OOMs by cause in the text and markdown reports hides nothing: the first event of
 * a group is shown in full and every other one keeps a line with its victim (or why nothing was
 * killed, e.g. a panic) and its contributing factors — a slab leak first seen in the second kill
 * is on the page. The counts in the headings match the events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import { renderText } from '../../src/render/text/render-text.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { groupEventsByCause } from '../../src/render/group-events.js';

const report = analyzeText(readFileSync(new URL('../fixtures/kernel/4.19-three-global-ooms-second-slab-leak-third-panic-on-oom.log', import.meta.url)));

test('the fixture: three system-wide OOMs; the second adds a slab leak, the third panics instead of killing', () => {
  assert.deepEqual(
    report.events.map((e) => [e.cause, e.victim?.comm ?? null, e.noKill, e.factors.includes('slab_unreclaimable_high')]),
    [
      ['system_memory_exhausted', 'java', null, false],
      ['system_memory_exhausted', 'nginx', null, true],
      ['system_memory_exhausted', null, 'panic_on_oom', true],
    ],
  );
  const [group] = groupEventsByCause(report.events);
  assert.deepEqual(group?.victims, [
    { comm: 'java', count: 1, killed: true },
    { comm: 'nginx', count: 1, killed: true },
    { comm: 'nothing killed', count: 1, killed: false },
  ]);
});

test('text: every event of the group shows its victim, factors and panic', () => {
  const text = renderText(report);
  assert.match(text, /^3 OOM events, 2 with a kill$/m);
  assert.match(text, /━━ system out of memory: 3 events, 2 with a kill \(java, nginx, nothing killed\)/);
  assert.match(text, /^ {4}#2 at 1200\.2 s after boot: nginx \(pid 1301\) — contributing: .*unreclaimable slab above 10% of RAM/m);
  assert.match(text, /^ {4}#3 at 1500\.3 s after boot: nothing killed \(the kernel panicked instead of killing\) — contributing: .*unreclaimable slab above 10% of RAM/m);
  assert.doesNotMatch(text, /3 OOM kills/);
});

test('markdown: the same lines, as a list under the group', () => {
  const md = renderMarkdown(report);
  assert.match(md, /^### 3 OOM events, 2 with a kill$/m);
  assert.match(md, /^\*\*The others of this cause\*\*$/m);
  assert.match(md, /^- \\#2 at 1200\.2 s after boot: nginx \(pid 1301\) — contributing: .*unreclaimable slab above 10% of RAM/m);
  assert.match(md, /^- \\#3 at 1500\.3 s after boot: nothing killed \(the kernel panicked instead of killing\)/m);
});

test('a group of one event lists no others', () => {
  const one = analyzeText(readFileSync(new URL('../fixtures/kernel/4.19-lone-kill-then-full-dump-same-second-slab-leak-syslog.log', import.meta.url)));
  const text = renderText({ ...one, events: one.events.slice(0, 1) });
  assert.doesNotMatch(text, /The others of this cause/);
});

test('a dmesg stamp is read as seconds since boot, an ISO time without its T', async () => {
  const { describeTime } = await import('../../src/render/describe-time.js');
  assert.equal(describeTime('1200.200001'), '1200.2 s after boot');
  assert.equal(describeTime('2021-09-10T16:15:14'), '2021-09-10 16:15:14');
  assert.equal(describeTime('Oct 12 19:00:20'), 'Oct 12 19:00:20');
});
