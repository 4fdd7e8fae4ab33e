/** The Block Kit shapes the reply uses, and builders that keep each within Slack's limits. */
import { plainText, truncateEscaped } from './escape-mrkdwn.js';

export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}
export type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'actions'; block_id?: string; elements: Button[] }
  | { type: 'divider' }
  | { type: 'table'; column_settings: ColumnSetting[]; rows: TableCell[][] };

/** A table cell as Slack takes it: plain text, shown as it is (no mrkdwn, nothing to escape). */
export interface TableCell {
  type: 'raw_text';
  text: string;
}
export interface ColumnSetting {
  align: 'left' | 'right';
}

/** A button whose `value` names what to fetch (no state is kept in a process: see reply-actions.ts). */
export interface Button {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string };
  value: string;
  style?: 'primary' | 'danger';
}

/** Slack's documented limits (reference/slack-platform.md §3). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  header: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  /** Undocumented cumulative cap (`msg_blocks_too_long` near 13.2k characters): stay well under. */
  totalChars: 11000,
  /** Table block: rows (the header row included) and cells a row; one table a message. */
  tableRows: 100,
  tableCells: 20,
} as const;

export function header(text: string): Block {
  const t = plainText(text);
  return { type: 'header', text: { type: 'plain_text', text: t.length > LIMITS.header ? `${t.slice(0, LIMITS.header - 1)}…` : t } };
}

/** A section of already-escaped mrkdwn, cut to the limit without breaking entities or code blocks. */
export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(mrkdwn, LIMITS.sectionText) } };
}

export function fields(pairs: Array<[string, string]>): Block {
  return {
    type: 'section',
    fields: pairs.slice(0, LIMITS.fields).map(([label, value]) => ({ type: 'mrkdwn', text: fitMrkdwn(`*${label}*\n${value}`, LIMITS.fieldText) })),
  };
}

export function context(texts: string[]): Block {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: fitMrkdwn(t, LIMITS.sectionText) })) };
}

export const divider: Block = { type: 'divider' };

/**
 * Slack's table block: real columns in the thread pane and on a phone, instead of monospace text
 * that wraps. The first row is the header. Slack refuses an empty cell, so an empty one shows "–";
 * rows and cells past Slack's caps are left out (callers say so). One table a message: packing
 * (render-reply-parts.ts) starts a new message for a second one.
 */
export function table(rows: string[][], align: Array<'left' | 'right'>): Block {
  const width = Math.min(LIMITS.tableCells, Math.max(0, ...rows.map((r) => r.length)));
  return {
    type: 'table',
    column_settings: align.slice(0, width).map((a) => ({ align: a })),
    rows: rows.slice(0, LIMITS.tableRows).map((r) => Array.from({ length: width }, (_, i) => ({ type: 'raw_text' as const, text: (r[i] ?? '').trim() === '' ? '–' : r[i]! }))),
  };
}

export function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: label.slice(0, 75) }, value: value.slice(0, 2000), ...(style ? { style } : {}) };
}

export function actions(elements: Button[], blockId?: string): Block {
  return { type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements: elements.slice(0, 25) };
}

/** Cuts escaped mrkdwn to `max` characters; an open ``` block is closed again. */
export function fitMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncateEscaped(text, max - 5);
  if ((cut.match(/```/g) ?? []).length % 2 === 1) cut += '\n```';
  return cut;
}

export function blockChars(block: Block): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length, 0);
    case 'divider':
      return 0;
    case 'table':
      return block.rows.reduce((n, r) => n + r.reduce((m, c) => m + c.text.length, 0), 0);
  }
}

/**
 * Keeps a whole message within the block count and the cumulative size: the first block (header) and
 * the last (footer) always stay; sections in between are shortened, then dropped from the end.
 */
export function fitMessage(blocks: Block[]): Block[] {
  let out = blocks;
  if (out.length > LIMITS.blocks) {
    const dropped = out.length - (LIMITS.blocks - 1);
    out = [...out.slice(0, LIMITS.blocks - 2), context([`_${dropped} more section(s) left out to fit Slack's limits._`]), out[out.length - 1]!];
  }
  let total = out.reduce((n, b) => n + blockChars(b), 0);
  if (total <= LIMITS.totalChars) return out;
  // Shorten the longest sections first, never below 600 characters.
  out = out.map((b) => ({ ...b })) as Block[];
  const order = out.map((b, i) => ({ i, n: blockChars(b) })).sort((a, b) => b.n - a.n);
  for (const { i } of order) {
    if (total <= LIMITS.totalChars) break;
    const b = out[i]!;
    if (b.type !== 'section' || !b.text) continue;
    const excess = total - LIMITS.totalChars;
    const target = Math.max(600, b.text.text.length - excess);
    if (target >= b.text.text.length) continue;
    const before = b.text.text.length;
    out[i] = { type: 'section', ...(b.fields ? { fields: b.fields } : {}), text: { type: 'mrkdwn', text: fitMrkdwn(b.text.text, target) } };
    total -= before - (out[i] as { text: TextObject }).text.text.length;
  }
  while (total > LIMITS.totalChars && out.length > 2) {
    const removed = out.splice(out.length - 2, 1)[0]!;
    total -= blockChars(removed);
  }
  return out;
}
