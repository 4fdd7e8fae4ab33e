/**
 * What Slack refuses in a message's blocks, per its Block Kit reference (docs.slack.dev/reference/
 * block-kit/blocks): the Slack stand-in answers such a post with Slack's error instead of taking it,
 * so a reply Slack would refuse fails its test. Checked: the block count, the text caps of header,
 * section, fields, context and buttons, and the table block (1–100 rows of 1–20 cells, a cell's text
 * never empty — "the minimum length is 1 character" —, at most 20 column settings, one table a
 * message: Slack answers a second with invalid_attachments / only_one_table_allowed).
 */

export interface BlockProblem {
  /** Slack's error code for the post. */
  error: 'invalid_blocks' | 'invalid_attachments';
  where: string;
  why: string;
}

const MESSAGE_BLOCK_TYPES = new Set(['header', 'section', 'context', 'actions', 'divider', 'table', 'image', 'rich_text', 'markdown', 'context_actions']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | null => (isObject(v) && typeof v['text'] === 'string' ? v['text'] : null);

export function validateMessageBlocks(blocks: unknown): BlockProblem[] {
  const problems: BlockProblem[] = [];
  const bad = (where: string, why: string, error: BlockProblem['error'] = 'invalid_blocks') => problems.push({ error, where, why });
  if (!Array.isArray(blocks)) return [{ error: 'invalid_blocks', where: 'blocks', why: 'not an array' }];
  if (blocks.length > 50) bad('blocks', `${blocks.length} blocks (at most 50)`);
  let tables = 0;
  blocks.forEach((block: unknown, i) => {
    const at = `blocks[${i}]`;
    if (!isObject(block) || typeof block['type'] !== 'string' || !MESSAGE_BLOCK_TYPES.has(block['type'])) return bad(at, 'not a message block');
    switch (block['type']) {
      case 'header': {
        const t = textOf(block['text']);
        if (t === null || t.length === 0 || t.length > 150) bad(at, 'header text missing or over 150 characters');
        break;
      }
      case 'section': {
        const t = block['text'] === undefined ? '' : textOf(block['text']);
        const fields = block['fields'];
        if (t === null || t.length > 3000) bad(at, 'section text over 3000 characters');
        if (fields !== undefined && (!Array.isArray(fields) || fields.length > 10 || fields.some((f) => (textOf(f) ?? '').length > 2000))) bad(at, 'more than 10 fields, or one over 2000 characters');
        if (block['text'] === undefined && fields === undefined) bad(at, 'a section needs text or fields');
        break;
      }
      case 'context': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) bad(at, 'context needs 1–10 elements');
        break;
      }
      case 'actions': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) bad(at, 'actions need 1–25 elements');
        else elements.forEach((e, j) => {
          if (!isObject(e)) return bad(`${at}.elements[${j}]`, 'not an element');
          if ((textOf(e['text']) ?? '').length > 75) bad(`${at}.elements[${j}]`, 'button text over 75 characters');
          if (typeof e['value'] === 'string' && e['value'].length > 2000) bad(`${at}.elements[${j}]`, 'button value over 2000 characters');
        });
        break;
      }
      case 'table':
        tables++;
        problems.push(...validateTable(block, at));
        break;
    }
  });
  if (tables > 1) bad('blocks', `${tables} tables: Slack takes one table a message (only_one_table_allowed)`, 'invalid_attachments');
  return problems;
}

function validateTable(block: Json, at: string): BlockProblem[] {
  const problems: BlockProblem[] = [];
  const bad = (where: string, why: string) => problems.push({ error: 'invalid_blocks', where, why });
  const rows = block['rows'];
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > 100) bad(`${at}.rows`, 'a table needs 1–100 rows');
  else rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length === 0 || row.length > 20) return bad(`${at}.rows[${r}]`, 'a row needs 1–20 cells');
    row.forEach((cell: unknown, c) => {
      const where = `${at}.rows[${r}][${c}]`;
      if (!isObject(cell)) return bad(where, 'not a cell');
      if (cell['type'] === 'raw_text' || cell['type'] === 'raw_number') {
        if (typeof cell['text'] !== 'string' || cell['text'].length === 0) bad(where, `a ${cell['type']} cell needs non-empty text`);
        if (cell['type'] === 'raw_number' && typeof cell['value'] !== 'number') bad(where, 'a raw_number cell needs a numeric value');
      } else if (cell['type'] !== 'rich_text') bad(where, 'a cell is raw_text, raw_number or rich_text');
    });
  });
  const settings = block['column_settings'];
  if (settings !== undefined) {
    if (!Array.isArray(settings) || settings.length > 20) bad(`${at}.column_settings`, 'at most 20 column settings');
    else settings.forEach((s: unknown, i) => {
      if (s !== null && (!isObject(s) || (s['align'] !== undefined && !['left', 'center', 'right'].includes(String(s['align']))))) bad(`${at}.column_settings[${i}]`, 'align is left, center or right');
    });
  }
  return problems;
}
