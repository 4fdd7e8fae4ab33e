/**
 * Every example and every test fixture renders a first message that fits one screen of Slack's
 * thread pane: a handful of blocks, no code-block line wider than the pane, no finding ids, no
 * pointer to the CLI; and every button's part is one Slack takes (validate-blocks.ts: its limits, one
 * table block a message) with code-text tables ≤ 55 characters.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { renderFirstMessage } from '../../../src/render/slack/render-first-message.js';
import { renderEvidence, renderMemory, renderSuggestions, TABLE_WIDTH } from '../../../src/render/slack/render-reply-parts.js';
import { LIMITS, blockChars, type Block } from '../../../src/render/slack/block-kit.js';
import { blocksText } from '../../helpers/blocks-text.js';
import { validateMessageBlocks } from '../../helpers/validate-blocks.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

function inputs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/\.(md|json)$/.test(name) || /alerts/.test(p)) out.push(p);
    }
  };
  walk(join(ROOT, 'examples'));
  walk(join(ROOT, 'test/fixtures'));
  return out.filter((p) => !p.endsWith('README.md') && !p.endsWith('SOURCES.md') && !p.endsWith('expected.json'));
}

/** Lines inside ``` code blocks of every section. */
export function codeLines(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    const texts = b.type === 'section' ? [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)] : [];
    for (const t of texts) {
      const parts = t.split('```');
      for (let i = 1; i < parts.length; i += 2) lines.push(...parts[i]!.split('\n'));
    }
  }
  return lines;
}

/** Width as Slack shows it: entities count as one character. */
const width = (line: string) => [...line.replace(/&(amp|lt|gt);/g, '&')].length;

describe('first message of every example and fixture', () => {
  const files = inputs();
  it('finds the inputs', () => assert.ok(files.length > 40, `${files.length} inputs`));
  for (const file of files) {
    const report = analyzeText(readFileSync(file));
    if (report.events.length === 0 && report.doris === null) continue;
    const name = file.slice(ROOT.length);
    it(`${name}: one screen, buttons, no internal words`, () => {
      const first = renderFirstMessage(report, { jobId: 'msg-T-C-1' });
      assert.ok(first.blocks.length <= 8, `${first.blocks.length} blocks`);
      const total = first.blocks.reduce((n, b) => n + blockChars(b), 0);
      assert.ok(total <= 2000, `${total} characters`);
      // A command line wider than the pane is one path, or holds a quoted pattern, that cannot be broken.
      const wide = codeLines(first.blocks).filter((l) => width(l) > 56 && l.trim().replace(/ \\$/, '').includes(' ') && !/'[^']{50,}'/.test(l));
      assert.deepEqual(wide, [], 'code lines wider than the pane');
      assert.equal(first.blocks.at(-1)?.type, 'actions');
      const text = blocksText(first.blocks) + first.text;
      assert.doesNotMatch(text, /CLI report|\bseed\b|DESIGN|dominant_task|frequent_gc|tracker_coverage_low/);
      assert.doesNotMatch(blocksText(first.blocks.slice(0, 3)), /\bGB\b|\bMB\b|\bKB\b/);
      assert.doesNotMatch(first.text, /findings:/);
    });
    it(`${name}: every button's part fits Slack and its tables fit the pane`, () => {
      for (const messages of [renderEvidence(report), renderSuggestions(report), renderMemory(report)]) {
        for (const m of messages) {
          assert.ok(m.blocks.length <= LIMITS.blocks);
          assert.ok(m.blocks.reduce((n, b) => n + blockChars(b), 0) <= LIMITS.totalChars + 1000);
          for (const b of m.blocks) if (b.type === 'section' && b.text) assert.ok(b.text.text.length <= LIMITS.sectionText);
          assert.deepEqual(validateMessageBlocks(m.blocks), [], 'Slack takes it');
        }
      }
      for (const m of renderMemory(report)) {
        const widest = Math.max(0, ...codeLines(m.blocks).map(width));
        assert.ok(widest <= TABLE_WIDTH, `memory table ${widest} wide`);
      }
      const suggestions = renderSuggestions(report).map((m) => blocksText(m.blocks)).join('\n');
      const numbers = [...suggestions.matchAll(/^\*(\d+)\. /gm)].map((m) => Number(m[1]));
      assert.deepEqual(numbers, numbers.map((_, i) => i + 1), 'numbering intact');
      assert.doesNotMatch(suggestions, /…\*|CLI report/);
    });
  }
});

describe('the Memory part: the task table and the Doris trackers as Slack table blocks', () => {
  const tableRows = (messages: { blocks: Block[] }[]) =>
    messages.flatMap((m) => m.blocks).filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table').map((t) => t.rows.map((r) => r.map((c) => c.text)));

  it('a cgroup kill: the largest tasks first, the killed one named, sizes in binary units', () => {
    const report = analyzeText(readFileSync(join(ROOT, 'examples/cgroup-v1-parent-limit.log')));
    const [tasks] = tableRows(renderMemory(report));
    assert.deepEqual(tasks, [
      ['pid', 'name', 'rss', 'share', 'adj'],
      ['30211', 'test (killed)', '128 MiB', '65%', '0'],
      ['30198', 'leaky-worker', '70.14 MiB', '35%', '0'],
    ]);
  });

  it('a Doris BE with a kill: two tables, so two messages (Slack takes one a message)', () => {
    const report = analyzeText(Buffer.concat(['examples/doris-be-killed.dmesg-T.log', 'examples/doris-be-2.1.5.be.INFO'].map((f) => readFileSync(join(ROOT, f)))));
    const messages = renderMemory(report);
    const tables = tableRows(messages);
    assert.equal(tables.length, 2);
    assert.equal(messages.length, 2);
    assert.deepEqual(tables[1]![0], ['tracker', 'used', 'limit', 'share']);
    assert.deepEqual(tables[1]![1], ['query 5f1c2a3b…', '38 GiB', '2 GiB', '68%']);
    for (const m of messages) assert.deepEqual(validateMessageBlocks(m.blocks), []);
  });
});

describe('the first message names the dump\'s biggest task as what it is', () => {
  const fieldsOf = (file: string) => {
    const first = renderFirstMessage(analyzeText(readFileSync(join(ROOT, file))), { jobId: 'msg-T-C-1' });
    return first.blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []).map((f) => f.text) : []));
  };

  it('the killed task was the biggest: its runner-up is "Next largest", never "Top consumer"', () => {
    const fields = fieldsOf('examples/cgroup-v1-parent-limit.log');
    assert.ok(fields.some((f) => /^\*Next largest\*\nleaky-worker \(pid 30198\) 70\.14 MiB, 35%/.test(f)), fields.join(' | '));
    assert.ok(!fields.some((f) => f.startsWith('*Top consumer*')), fields.join(' | '));
  });
});

describe('several kills grouped by cause: what a later event of a group found is named on its line', () => {
  it('three system-wide OOMs: the second\'s slab leak and the third\'s panic are on the group\'s line, not only counted', () => {
    const report = analyzeText(readFileSync(join(ROOT, 'test/fixtures/kernel/4.19-three-global-ooms-second-slab-leak-third-panic-on-oom.log')));
    assert.deepEqual(report.events.map((e) => [e.victim?.comm ?? null, e.noKill, e.factors.includes('slab_unreclaimable_high')]), [['java', null, false], ['nginx', null, true], [null, 'panic_on_oom', true]]);
    const first = renderFirstMessage(report, { jobId: 'msg-T-C-1' });
    const text = blocksText(first.blocks);
    assert.match(text, /^• \*3× system out of memory\* — java, nginx, _nothing killed_ · the kernel panicked instead of killing · also: unreclaimable slab above 10% of RAM$/m);
    // The fields show the worst event's own factors; the group line does not repeat them.
    assert.match(text, /^\*Also\*\nno swap configured; one task held most of the memory; repeated kills$/m);
    assert.ok(first.blocks.length <= 8 && first.blocks.reduce((n, b) => n + blockChars(b), 0) <= 2000);
  });
});
