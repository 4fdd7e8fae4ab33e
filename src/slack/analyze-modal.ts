/** The `/oom analyze` modal: one multi-line input; the origin channel rides in private_metadata. */
import { z } from 'zod';

export const MODAL_CALLBACK_ID = 'oom_analyze_modal';
export const MODAL_BLOCK_ID = 'log';
export const MODAL_ACTION_ID = 'text';

export const ModalMetadata = z.object({ channel: z.string().regex(/^[CDG][A-Z0-9]{2,30}$/) });
export type ModalMetadata = z.infer<typeof ModalMetadata>;

export function analyzeModal(meta: ModalMetadata) {
  return {
    type: 'modal' as const,
    callback_id: MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: 'Analyze OOM log' },
    submit: { type: 'plain_text' as const, text: 'Analyze' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input' as const,
        block_id: MODAL_BLOCK_ID,
        label: { type: 'plain_text' as const, text: 'dmesg / kern.log / journalctl -k / be.INFO text' },
        element: {
          type: 'plain_text_input' as const,
          action_id: MODAL_ACTION_ID,
          multiline: true,
          max_length: 3000,
          placeholder: { type: 'plain_text' as const, text: 'Paste the lines around "invoked oom-killer" / "Killed process"…' },
        },
      },
    ],
  };
}
