import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../../src/render/markdown/render-markdown.js';
import { locateEvidence } from '../../../src/analysis/report/locate-evidence.js';
import { mdCode, mdFence, mdText } from '../../../src/render/markdown/markdown-escape.js';
import { dorisSection, parentCgroupEvent, report } from '../sample-reports.js';

/** Splits a GFM table row into cells the way a renderer does: on `|` not preceded by a backslash. */
function cells(row: string): string[] {
  return row.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

test('one kill: summary in bold, the verdict as a heading, evidence as a table with file:line', () => {
  const md = renderMarkdown(locateEvidence(report(), [{ name: 'kern.log', endLine: 24 }]));
  assert.match(md, /^## OOM triage\n\n\*\*test \(pid 30211\) was killed by the OOM killer/);
  assert.match(md, /### Killed: test \(pid 30211\) — parent cgroup limit/);
  assert.match(md, /\| `kern\.log:11` \| `\[Fri Sep 10 16:15:14 2021\] Task in \/mm_test\/2 killed as a result of limit of \/mm_test` \| the limit that was hit is \/mm\\_test/);
  assert.match(md, /- \*\*Cgroup:\*\* \/mm\\_test: usage 200 MiB of limit 200 MiB \(100%\), limit hit 1607 times \(failcnt\)/);
  assert.match(md, /\| 30211 \| test \| 128 MiB \| ████████░░░░ 65% \| 0 \|/);
});

test('suggestions are a numbered list with the commands in an sh block', () => {
  const md = renderMarkdown(report());
  assert.match(md, /1\. \*\*Raise the limit of \/mm\\_test or find what grows in it\*\*\n {3}The parent cgroup/);
  // Read-only checks and changes in separate blocks, each under its label, so copying one never mixes them.
  assert.match(md, /\n {3}\*Inspect \(read-only\)\*\n\n {3}```sh\n {3}cat \/sys\/fs\/cgroup\/memory\/mm_test\/memory\.limit_in_bytes\n {3}```\n\n {3}\*Change \(review first\)\*\n\n {3}```sh\n {3}echo 400M > \/sys\/fs\/cgroup\/memory\/mm_test\/memory\.limit_in_bytes\n {3}```/);
});

test('log text with | cannot add a column to the evidence table', () => {
  const e = parentCgroupEvent({ evidence: [{ file: null, line: 5, text: 'a | b || c', why: 'pipes | everywhere' }] });
  const md = renderMarkdown(report({ events: [e] }));
  const row = md.split('\n').find((l) => l.startsWith('| `line 5`'))!;
  assert.deepEqual(cells(row), ['`line 5`', '`a \\| b \\|\\| c`', 'pipes \\| everywhere']);
});

test('backticks in log text cannot close the code span, and fences outgrow backtick runs in commands', () => {
  // CommonMark strips one space from each side of a padded code span, so this renders as echo `id`.
  assert.equal(mdCode('echo `id`'), '`` echo `id` ``');
  assert.equal(mdCode('```'), '```` ``` ````');
  const fence = mdFence(['printf "```"'], 'sh');
  assert.equal(fence[0], '````sh');
  assert.equal(fence[2], '````');
  const e = parentCgroupEvent({ suggestions: [{ id: 'x', title: 't', detail: 'd', commands: [{ run: 'echo ``` done', effect: 'read' }] }] });
  assert.match(renderMarkdown(report({ events: [e] })), /\n {3}````sh\n {3}echo ``` done\n {3}````\n/);
});

test('HTML, emphasis, links and list markers in log text stay literal', () => {
  assert.equal(mdText('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(mdText('*bold* _it_ [x](http://e) #1 ~x~'), '\\*bold\\* \\_it\\_ \\[x\\](http://e) \\#1 \\~x\\~');
  assert.equal(mdText('- not a list'), '\\- not a list');
  assert.equal(mdText('1. not a list'), '1\\. not a list');
  assert.equal(mdText('two\nlines'), 'two lines');
  const e = parentCgroupEvent({ victim: { ...parentCgroupEvent().victim!, comm: '<img src=x>' } });
  const md = renderMarkdown(report({ events: [e] }));
  assert.ok(!md.includes('<img'));
  assert.match(md, /### Killed: &lt;img src=x&gt; \(pid 30211\)/);
});

test('a Doris section: figures, the largest trackers as a table with share bars, findings with evidence', () => {
  const md = renderMarkdown(locateEvidence(report({ doris: dorisSection() }), [{ name: 'dmesg.txt', endLine: 24 }, { name: 'be.INFO', endLine: 40 }]));
  assert.match(md, /### Doris BE memory \(summary at 2024-07-18T15:03:41\.123902, kill at 2024-07-18T15:03:59\)/);
  assert.match(md, /- \*\*Tracked:\*\* sum of all trackers 50\.94 GiB of 56\.1 GiB resident \(91%\)/);
  assert.match(md, /- \*\*Available:\*\* sys available 2\.9 GiB · low water mark 3 GiB · warning water mark 6 GiB — below the low water mark/);
  const row = md.split('\n').find((l) => l.startsWith('| `DataPageCache'))!;
  assert.deepEqual(cells(row), ['`DataPageCache[size](AllocByAllocator)`', 'global', '6 GiB', '6 GiB', 'none', '█░░░░░░░░░░░ 11%']);
  assert.match(md, /- \*\*query cancel stuck\*\* \(`query_cancel_stuck`\): Query 5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b was cancelled 17\.9 s before the kill/);
  assert.match(md, /\n {2}- `dmesg\.txt:4` `I20240718 15:03:41\.123456 12345 daemon\.cpp:281\] \[MemoryGC\] start full GC/);
  assert.match(md, /\*\*Suggestions \(be\.conf\)\*\*\n\n1\. \*\*Lower mem\\_limit to 80% \(48 GiB of 60 GiB\)\*\*/);
});

test('many kills: a table of kills, then one section per cause', () => {
  const events = [parentCgroupEvent(), parentCgroupEvent(), parentCgroupEvent({ cause: 'fragmentation', factors: ['high_order_request'] })];
  const md = renderMarkdown(report({ events }));
  assert.match(md, /### 3 OOM kills\n\n\| # \| time \| host \| victim \| anon-rss \| cause \|/);
  assert.match(md, /### parent cgroup limit: 2 kills \(test ×2\)\n\n_Details of the first of these kills:_\n\n#### Killed: test/);
  assert.match(md, /### memory fragmentation: 1 kill \(test\)\n\n#### Killed: test \(pid 30211\) — memory fragmentation/);
});
