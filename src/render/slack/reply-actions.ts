/**
 * The buttons under a reply and what each one asks for. A button carries the analysis job's id in
 * its `value`; whatever answers it (any web process, after any restart) looks the stored report up
 * by that id: nothing about a reply is held in a process's memory.
 */
import { actions, button, type Block } from './block-kit.js';

/** Parts of a report a button posts into the thread. */
export const REPLY_PARTS = ['evidence', 'suggestions', 'memory', 'report'] as const;
export type ReplyPart = (typeof REPLY_PARTS)[number];

export const PART_ACTION_PREFIX = 'oom_show_';
export const FEEDBACK_ACTION = { right: 'oom_feedback_right', wrong: 'oom_feedback_wrong' } as const;
export type FeedbackVerdict = keyof typeof FEEDBACK_ACTION;

export const PART_LABELS: Record<ReplyPart, string> = {
  evidence: 'Evidence',
  suggestions: 'All suggestions',
  memory: 'Memory',
  report: 'Full report',
};

export function partActionId(part: ReplyPart): string {
  return `${PART_ACTION_PREFIX}${part}`;
}

/** The part a button's action id asks for, or null. */
export function partOfAction(actionId: string): ReplyPart | null {
  if (!actionId.startsWith(PART_ACTION_PREFIX)) return null;
  const part = actionId.slice(PART_ACTION_PREFIX.length);
  return (REPLY_PARTS as readonly string[]).includes(part) ? (part as ReplyPart) : null;
}

export interface ReplyActionsOptions {
  jobId: string;
  /** Parts worth a button (a report with no task dump has no Memory tables). */
  parts: readonly ReplyPart[];
  /** "All suggestions (6)". */
  suggestionCount: number;
}

export function replyActions(o: ReplyActionsOptions): Block {
  const buttons = o.parts.map((part) =>
    button(partActionId(part), part === 'suggestions' && o.suggestionCount > 1 ? `${PART_LABELS[part]} (${o.suggestionCount})` : PART_LABELS[part], o.jobId),
  );
  buttons.push(button(FEEDBACK_ACTION.right, '👍 Right', o.jobId), button(FEEDBACK_ACTION.wrong, '👎 Wrong', o.jobId));
  return actions(buttons, 'oom_reply_actions');
}
