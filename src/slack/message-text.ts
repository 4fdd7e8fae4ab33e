/**
 * All the text a Slack message carries: its `text`, and for integrations (alerts) the legacy
 * attachments' pretext/title/text/fallback/fields and the text of its blocks.
 */
import { z } from 'zod';

const Attachment = z
  .object({
    pretext: z.string().optional(),
    title: z.string().optional(),
    text: z.string().optional(),
    fallback: z.string().optional(),
    fields: z.array(z.object({ title: z.string().optional(), value: z.string().optional() }).loose()).optional(),
  })
  .loose();

const MessageLike = z
  .object({
    text: z.string().optional(),
    attachments: z.array(Attachment).optional(),
  })
  .loose();

export function messageText(message: unknown): string {
  const parsed = MessageLike.safeParse(message);
  if (!parsed.success) return '';
  const parts: string[] = [];
  if (parsed.data.text) parts.push(parsed.data.text);
  for (const a of parsed.data.attachments ?? []) {
    for (const piece of [a.pretext, a.title, a.text]) if (piece) parts.push(piece);
    if (!a.text && a.fallback) parts.push(a.fallback);
    for (const f of a.fields ?? []) if (f.value) parts.push(f.title ? `${f.title}: ${f.value}` : f.value);
  }
  return slackTextToLog(parts.join('\n'));
}

/**
 * Slack sends message text with `&`, `<`, `>` as entities and links as `<http://x|x>`; the analyser
 * wants the log as it was typed.
 */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^<>|]*)\|([^<>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^<>|]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Message text → log text: entities and links undone, and ``` fences (a paste formatted as code) removed. */
export function slackTextToLog(text: string): string {
  return unescapeSlackText(text).replace(/```/g, '\n');
}
