/** The Slack stand-in's block check refuses what Slack's reference says Slack refuses, and takes the rest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { table, section } from '../../src/render/slack/block-kit.js';
import { validateMessageBlocks } from './validate-blocks.js';

const cell = (text: string) => ({ type: 'raw_text', text });

test('a table within the limits is taken; block-kit.ts fills an empty cell and cuts past 100 rows', () => {
  assert.deepEqual(validateMessageBlocks([section('*Tasks*'), table([['pid', 'adj'], ['1', '']], ['right', 'right'])]), []);
  const built = table(Array.from({ length: 150 }, (_, i) => [String(i), '']), ['right', 'left']);
  assert.deepEqual(validateMessageBlocks([built]), []);
  assert.ok(built.type === 'table' && built.rows.length === 100 && built.rows[0]![1]!.text === '–');
});

test('refused: 101 rows, 21 cells in a row, an empty cell, a bad alignment, two tables in one message', () => {
  const rows = (n: number, cells = 1) => Array.from({ length: n }, () => Array.from({ length: cells }, () => cell('x')));
  const problems = (blocks: unknown[]) => validateMessageBlocks(blocks).map((p) => `${p.error} ${p.why}`);
  assert.match(problems([{ type: 'table', rows: rows(101) }]).join(), /invalid_blocks a table needs 1–100 rows/);
  assert.match(problems([{ type: 'table', rows: rows(2, 21) }]).join(), /a row needs 1–20 cells/);
  assert.match(problems([{ type: 'table', rows: [[cell('')]] }]).join(), /non-empty text/);
  assert.match(problems([{ type: 'table', rows: rows(1), column_settings: [{ align: 'middle' }] }]).join(), /left, center or right/);
  assert.match(problems([{ type: 'table', rows: rows(1) }, { type: 'table', rows: rows(1) }]).join(), /invalid_attachments .*one table a message/);
  assert.match(problems([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }]).join(), /over 3000/);
});
