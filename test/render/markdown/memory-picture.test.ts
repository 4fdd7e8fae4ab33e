/** `--format markdown` shows the memory picture the Report carries; text shows the lines that fit a terminal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { renderMarkdown } from '../../../src/render/markdown/render-markdown.js';
import { renderText } from '../../../src/render/text/render-text.js';

const fixture = (p: string): Buffer => readFileSync(fileURLToPath(new URL(`../../fixtures/public/kernel/${p}`, import.meta.url)));

test('markdown: Mem-Info, swap, zones with watermarks and buddy counts, the task table capped', () => {
  const md = renderMarkdown(analyzeText(fixture('rhel7-3.10-global-oom-swap-full-rsyslog-012.log')), { maxTaskRows: 5 });
  assert.match(md, /\*\*Mem-Info\*\*/);
  assert.match(md, /\| swap \| 8 GiB used of 8 GiB \(0 B free\) \|/);
  assert.match(md, /\| Node 0 Normal \| 35\\\.83 MiB \| 35\\\.92 MiB \| .* \| below min \| `0:1231 1:391 /);
  assert.match(md, /\*\*Task table\*\* \(\d+ more rows not shown\)/);
  assert.match(md, /\| 6576 \| 12345 \| 6576 \| .* \| mysqld \|/);
  assert.match(md, /GFP\\_HIGHUSER\\_MOVABLE\\\|\\_\\_GFP\\_COLD/);
});

test('markdown: the cgroup memory.stat block', () => {
  const md = renderMarkdown(analyzeText(fixture('nixos-6.5-cgroup-v2-memory-max-write-two-kills-memory-stat.log')));
  assert.match(md, /\*\*memory\.stat\*\* of the OOM cgroup \(bytes\)/);
  assert.match(md, /\| `anon` \| \d+ \|/);
});

test('text: one Mem-Info line and a line per zone, no tables a terminal cannot hold', () => {
  const text = renderText(analyzeText(fixture('rhel7-3.10-global-oom-swap-full-rsyslog-012.log')), { color: false });
  assert.match(text, /Mem-Info +RAM 31\.97 GiB · free 154 MiB · anon 30\.58 GiB/);
  assert.match(text, /Node 0 Normal: free 35\.83 MiB, min 35\.92 MiB, low 44\.9 MiB — below min/);
  assert.doesNotMatch(text, /memory\.stat|swapents/);
});
