/**
 * Messages: pastes, uploads (`file_share`), thread broadcasts, and in incident channels also
 * bot/integration messages. Detect an OOM signature or a log file, react 👀, enqueue; nothing else.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { jobIdForMessage } from '../../queue/job-id.js';
import { newAnalysisJob } from '../../queue/new-analysis-job.js';
import type { ListenerDeps } from '../listener-deps.js';
import { looksLikeOomLog } from '../looks-like-oom-log.js';
import { messageText } from '../message-text.js';
import { pickLogFiles } from '../pick-log-files.js';
import { enqueueAndReact } from '../enqueue-and-react.js';
import { SlackAlertMessage } from '../../analysis/alerts/alert-facts.js';
import { readAlert } from '../../analysis/alerts/read-alert.js';

const MessageEvent = z
  .object({
    channel: z.string().min(1),
    ts: z.string().min(1),
    thread_ts: z.string().optional(),
    subtype: z.string().optional(),
    channel_type: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    files: z.array(z.unknown()).optional(),
  })
  .loose();

export const DM_HELP = [
  'I found no OOM-killer lines in that. Paste a log here or upload the file (`.log`, `.txt`, `.gz`), and I answer in its thread:',
  '• `dmesg -T`, `/var/log/kern.log`, `journalctl -k` around "invoked oom-killer" / "Killed process"',
  '• `kubectl describe pod` of an OOMKilled container',
  '• Apache Doris `be.INFO` with its memory summary',
].join('\n');

/** Subtypes that carry new content; edits, deletions, joins and the like are not looked at. */
const CONTENT_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast', 'bot_message']);

export function register(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, body, context, client }) => {
    const parsed = MessageEvent.safeParse(event);
    if (!parsed.success) return;
    const ev = parsed.data;
    if (!CONTENT_SUBTYPES.has(ev.subtype)) return;
    // Never our own messages (Bolt's ignoreSelf covers most; this covers every shape).
    if ((context.botId && ev.bot_id === context.botId) || (context.botUserId && ev.user === context.botUserId)) return;
    const incident = deps.config.incidentChannels.includes(ev.channel);
    const fromBot = ev.subtype === 'bot_message' || ev.bot_id !== undefined;
    if (fromBot && !incident) return;

    const text = messageText(ev);
    const files = pickLogFiles(ev.files);
    // An integration's message in an incident channel is read as an alert first (text, attachments,
    // blocks): one that names an OOM kill is answered from its facts, one that names none gets
    // nothing, not even 👀 (its words may still match a log signature: "OOMKilled" in a rule list).
    const alertMessage = incident && fromBot ? SlackAlertMessage.safeParse(event) : null;
    const alert = alertMessage?.success ? readAlert(alertMessage.data) : null;
    if (files.length === 0 && (alert !== null ? !alert.aboutOomKill : !looksLikeOomLog(text))) {
      // In a DM with the bot every message is for it: say what it can read instead of staying silent.
      if (ev.channel_type === 'im' && !fromBot && ev.subtype === undefined && ev.user) {
        await deps.poster.chat.postMessage({ channel: ev.channel, text: DM_HELP }).catch(() => undefined);
      }
      return;
    }

    const teamId = context.teamId ?? (typeof body.team_id === 'string' ? body.team_id : null);
    const job = newAnalysisJob({
      trigger: incident && fromBot ? 'incident' : files.length > 0 ? 'upload' : 'paste',
      teamId,
      channel: ev.channel,
      source: { kind: 'inline', text, files, ...(alert?.aboutOomKill && alertMessage?.success ? { alert: alertMessage.data } : {}) },
      reply: { kind: 'thread', threadTs: ev.thread_ts ?? ev.ts },
      reactTs: ev.ts,
      broadcast: incident,
      explicit: false,
      requestedBy: ev.user ?? null,
    });
    await enqueueAndReact(client, deps, jobIdForMessage(teamId, ev.channel, ev.ts, files.map((f) => f.id)), job);
  });
}
