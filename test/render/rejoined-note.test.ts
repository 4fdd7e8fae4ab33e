/**
 * When a reading rests on log lines that a mail client had wrapped and the parser joined back,
 * every report (CLI text, markdown, Slack) says so, with the number of lines; a clean log says nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import { renderText } from '../../src/render/text/render-text.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { renderBlocks } from '../../src/render/slack/render-blocks.js';
import { renderFirstMessage } from '../../src/render/slack/render-first-message.js';
import { renderEvidence } from '../../src/render/slack/render-reply-parts.js';

const publicLog = (name: string): Buffer => readFileSync(new URL(`../fixtures/public/kernel/${name}`, import.meta.url));

test('a mail-wrapped paste: text, markdown and Slack say how many wrapped lines were joined back', () => {
  const report = analyzeText(publicLog('syzkaller-5.10-printk-caller-mail-wrapped-global-oom-slab-leak.log'));
  assert.equal(report.events[0]?.rejoined, 3);
  const note = /3 lines wrapped by a mail client were joined back to the log lines they continue\./;
  assert.match(renderText(report), note);
  assert.match(renderMarkdown(report), note);
  assert.match(JSON.stringify(renderBlocks(report).blocks), note);
  // The Slack reply itself, and its Evidence part.
  assert.match(JSON.stringify(renderFirstMessage(report, { jobId: 'j1' }).blocks), /5 lines wrapped by a mail client joined back/);
  assert.match(JSON.stringify(renderEvidence(report).map((m) => m.blocks)), /3 lines wrapped by a mail client were joined back to the log lines they continue/);
});

test('a log as the kernel printed it says nothing about wrapped lines', () => {
  const report = analyzeText(publicLog('k8s-3.10-el7-vendor-oom-kill-summary-empty-constraint-pod-limit-kmem.log'));
  assert.equal(report.events[0]?.rejoined, 0);
  const slack = JSON.stringify([renderBlocks(report).blocks, renderFirstMessage(report, { jobId: 'j1' }).blocks, renderEvidence(report).map((m) => m.blocks)]);
  assert.doesNotMatch(renderText(report) + renderMarkdown(report) + slack, /wrapped by a mail client/);
});
