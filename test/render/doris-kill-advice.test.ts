/**
 * A doris_be kill read with its be.INFO: the be.conf values appear once, computed from the physical
 * memory be.INFO shows, in the terminal text, the markdown and the Slack reply alike; the kernel
 * event's Doris suggestion points to them instead of printing a placeholder or other numbers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { renderText } from '../../src/render/text/render-text.js';
import { renderBlocks } from '../../src/render/slack/render-blocks.js';
import { blocksText } from '../helpers/blocks-text.js';

// Seed 000's kill line followed by a 2.1.5 be.INFO of a 60 GB host (test/fixtures/doris/SOURCES.md).
const report = analyzeText(readFileSync(new URL('../fixtures/doris/dmesg-T-kill-then-be-2.1.5.log', import.meta.url), 'utf8'));

const POINTER = 'Lower Doris BE mem_limit and raise its low water mark: see the be.conf values from be.INFO';
const count = (text: string, re: RegExp): number => [...text.matchAll(re)].length;
/** What a reader sees: markdown backslash escapes and the `&lt;` entities of markdown and Slack undone. */
const asRead = (text: string): string => text.replace(/\\([\\`*_[\]#|~])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('a doris_be kill and its be.INFO', () => {
  for (const [name, text] of [
    ['the terminal text', renderText(report)],
    ['the markdown', asRead(renderMarkdown(report))],
    ['the Slack reply', asRead(blocksText(renderBlocks(report).blocks))],
  ] as const) {
    it(`${name}: the kernel suggestion points to the be.conf values, which appear once and without a placeholder`, () => {
      assert.ok(text.includes(POINTER), text);
      assert.doesNotMatch(text, /low_water_mark_bytes ?= ?<[^>\n]+>/);
      assert.equal(count(text, /max_sys_mem_available_low_water_mark_bytes ?= ?\d+/g), 1, 'only the Doris suggestion gives the value');
      assert.doesNotMatch(text, /mem_limit=80%|mem_limit = 80%%/, "the kernel suggestion's own mem_limit advice is gone");
      assert.ok(text.includes('Lower mem_limit to 80%'), "the Doris suggestion's is there");
    });
  }
});
