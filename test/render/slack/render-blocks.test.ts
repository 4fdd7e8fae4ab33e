/** Report → Block Kit: what a reader sees, Slack's limits, and escaping of everything quoted from a log. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../src/analysis/analyze.js';
import type { OomEvent, Report } from '../../../src/analysis/report/report-schema.js';
import { renderBlocks } from '../../../src/render/slack/render-blocks.js';
import { LIMITS, type Block } from '../../../src/render/slack/block-kit.js';
import { renderText } from '../../../src/render/text/render-text.js';
import { blocksText } from '../../helpers/blocks-text.js';
import { dorisSection, report } from '../sample-reports.js';

// examples/cgroup-v1-parent-limit.log: seed 001's parent-cgroup scenario (see examples/README.md).
const LOG = readFileSync(new URL('../../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');

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
    assert.match(all, /Killed: test \(pid 30211\) — parent cgroup limit/);
    assert.match(all, /\*Victim\*\ntest \(pid 30211, uid 0, oom_score_adj 0\)/);
    assert.match(all, /\*Memory\*\nanon-rss 128 MiB · file-rss 0 B · shmem-rss 0 B · total-vm 144 MiB · page tables 296 KiB/);
    assert.match(all, /\*cgroup\*\n\/mm_test: usage 200 MiB of limit 200 MiB \(100%\), limit hit 1607 times \(failcnt\)\ntask's own cgroup: \/mm_test\/2/);
    // 65% against 35%: the runner-up holds more than half of what the top task holds, so no task dominated.
    assert.doesNotMatch(all, /one task held most of the memory/);
    assert.match(all, /\*Why:\* test \(pid 30211\) was killed because a parent memory cgroup reached its limit\./);
    assert.match(all, /\*Why:\*/);
    assert.match(all, /```\[Fri Sep 10 16:15:14 2021\] Task in \/mm_test\/2 killed as a result of limit of \/mm_test```/);
    assert.match(all, /30211 {2}test {12}128 MiB {2}████████░░░░ {2}65%/);
    assert.match(all, /30198 {2}leaky-worker {2}70\.14 MiB {2}████░░░░░░░░ {2}35%/);
    assert.match(all, /\*1\. /);
    assert.match(all, /1 OOM event found · 24 lines read · formats: dmesg-T/);
    assert.match(text, /test \(pid 30211\)/);
    withinLimits(blocks);
  });

  it('writes sizes, shares and phrases exactly as the CLI report does', () => {
    const report = analyzeText(LOG);
    const slack = blocksText(renderBlocks(report).blocks);
    const cli = renderText(report);
    for (const phrase of [
      'anon-rss 128 MiB · file-rss 0 B · shmem-rss 0 B · total-vm 144 MiB · page tables 296 KiB',
      '/mm_test: usage 200 MiB of limit 200 MiB (100%), limit hit 1607 times (failcnt)',
      'test (pid 30211) asked for an order-0 allocation, gfp_mask 0x6000c0 (GFP_KERNEL)',
      '████░░░░░░░░  35%',
    ]) {
      assert.ok(cli.includes(phrase), `the CLI says "${phrase}"`);
      assert.ok(slack.includes(phrase), `Slack says "${phrase}" too`);
    }
  });

  it('names the Kubernetes container when only kubectl showed the kill', () => {
    // test/fixtures/kubectl/SOURCES.md: a pod's YAML with an OOMKilled container (no kernel log).
    const yaml = readFileSync(new URL('../../fixtures/kubectl/yaml-pod-two-containers-java-oomkilled.yaml', import.meta.url), 'utf8');
    const { blocks } = renderBlocks(analyzeText(yaml));
    const all = blocksText(blocks);
    assert.equal(blocks[0]?.type === 'header' && blocks[0].text.text, 'Killed: pod shop/orders-api-6d9f7c8b5d-x7k2p container api — cgroup limit');
    assert.match(all, /\*Why:\* pod shop\/orders-api-6d9f7c8b5d-x7k2p container api was killed because its memory cgroup reached its limit\./);
    assert.doesNotMatch(all, /unknown process/);
  });

  it('shows the Doris BE memory with the CLI’s phrases, tracker table and finding titles', () => {
    const { blocks } = renderBlocks(report({ doris: dorisSection() }));
    const all = blocksText(blocks);
    assert.match(all, /\*Apache Doris BE memory\* \(summary at 2024-07-18T15:03:41\.123902, kill at 2024-07-18T15:03:59\)/);
    assert.match(all, /\*Process\*\nused 54\.75 GiB of limit 54 GiB · soft limit 48\.6 GiB · resident \(RSS\) 56\.1 GiB · physical memory 60 GiB/);
    assert.match(all, /\*Tracked\*\nsum of all trackers 50\.94 GiB of 56\.1 GiB resident \(91%\)/);
    assert.match(all, /Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b +query +38 GiB +38\.38 GiB +2 GiB +████████░░░░ +68%/);
    assert.match(all, /DataPageCache\[size\]\(AllocByAllocator\) +global +6 GiB +6 GiB +none +█░░░░░░░░░░░ +11%/);
    assert.doesNotMatch(all, /sum of all trackers +overview/, 'overview rows restate totals: not in the table');
    assert.match(all, /• 2024-07-18T15:03:41\.132904 {2}Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b using 38 GiB, 18 s before the kill/);
    assert.match(all, /• \*frequent memory GC \(memory pressure\)\* — 14 minor and 3 full GCs/);
    assert.match(all, /• \*query cancel stuck\* — Query 5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b was cancelled/);
    withinLimits(blocks);
  });

  it('keeps the be.conf suggestions of the Doris section when the kill brings many of its own', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ id: `kernel-${i}`, title: `Kernel-side step ${i + 1}`, detail: 'from the kernel verdict', commands: [] }));
    const doris = dorisSection({
      suggestions: [
        { id: 'doris-mem-limit', title: 'Lower mem_limit to 80%', detail: 'computed from be.INFO', commands: [{ run: 'mem_limit = 80%', effect: 'change' }] },
        { id: 'doris-low-water-mark', title: 'Raise the low water mark', detail: 'computed from be.INFO', commands: [] },
      ],
    });
    const all = blocksText(renderBlocks(report({ events: [{ ...report().events[0]!, suggestions: many }], doris })).blocks);
    assert.match(all, /\*1\. Kernel-side step 1\*/, 'the kill’s own suggestions still come first');
    assert.match(all, /\*7\. Lower mem_limit to 80%\*/);
    assert.match(all, /\*8\. Raise the low water mark\*/);
    assert.match(all, /_3 more suggestion\(s\) in the CLI report\._/);
  });

  it('shows up to 8 Doris suggestions when the input has no kill (be.INFO alone)', () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `doris_${i}`, title: `be.conf step ${i + 1}`, detail: 'computed from be.INFO', commands: [] }));
    const all = blocksText(renderBlocks(report({ events: [], doris: dorisSection({ suggestions: six }) })).blocks);
    for (let i = 1; i <= 6; i++) assert.match(all, new RegExp(`\\*${i}\\. be\\.conf step ${i}\\*`));
    assert.doesNotMatch(all, /more suggestion\(s\) in the CLI report/);
  });

  it('escapes mentions, links and backticks quoted from the log', () => {
    const report = analyzeText(LOG);
    const e = report.events[0]!;
    const evil: OomEvent = {
      ...e,
      host: hostile,
      victim: e.victim && { ...e.victim, comm: '<!channel>' },
      evidence: [{ file: null, line: 1, text: hostile, why: hostile }],
      suggestions: [{ id: 'x', title: hostile, detail: hostile, commands: [{ run: hostile, effect: 'read' }] }],
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
        evidence: Array.from({ length: 20 }, (_, k) => ({ file: null, line: k + 1, text: 'x'.repeat(900), why: 'y'.repeat(300) })),
        suggestions: Array.from({ length: 5 }, (_, k) => ({ id: `s${i % 30}-${k}`, title: 't'.repeat(200), detail: 'd'.repeat(1500), commands: [{ run: 'c'.repeat(2000), effect: 'read' as const }] })),
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
