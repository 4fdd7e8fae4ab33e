/**
 * The "Analyze a log" form (`/oom analyze` with nothing, the Home tab's button): the log pasted as
 * text — Slack caps a text box at 3,000 characters, and the form says so before anyone hits it — or
 * attached as a file (a `file_input`). The channel the report goes to rides in private_metadata.
 */
import { z } from 'zod';

export const MODAL_CALLBACK_ID = 'oom_analyze_modal';
export const MODAL_BLOCK_ID = 'log';
export const MODAL_ACTION_ID = 'text';
export const MODAL_FILE_BLOCK_ID = 'file';
export const MODAL_FILE_ACTION_ID = 'file';
/** Slack's own maximum for a plain_text_input. */
export const MODAL_TEXT_LIMIT = 3000;

export const ModalMetadata = z.object({
  channel: z.string().regex(/^[CDG][A-Z0-9]{2,30}$/),
  /** The command's response_url: answers a channel the bot is not in. */
  responseUrl: z.string().url().max(500).optional(),
});
export type ModalMetadata = z.infer<typeof ModalMetadata>;

export function analyzeModal(meta: ModalMetadata, maxFileMiB = 50) {
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
        optional: true,
        label: { type: 'plain_text' as const, text: 'Paste the log (dmesg, kern.log, journalctl -k, kubectl describe, be.INFO)' },
        hint: { type: 'plain_text' as const, text: `Up to ${MODAL_TEXT_LIMIT.toLocaleString('en-US')} characters. A longer log? Attach it as a file below.` },
        element: {
          type: 'plain_text_input' as const,
          action_id: MODAL_ACTION_ID,
          multiline: true,
          max_length: MODAL_TEXT_LIMIT,
          placeholder: { type: 'plain_text' as const, text: 'The lines around "invoked oom-killer" / "Killed process"…' },
        },
      },
      {
        type: 'input' as const,
        block_id: MODAL_FILE_BLOCK_ID,
        optional: true,
        label: { type: 'plain_text' as const, text: '…or attach the log file' },
        hint: { type: 'plain_text' as const, text: `.log, .txt or .gz, up to ${maxFileMiB} MiB.` },
        element: { type: 'file_input' as const, action_id: MODAL_FILE_ACTION_ID, max_files: 1 },
      },
    ],
  };
}
