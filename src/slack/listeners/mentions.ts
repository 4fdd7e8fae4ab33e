/**
 * `@oom-triage` in a thread → the thread's root message and its files; a mention that itself carries
 * a log → that message (same job id as the message listener's, so one reply); otherwise usage.
 */
import type { App } from '@slack/bolt';
import { jobIdForInteraction, jobIdForMessage } from '../../queue/job-id.js';
import { newAnalysisJob } from '../../queue/new-analysis-job.js';
import type { ListenerDeps } from '../listener-deps.js';
import { looksLikeOomLog } from '../looks-like-oom-log.js';
import { messageText } from '../message-text.js';
import { pickLogFiles } from '../pick-log-files.js';
import { USAGE } from '../parse-oom-command.js';
import { enqueueAndReact } from '../enqueue-and-react.js';

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, context, client }) => {
    if (context.botUserId && event.user === context.botUserId) return;
    const teamId = context.teamId ?? null;
    const raw = event as unknown as Record<string, unknown>;
    const text = messageText(raw);
    const files = pickLogFiles(raw['files']);
    const threadTs = event.thread_ts && event.thread_ts !== event.ts ? event.thread_ts : null;
    const asked = { trigger: 'mention', teamId, channel: event.channel, explicit: true, requestedBy: event.user ?? null } as const;

    if (files.length > 0 || looksLikeOomLog(text)) {
      const job = newAnalysisJob({ ...asked, source: { kind: 'inline', text, files }, reply: { kind: 'thread', threadTs: threadTs ?? event.ts }, reactTs: event.ts });
      await enqueueAndReact(client, deps, jobIdForMessage(teamId, event.channel, event.ts, files.map((f) => f.id)), job);
      return;
    }
    if (threadTs) {
      const job = newAnalysisJob({ ...asked, source: { kind: 'message', ts: threadTs, threadTs: null }, reply: { kind: 'source_thread' }, reactTs: threadTs });
      await enqueueAndReact(client, deps, jobIdForInteraction('mention', teamId, event.channel, event.ts), job);
      return;
    }
    if (event.user) {
      await deps.poster.chat.postEphemeral({ channel: event.channel, user: event.user, text: USAGE }).catch(() => undefined);
    }
  });
}
