/**
 * A kill known only from kubectl's `OOMKilled` status (no kernel kill line, so no pid) reads the
 * same in the command line's text and markdown as in Slack: the container is named as what was
 * killed, never "OOM killer ran (no kill line…)" or "unknown process".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../src/analysis/analyze.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { renderText } from '../../src/render/text/render-text.js';
import { renderBlocks } from '../../src/render/slack/render-blocks.js';
import { blocksText } from '../helpers/blocks-text.js';

// Both fixtures are described, with their sources, in test/fixtures/kubectl/SOURCES.md.
const fixture = (name: string) => analyzeText(readFileSync(new URL(`../fixtures/kubectl/${name}`, import.meta.url), 'utf8'));
/** Azure/azure-databricks-operator#92: container `manager`, Last State OOMKilled at its 1Gi limit. */
const oneContainer = fixture('describe-container-block-limit-1Gi.txt');
/** Two containers of one pod OOMKilled: `web` at its limit, `log-shipper` (no limit) by a node-wide OOM. */
const twoContainers = fixture('describe-pod-two-oomkilled-containers-node.txt');

const TITLE = 'Killed: container manager — cgroup limit';
const SENTENCE = 'container manager was killed because its memory cgroup reached its limit.';

describe('a kill known only from kubectl', () => {
  it('the terminal text names the container in the verdict and its sentence', () => {
    const text = renderText(oneContainer);
    assert.match(text, new RegExp(`▶ ${TITLE}\n`));
    assert.ok(text.includes(`  ${SENTENCE}\n`), text);
    assert.doesNotMatch(text, /OOM killer ran/);
  });

  it('the markdown names the container in the heading and its sentence', () => {
    const md = renderMarkdown(oneContainer);
    assert.ok(md.includes(`### ${TITLE}\n`), md);
    assert.ok(md.includes(`\n${SENTENCE}\n`), md);
    assert.doesNotMatch(md, /OOM killer ran/);
  });

  it('reads as in the Slack reply', () => {
    const slack = blocksText(renderBlocks(oneContainer).blocks);
    assert.ok(slack.includes(TITLE), slack);
    assert.ok(slack.includes(SENTENCE), slack);
  });

  it('several kills: the kill table and the cause headings name each container', () => {
    const web = 'pod storefront/web-frontend-7f8d9c6b4-q2w3e container web';
    const shipper = 'pod storefront/web-frontend-7f8d9c6b4-q2w3e container log-shipper';
    const text = renderText(twoContainers);
    assert.match(text, new RegExp(` 1  \\S+  \\S+  ${web} +cgroup limit\n`));
    assert.match(text, new RegExp(` 2  \\S+  \\S+  ${shipper} +system out of memory\n`));
    assert.ok(text.includes(`━━ cgroup limit: 1 kill (${web})`), text);
    assert.ok(text.includes(`▶ Killed: ${shipper} — system out of memory`), text);
    const md = renderMarkdown(twoContainers);
    assert.ok(md.includes(`### system out of memory: 1 kill (${shipper})`), md);
    assert.ok(md.includes(`#### Killed: ${web} — cgroup limit`), md);
    assert.doesNotMatch(text + md, /unknown process|OOM killer ran|\(unknown\)/);
  });
});
