/** `/oom <sub-command> [args]` → what the user asked for. */
import { slackTextToLog } from './message-text.js';
import { parseMessageLink, type MessageLink } from './parse-message-link.js';

export type OomCommand =
  | { kind: 'help' }
  | { kind: 'unknown'; word: string }
  | { kind: 'analyze_modal' }
  | { kind: 'analyze_link'; link: MessageLink }
  | { kind: 'analyze_text'; text: string }
  /** `/oom history [program|host|cgroup]`: the query, possibly empty. */
  | { kind: 'history'; query: string };

export function parseOomCommand(text: string): OomCommand {
  const trimmed = text.replace(/^\s+/, '');
  const space = trimmed.search(/\s/);
  const word = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space === -1 ? '' : trimmed.slice(space + 1);
  if (word === '' || word === 'help') return { kind: 'help' };
  if (word === 'history') return { kind: 'history', query: slackTextToLog(rest).trim() };
  if (word !== 'analyze' && word !== 'analyse') return { kind: 'unknown', word };
  if (rest.trim() === '') return { kind: 'analyze_modal' };
  const link = parseMessageLink(rest);
  // A link alone (perhaps wrapped in <…>) means "analyse that message"; a link inside a log is just log text.
  if (link && rest.trim().length < 400 && !rest.includes('\n')) return { kind: 'analyze_link', link };
  return { kind: 'analyze_text', text: slackTextToLog(rest) };
}

export const USAGE = [
  '*oom-triage* explains Linux OOM-killer kills (and Apache Doris BE memory).',
  '• `/oom analyze <paste dmesg / kern.log text>` — analyse the text; the report goes to this channel',
  '• `/oom analyze` — open a box to paste a long log',
  '• `/oom analyze <message link>` — analyse that message and its files; the report goes in its thread',
  '• `/oom history [program | host | cgroup]` — the recent OOM kills that match, from channels you can read (only you see the answer)',
  '• Or just paste a log or upload a `.log`/`.txt`/`.gz` file in a channel I am in, use the message shortcut *Analyze OOM*, or mention me in a thread.',
].join('\n');
