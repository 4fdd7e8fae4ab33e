/**
 * The reply's buttons. Part buttons (Evidence, All suggestions, Memory, Full report) enqueue a part
 * job — its id is the reply's and the part's, so pressing twice adds it once — and the worker posts
 * it in the thread from the stored report. Right/Wrong are counted (oom_triage_feedback_total, once
 * per person and reply) and logged with the job id; Wrong opens a small form. Nothing is held in
 * this process: the button's value names the job.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { jobIdForInteraction } from '../../queue/job-id.js';
import { FEEDBACK_ACTION, partOfAction, PART_ACTION_PREFIX } from '../../render/slack/reply-actions.js';
import { userMessageFor } from '../../errors.js';
import { FEEDBACK_ACTION_ID, FEEDBACK_BLOCK_ID, FEEDBACK_CALLBACK_ID, FeedbackMetadata, feedbackModal } from '../feedback-modal.js';
import type { ListenerDeps } from '../listener-deps.js';

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${PART_ACTION_PREFIX}`), async ({ ack, body, action, respond }) => {
    await ack();
    const part = partOfAction(action.action_id);
    const channel = body.channel?.id ?? body.container?.channel_id;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const threadTs = message?.thread_ts ?? message?.ts;
    if (!part || !channel || !threadTs || !action.value) return;
    const teamId = body.team?.id ?? null;
    const jobId = jobIdForInteraction(`part-${part}`, teamId, channel, action.value);
    try {
      await deps.enqueuer.enqueuePart(jobId, { v: 1, jobId: action.value, part, teamId, channel, threadTs, user: body.user.id, responseUrl: body.response_url ?? null });
      deps.log.info({ jobId, reportJobId: action.value, part, user: body.user.id }, 'button pressed');
    } catch (err) {
      deps.log.error({ jobId, err: err instanceof Error ? err.message : String(err) }, 'enqueue failed');
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${userMessageFor(err)}.` }).catch(() => undefined);
    }
  });

  for (const [verdict, actionId] of Object.entries(FEEDBACK_ACTION)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const jobId = action.value ?? '';
      const channel = body.channel?.id ?? body.container?.channel_id ?? '';
      const first = deps.feedback ? await deps.feedback.record(jobId, body.user.id, verdict).catch(() => true) : true;
      if (first) deps.metrics.feedback.inc({ verdict });
      deps.log.info({ reportJobId: jobId, verdict, user: body.user.id, first }, 'feedback');
      if (verdict === 'wrong' && body.trigger_id) {
        await client.views.open({ trigger_id: body.trigger_id, view: feedbackModal({ jobId, channel }) }).catch((err: unknown) => {
          deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'feedback form not opened');
        });
      } else {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'Thanks — noted.' }).catch(() => undefined);
      }
    });
  }

  app.view(FEEDBACK_CALLBACK_ID, async ({ ack, view, body }) => {
    await ack();
    const meta = FeedbackMetadata.safeParse((() => {
      try {
        return JSON.parse(view.private_metadata) as unknown;
      } catch {
        return null;
      }
    })());
    const text = view.state.values[FEEDBACK_BLOCK_ID]?.[FEEDBACK_ACTION_ID]?.value ?? '';
    deps.log.info({ reportJobId: meta.success ? meta.data.jobId : null, verdict: 'wrong', user: body.user.id, what: text.slice(0, 1000) }, 'feedback: what was wrong');
  });
}
