/** The small form *Wrong* opens: what was wrong with the analysis (optional text), logged with the job id. */
import { z } from 'zod';

export const FEEDBACK_CALLBACK_ID = 'oom_feedback_modal';
export const FEEDBACK_BLOCK_ID = 'what';
export const FEEDBACK_ACTION_ID = 'text';

export const FeedbackMetadata = z.object({ jobId: z.string().min(1).max(200), channel: z.string().min(1) });
export type FeedbackMetadata = z.infer<typeof FeedbackMetadata>;

export function feedbackModal(meta: FeedbackMetadata) {
  return {
    type: 'modal' as const,
    callback_id: FEEDBACK_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: 'What was wrong?' },
    submit: { type: 'plain_text' as const, text: 'Send' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input' as const,
        block_id: FEEDBACK_BLOCK_ID,
        optional: true,
        label: { type: 'plain_text' as const, text: 'The cause, the numbers, the suggestions…?' },
        element: { type: 'plain_text_input' as const, action_id: FEEDBACK_ACTION_ID, multiline: true, max_length: 1000 },
      },
    ],
  };
}
