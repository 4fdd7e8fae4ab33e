/**
 * Message shortcut "Analyze OOM": that message's text, attachments and files, the reply in its
 * thread. A message that reads as an OOM alert (an integration's legacy attachments: pretext, text,
 * fields) travels with the job as the alert, so it is answered from the alert's facts as in an
 * incident channel, instead of "no kill found" in text that holds no kernel log.
 */
import type { App, MessageShortcut } from '@slack/bolt';
import { jobIdForInteraction } from '../../queue/job-id.js';
import type { AnalysisJob } from '../../queue/job-schema.js';
import type { ListenerDeps } from '../listener-deps.js';
import { messageText } from '../message-text.js';
import { pickLogFiles } from '../pick-log-files.js';
import { enqueueAndReact } from '../enqueue-and-react.js';
import { SlackAlertMessage } from '../../analysis/alerts/alert-facts.js';
import { readOomAlert } from '../../analysis/alerts/read-alert.js';

export const SHORTCUT_CALLBACK_ID = 'analyze_oom';

export function register(app: App, deps: ListenerDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_CALLBACK_ID, type: 'message_action' }, async ({ shortcut, ack, client }) => {
    await ack();
    const message = shortcut.message as unknown as Record<string, unknown>;
    const ts = shortcut.message.ts;
    const threadTs = typeof message['thread_ts'] === 'string' ? message['thread_ts'] : ts;
    const teamId = shortcut.team?.id ?? null;
    const alertMessage = SlackAlertMessage.safeParse(message);
    const alert = alertMessage.success && readOomAlert(alertMessage.data) !== null ? alertMessage.data : null;
    const job: AnalysisJob = {
      v: 1,
      trigger: 'shortcut',
      teamId,
      channel: shortcut.channel.id,
      source: { kind: 'inline', text: messageText(message), files: pickLogFiles(message['files']), ...(alert ? { alert } : {}) },
      reply: { kind: 'thread', threadTs },
      reactTs: ts,
      broadcast: false,
      explicit: true,
      requestedBy: shortcut.user.id,
      responseUrl: shortcut.response_url,
    };
    await enqueueAndReact(client, deps, jobIdForInteraction('shortcut', teamId, job.channel, shortcut.trigger_id), job);
  });
}
