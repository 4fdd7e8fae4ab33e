/**
 * `/oom analyze [text | message link]`, `/oom history [query]` and `/oom help`: ack at once
 * (ephemeral), then enqueue, open the modal, or answer the history privately.
 */
import type { App } from '@slack/bolt';
import { jobIdForInteraction } from '../../queue/job-id.js';
import { newAnalysisJob } from '../../queue/new-analysis-job.js';
import { userMessageFor } from '../../errors.js';
import { analyzeModal } from '../analyze-modal.js';
import type { ListenerDeps } from '../listener-deps.js';
import { parseOomCommand, USAGE } from '../parse-oom-command.js';
import { rateLimitNotice } from '../rate-limiter.js';
import { admitAndEnqueue } from '../admit-and-enqueue.js';
import { answerHistoryCommand } from '../../history/answer-history-command.js';

export function register(app: App, deps: ListenerDeps): void {
  app.command('/oom', async ({ command, ack, client, respond }) => {
    const parsed = parseOomCommand(command.text ?? '');
    const teamId = command.team_id ?? null;
    switch (parsed.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', text: USAGE });
        return;
      case 'unknown':
        await ack({ response_type: 'ephemeral', text: `I don't know \`${parsed.word.replace(/[`<>&]/g, '')}\`.\n${USAGE}` });
        return;
      case 'history': {
        if (!deps.history) {
          await ack({ response_type: 'ephemeral', text: 'The kill history is turned off for this app (HISTORY_RETENTION_DAYS=0).' });
          return;
        }
        // Reading Redis and asking Slack who may see what can take longer than the 3 s an ack may.
        await ack();
        const text = await answerHistoryCommand(deps.history, { team: teamId ?? 'no-team', user: command.user_id, query: parsed.query }).catch((err: unknown) => {
          deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'history command failed');
          return ':warning: The kill history could not be read just now; try again in a minute.';
        });
        await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
        return;
      }
      case 'analyze_modal':
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: analyzeModal({ channel: command.channel_id, responseUrl: command.response_url }) });
        return;
      case 'analyze_text':
      case 'analyze_link': {
        const isLink = parsed.kind === 'analyze_link';
        const asked = { teamId, explicit: true, requestedBy: command.user_id, responseUrl: command.response_url } as const;
        const job = isLink
          ? newAnalysisJob({
              ...asked,
              trigger: 'link',
              channel: parsed.link.channel,
              source: { kind: 'message', ts: parsed.link.ts, threadTs: parsed.link.threadTs },
              reply: { kind: 'source_thread' },
              reactTs: parsed.link.ts,
            })
          : newAnalysisJob({ ...asked, trigger: 'command', channel: command.channel_id, source: { kind: 'inline', text: parsed.text, files: [] }, reply: { kind: 'new_root' } });
        const jobId = jobIdForInteraction(isLink ? 'link' : 'cmd', teamId, job.channel, command.trigger_id);
        // The rate limit is checked before the ack, so a refusal is the ack itself (one Redis round
        // trip, bounded); the ack goes before the job, within Slack's 3 seconds whatever the queue
        // does. While the queue is unreachable the job is held and queued when it is back; the person
        // is told privately only if that never happens.
        await admitAndEnqueue(deps, jobId, job, {
          refused: (refusal) => ack({ response_type: 'ephemeral', text: rateLimitNotice(refusal) }),
          admitted: () =>
            ack({
              response_type: 'ephemeral',
              text: isLink ? 'Analysing that message… the report will appear in its thread.' : 'Analysing… the report will appear in this channel.',
            }),
          notQueued: (err) => respond({ response_type: 'ephemeral', text: `:warning: ${userMessageFor(err)}.` }).then(() => undefined, () => undefined),
        });
        return;
      }
    }
  });
}
