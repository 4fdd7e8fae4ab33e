/**
 * One read of a Slack message that every alert-family reader shares: its pieces of text, its
 * lines with and without Slack mrkdwn, its fields and its labelled values.
 */
import type { SlackAlertMessage } from './alert-facts.js';
import { readLabelPairs, type LabelPairs } from './read-label-pairs.js';
import { messageText, slackPlainText, type FieldPair, type TextPiece } from './slack-message-text.js';

export interface MessageView {
  username: string | null;
  pieces: readonly TextPiece[];
  /** Lines as sent (mrkdwn kept: Robusta's values are the backticked parts). */
  rawLines: readonly string[];
  /** Lines as read, then one `title: value` line per field. */
  lines: readonly string[];
  fields: readonly FieldPair[];
  pairs: LabelPairs;
  /** First line of every title-like piece: attachment titles, header blocks, the message text. */
  titles: readonly string[];
}

export function viewMessage(message: SlackAlertMessage): MessageView {
  const { pieces, fields } = messageText(message);
  const rawLines: string[] = [];
  const titles: string[] = [];
  for (const p of pieces) {
    const split = p.raw.split('\n');
    rawLines.push(...split);
    if (p.origin === 'title' || p.origin === 'header' || p.origin === 'text' || p.origin === 'fallback') {
      titles.push(slackPlainText(split[0]!).trim());
    }
  }
  const pieceLines = rawLines.map(slackPlainText);
  const fieldLines = fields.map((f) => `${f.title}: ${slackPlainText(f.value)}`);
  return {
    username: message.username ?? null,
    pieces,
    rawLines,
    lines: [...pieceLines, ...fieldLines],
    fields,
    pairs: readLabelPairs(pieceLines, fields.map((f) => ({ title: f.title, value: slackPlainText(f.value) }))),
    titles,
  };
}

/** The value of the first of `keys` present. */
export function pick(pairs: LabelPairs, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = pairs.get(k);
    if (v !== undefined) return v;
  }
  return null;
}
