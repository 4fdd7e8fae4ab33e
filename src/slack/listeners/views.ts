/** The modal's submission: the pasted text goes to the channel the command came from. */
import type { App } from '@slack/bolt';
import { jobIdForInteraction } from '../../queue/job-id.js';
import { newAnalysisJob } from '../../queue/new-analysis-job.js';
import { userMessageFor } from '../../errors.js';
import { MODAL_ACTION_ID, MODAL_BLOCK_ID, MODAL_CALLBACK_ID, MODAL_FILE_ACTION_ID, MODAL_FILE_BLOCK_ID, ModalMetadata } from '../analyze-modal.js';
import { pickLogFiles } from '../pick-log-files.js';
import type { ListenerDeps } from '../listener-deps.js';
import { rateLimitNotice } from '../rate-limiter.js';
import { admitAndEnqueue } from '../admit-and-enqueue.js';

export function register(app: App, deps: ListenerDeps): void {
  app.view(MODAL_CALLBACK_ID, async ({ ack, view, body }) => {
    const text = view.state.values[MODAL_BLOCK_ID]?.[MODAL_ACTION_ID]?.value ?? '';
    // A file_input's state carries the uploaded files (Slack file objects).
    const attached = (view.state.values[MODAL_FILE_BLOCK_ID]?.[MODAL_FILE_ACTION_ID] as { files?: unknown } | undefined)?.files;
    const files = pickLogFiles(attached);
    if (text.trim() === '' && files.length === 0) {
      const error = Array.isArray(attached) && attached.length > 0 ? 'That file does not look like a log (.log, .txt, .gz).' : 'Paste a log or attach a file to analyse.';
      await ack({ response_action: 'errors', errors: { [Array.isArray(attached) && attached.length > 0 ? MODAL_FILE_BLOCK_ID : MODAL_BLOCK_ID]: error } });
      return;
    }
    let meta: ModalMetadata;
    try {
      meta = ModalMetadata.parse(JSON.parse(view.private_metadata));
    } catch {
      await ack({ response_action: 'errors', errors: { [MODAL_BLOCK_ID]: 'This form lost track of its channel; run /oom analyze again.' } });
      return;
    }
    const teamId = body.team?.id ?? null;
    const jobId = jobIdForInteraction('modal', teamId, meta.channel, view.id);
    const job = newAnalysisJob({
      trigger: 'modal',
      teamId,
      channel: meta.channel,
      source: { kind: 'inline', text, files },
      reply: { kind: 'new_root' },
      explicit: true,
      requestedBy: body.user.id,
      responseUrl: meta.responseUrl ?? null,
    });
    // Held while the queue is unreachable; the person is told privately only if it is never queued.
    await admitAndEnqueue(deps, jobId, job, {
      // Shown under the text box, so the pasted log is not lost.
      refused: (refusal) => ack({ response_action: 'errors', errors: { [MODAL_BLOCK_ID]: rateLimitNotice(refusal).replace(/^:hourglass_flowing_sand: /, '') } }),
      admitted: () => ack(),
      notQueued: async (err) => {
        await deps.poster.chat.postEphemeral({ channel: meta.channel, user: body.user.id, text: `:warning: ${userMessageFor(err)}.` }).catch(() => undefined);
      },
    });
  });
}
