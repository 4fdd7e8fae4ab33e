/**
 * Deterministic BullMQ job ids from Slack ids, so a retried event (same channel/ts) adds nothing.
 * BullMQ forbids `:` in custom ids and ids that look like integers; everything outside
 * [A-Za-z0-9_-] becomes `_`, and a kind prefix keeps ids non-numeric.
 */
import { createHash } from 'node:crypto';

const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** One id per Slack message (and its files): every listener that analyses the message uses it. */
export function jobIdForMessage(teamId: string | null, channel: string, ts: string, fileIds: string[] = []): string {
  const files = fileIds.length === 0 ? '' : `-f${shortHash([...fileIds].sort().join(','))}`;
  return `msg-${safe(teamId ?? 'T')}-${safe(channel)}-${safe(ts)}${files}`;
}

/** One id per interaction (slash command, shortcut, modal submission, mention): trigger_id / event ids are unique. */
export function jobIdForInteraction(kind: string, teamId: string | null, channel: string, uniqueId: string): string {
  return `${safe(kind)}-${safe(teamId ?? 'T')}-${safe(channel)}-${shortHash(uniqueId)}`;
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}
