/**
 * What a user reads says what the advice is, never where it came from inside this project: no
 * "seed 001", design-document sections or issue numbers in any report, text or markdown rendering
 * of the public logs and examples, nor in the CLI's help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../src/analysis/analyze.js';
import { renderText } from '../../src/render/text/render-text.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { HELP_TEXT } from '../../src/cli/help-text.js';

const INTERNAL = /\bseed 0\d\d\b|\bDESIGN\b|§\s?\d|\bissue #?\d+\b/i;

const dirs = ['../fixtures/public/kernel/', '../fixtures/public/doris/', '../../examples/'].map((d) => fileURLToPath(new URL(d, import.meta.url)));

test('reports, text and markdown of every public log and example name no internal document', () => {
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.md')) continue;
      const report = analyzeText(readFileSync(dir + name));
      for (const [what, out] of [
        ['json', JSON.stringify(report)],
        ['text', renderText(report)],
        ['markdown', renderMarkdown(report)],
      ] as const) {
        const hit = INTERNAL.exec(out);
        assert.equal(hit, null, `${name} (${what}) says "${hit?.[0]}": ${out.slice(Math.max(0, (hit?.index ?? 0) - 80), (hit?.index ?? 0) + 80)}`);
      }
    }
  }
});

test('the CLI help names no internal document', () => {
  assert.equal(INTERNAL.exec(HELP_TEXT), null);
});
