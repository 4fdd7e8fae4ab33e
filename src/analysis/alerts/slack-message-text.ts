/**
 * The text a person reads in a Slack message, gathered from wherever integrations put it: the
 * message `text`, legacy attachments (Alertmanager, Grafana, Datadog, kubernetes-event-exporter)
 * and Block Kit blocks (Robusta, kwatch), including `rich_text` blocks that Slack builds from a
 * message typed or pasted by a person.
 */
import type { SlackAlertMessage } from './alert-facts.js';

export type PieceOrigin = 'text' | 'title' | 'pretext' | 'attachment-text' | 'fallback' | 'footer' | 'header' | 'block';

/** One run of text as sent (Slack mrkdwn kept), with where it was found. */
export interface TextPiece {
  origin: PieceOrigin;
  raw: string;
}

/** A labelled value: an attachment field, or a block section field written `*Title*\nvalue`. */
export interface FieldPair {
  title: string;
  value: string;
}

export interface MessageText {
  pieces: TextPiece[];
  fields: FieldPair[];
}

/** Alerts are short; more than this is a paste, and reading less of it keeps every reader linear. */
const MAX_TEXT_CHARS = 64 * 1024;
/** Block Kit nests a few levels (rich_text → list → section → element); deeper is not a message. */
const MAX_BLOCK_DEPTH = 8;

/** Every piece of text and every field of a message, in reading order, each piece once. */
export function messageText(message: SlackAlertMessage): MessageText {
  const pieces: TextPiece[] = [];
  const fields: FieldPair[] = [];
  let budget = MAX_TEXT_CHARS;
  const seen = new Set<string>();
  const addPiece = (origin: PieceOrigin, raw: string | undefined): void => {
    if (raw === undefined || budget <= 0) return;
    const text = raw.length > budget ? raw.slice(0, budget) : raw;
    const key = text.trim();
    // Alertmanager's fallback repeats its title; Robusta's `text` repeats its header.
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    budget -= text.length;
    pieces.push({ origin, raw: text });
  };
  const addField = (title: string | undefined, value: string | undefined): void => {
    if (title === undefined || value === undefined || budget <= 0) return;
    budget -= title.length + value.length;
    fields.push({ title: title.trim(), value: value.trim() });
  };
  const addBlocks = (blocks: unknown[] | undefined): void => {
    for (const block of blocks ?? []) {
      for (const t of blockTexts(block, 0)) {
        if (t.kind === 'field') {
          const split = splitFieldText(t.text);
          if (split !== null) addField(split.title, split.value);
          else addPiece('block', t.text);
        } else {
          addPiece(t.kind, t.text);
        }
      }
    }
  };

  for (const a of message.attachments ?? []) {
    addPiece('pretext', a.pretext);
    addPiece('title', a.title);
    addPiece('attachment-text', a.text);
    for (const f of a.fields ?? []) addField(f.title, f.value);
    addBlocks(a.blocks);
    addPiece('footer', a.footer);
  }
  // The message text goes after attachment titles: Robusta and kwatch repeat their title in it,
  // and kubernetes-event-exporter puts the event message there with the fields in an attachment.
  addPiece('text', message.text);
  addBlocks(message.blocks);
  // A fallback only adds something when the attachment had no title of its own.
  for (const a of message.attachments ?? []) {
    const head = a.fallback?.split(' | ')[0];
    if (head !== undefined && !seen.has(head.trim())) addPiece('fallback', a.fallback);
  }
  return { pieces, fields };
}

interface BlockText {
  kind: 'header' | 'block' | 'field';
  text: string;
}

function blockTexts(node: unknown, depth: number): BlockText[] {
  if (depth > MAX_BLOCK_DEPTH || !isRecord(node)) return [];
  const type = node['type'];
  const textOf = (v: unknown): string | null => (isRecord(v) && typeof v['text'] === 'string' ? v['text'] : null);
  switch (type) {
    case 'header': {
      const t = textOf(node['text']);
      return t === null ? [] : [{ kind: 'header', text: t }];
    }
    case 'section': {
      const out: BlockText[] = [];
      const t = textOf(node['text']);
      if (t !== null) out.push({ kind: 'block', text: t });
      const fields = node['fields'];
      if (Array.isArray(fields)) {
        for (const f of fields) {
          const ft = textOf(f);
          if (ft !== null) out.push({ kind: 'field', text: ft });
        }
      }
      return out;
    }
    case 'context': {
      const elements = node['elements'];
      if (!Array.isArray(elements)) return [];
      const texts = elements.map(textOf).filter((t): t is string => t !== null);
      return texts.length === 0 ? [] : [{ kind: 'block', text: texts.join('  ') }];
    }
    case 'rich_text': {
      const elements = node['elements'];
      if (!Array.isArray(elements)) return [];
      const text = elements.map((e) => richText(e, depth + 1)).join('\n');
      return text.trim() === '' ? [] : [{ kind: 'block', text }];
    }
    default:
      // Buttons, images and dividers carry no fact about the kill.
      return [];
  }
}

/** The text of a rich_text element, with links, emoji and mentions written as mrkdwn would. */
function richText(node: unknown, depth: number): string {
  if (depth > MAX_BLOCK_DEPTH || !isRecord(node)) return '';
  const children = node['elements'];
  switch (node['type']) {
    case 'text':
      return typeof node['text'] === 'string' ? node['text'] : '';
    case 'link':
      return typeof node['text'] === 'string' ? node['text'] : typeof node['url'] === 'string' ? node['url'] : '';
    case 'emoji':
      return typeof node['name'] === 'string' ? `:${node['name']}:` : '';
    case 'user':
      return typeof node['user_id'] === 'string' ? `<@${node['user_id']}>` : '';
    case 'channel':
      return typeof node['channel_id'] === 'string' ? `<#${node['channel_id']}>` : '';
    case 'broadcast':
      return typeof node['range'] === 'string' ? `@${node['range']}` : '';
    case 'rich_text_list':
      return Array.isArray(children) ? children.map((c) => `• ${richText(c, depth + 1)}`).join('\n') : '';
    default:
      // rich_text_section, rich_text_preformatted, rich_text_quote: runs of inline elements.
      return Array.isArray(children) ? children.map((c) => richText(c, depth + 1)).join('') : '';
  }
}

/** `*Reason*\nOOMKilled` (kwatch) → title `Reason`, value `OOMKilled`; null when not that shape. */
function splitFieldText(text: string): FieldPair | null {
  const nl = text.indexOf('\n');
  if (nl <= 0) return null;
  const title = stripEmphasis(text.slice(0, nl)).trim();
  const value = text.slice(nl + 1).trim();
  if (title === '' || value === '' || title.length > 64) return null;
  return { title, value };
}

function stripEmphasis(s: string): string {
  return s.split('*').join('');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Slack mrkdwn as plain text: `<url|label>` → `label`, `<url>` → `url`, `<!channel>` → `@channel`,
 * HTML entities decoded, and the emphasis marks `*` and `` ` `` dropped (alert values never hold
 * them; label names hold `_`, so underscores stay).
 */
export function slackPlainText(mrkdwn: string): string {
  let out = '';
  let i = 0;
  while (i < mrkdwn.length) {
    const open = mrkdwn.indexOf('<', i);
    const close = open === -1 ? -1 : mrkdwn.indexOf('>', open + 1);
    if (close === -1) {
      out += mrkdwn.slice(i);
      break;
    }
    // The innermost `<` before this `>`: scanning back stays within text not yet consumed, so a
    // line of a thousand `<` is still read once.
    const start = mrkdwn.lastIndexOf('<', close);
    const inner = mrkdwn.slice(start + 1, close);
    out += mrkdwn.slice(i, start) + (inner === '' || inner.includes('\n') ? `<${inner}>` : linkText(inner));
    i = close + 1;
  }
  return decodeEntities(out).split('*').join('').split('`').join('');
}

function linkText(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : inner.slice(bar + 1).trim();
  if (target.startsWith('!')) return label.startsWith('@') ? label : `@${label || target.slice(1)}`;
  return label !== '' ? label : target;
}

function decodeEntities(s: string): string {
  return s.split('&lt;').join('<').split('&gt;').join('>').split('&amp;').join('&');
}
