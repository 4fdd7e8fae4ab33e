/** Report → Block Kit: what a reader sees, Slack's limits, and escaping of everything quoted from a log. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import type { OomEvent, Report } from '../../src/analysis/report-schema.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { LIMITS, type Block } from '../../src/slack/block-kit.js';
import { blocksText } from '../helpers/blocks-text.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');

function withinLimits(blocks: Block[]): void {
  assert.ok(blocks.length <= LIMITS.blocks, `${blocks.length} blocks`);
  let total = 0;
  for (const b of blocks) {
    if (b.type === 'header') assert.ok(b.text.text.length <= LIMITS.header);
    if (b.type === 'section') {
      if (b.text) assert.ok(b.text.text.length <= LIMITS.sectionText, `section of ${b.text.text.length}`);
      assert.ok((b.fields ?? []).length <= LIMITS.fields);
      for (const f of b.fields ?? []) assert.ok(f.text.length <= LIMITS.fieldText);
      const code = (b.text?.text.match(/```/g) ?? []).length;
      assert.equal(code % 2, 0, 'every code block is closed');
    }
    if (b.type === 'context') assert.ok(b.elements.length <= LIMITS.contextElements);
    total += JSON.stringify(b).length;
  }
  assert.ok(total < 16000, `${total} characters in all`);
}

const hostile = '<!channel> <!here> <@U123> <#C123> <http://evil.example|click> ``` `x` &amp;';

describe('renderBlocks', () => {
  it('shows the verdict, the fields, the evidence, the task breakdown, the suggestions and a footer', () => {
    const { blocks, text } = renderBlocks(analyzeText(LOG));
    const all = blocksText(blocks);
    assert.equal(blocks[0]?.type, 'header');
    assert.match(all, /Killed: test — parent cgroup limit/);
    assert.match(all, /\*Victim\*\n`test` pid 30211/);
    assert.match(all, /limit 200 MiB \(204800 kB\)/);
    assert.match(all, /failcnt 1607/);
    assert.match(all, /\*Why:\*/);
    assert.match(all, /```\[Fri Sep 10 16:15:14 2021\] Task in \/mm_test\/2 killed as a result of limit of \/mm_test```/);
    assert.match(all, /30198 {2}leaky-worker/);
    assert.match(all, /\*1\. /);
    assert.match(all, /1 OOM event found · 24 lines read · formats: dmesg-T/);
    assert.match(text, /test \(pid 30211\)/);
    withinLimits(blocks);
  });

  it('escapes mentions, links and backticks quoted from the log', () => {
    const report = analyzeText(LOG);
    const e = report.events[0]!;
    const evil: OomEvent = {
      ...e,
      host: hostile,
      victim: e.victim && { ...e.victim, comm: '<!channel>' },
      evidence: [{ line: 1, text: hostile, why: hostile }],
      suggestions: [{ id: 'x', title: hostile, detail: hostile, commands: [hostile] }],
    };
    const { blocks, text } = renderBlocks({ ...report, summary: hostile, events: [evil] });
    const json = JSON.stringify({ blocks, text });
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<#C123>', '<http://evil']) assert.ok(!json.includes(raw), `${raw} left unescaped`);
    assert.match(blocksText(blocks), /&lt;!channel&gt;/);
    withinLimits(blocks);
  });

  it('groups several kills by cause and stays within Slack’s limits', () => {
    const report = analyzeText(LOG);
    const e = report.events[0]!;
    const causes = ['cgroup_limit', 'parent_cgroup_limit', 'system_memory_exhausted', 'numa_node_exhausted', 'mempolicy_restricted', 'fragmentation', 'manual_trigger', 'unknown'] as const;
    const events: OomEvent[] = [];
    for (let i = 0; i < 400; i++) {
      events.push({
        ...e,
        cause: causes[i % causes.length]!,
        evidence: Array.from({ length: 20 }, (_, k) => ({ line: k + 1, text: 'x'.repeat(900), why: 'y'.repeat(300) })),
        suggestions: Array.from({ length: 5 }, (_, k) => ({ id: `s${i % 30}-${k}`, title: 't'.repeat(200), detail: 'd'.repeat(1500), commands: ['c'.repeat(2000)] })),
      });
    }
    const big: Report = { ...report, events, summary: 's'.repeat(5000) };
    const { blocks } = renderBlocks(big);
    withinLimits(blocks);
    const all = blocksText(blocks);
    assert.match(all, /50× cgroup limit/);
    assert.match(all, /50× manual trigger \(SysRq\)/);
  });
});
