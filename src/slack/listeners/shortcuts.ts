/** Message shortcut "Analyze OOM": that message's text and files, the reply in its thread. */
import type { App, MessageShortcut } from '@slack/bolt';
import { jobIdForInteraction } from '../../queue/job-id.js';
import { newAnalysisJob } from '../../queue/new-analysis-job.js';
import type { ListenerDeps } from '../listener-deps.js';
import { messageText } from '../message-text.js';
import { pickLogFiles } from '../pick-log-files.js';
import { enqueueAndReact } from '../enqueue-and-react.js';

export const SHORTCUT_CALLBACK_ID = 'analyze_oom';

export function register(app: App, deps: ListenerDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_CALLBACK_ID, type: 'message_action' }, async ({ shortcut, ack, client }) => {
    await ack();
    const message = shortcut.message as unknown as Record<string, unknown>;
    const ts = shortcut.message.ts;
    const threadTs = typeof message['thread_ts'] === 'string' ? message['thread_ts'] : ts;
    const teamId = shortcut.team?.id ?? null;
    const job = newAnalysisJob({
      trigger: 'shortcut',
      teamId,
      channel: shortcut.channel.id,
      source: { kind: 'inline', text: messageText(message), files: pickLogFiles(message['files']) },
      reply: { kind: 'thread', threadTs },
      reactTs: ts,
      explicit: true,
      requestedBy: shortcut.user.id,
      responseUrl: shortcut.response_url,
    });
    await enqueueAndReact(client, deps, jobIdForInteraction('shortcut', teamId, job.channel, shortcut.trigger_id), job);
  });
}
