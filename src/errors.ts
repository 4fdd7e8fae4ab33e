/**
 * Errors the user can act on, each with a string code and the sentence the user reads.
 * Workers throw `UnrecoverableError` (BullMQ) for these when retrying cannot help.
 */
export const ERROR_MESSAGES = {
  file_too_large: 'The file is larger than the limit this bot downloads',
  missing_files_read_scope:
    "Slack sent its sign-in page instead of the file: the app is missing the `files:read` scope. Add it in the app's OAuth settings and reinstall the app",
  file_host_not_allowed: 'The file download was redirected to a host that is not Slack’s, so it was not followed',
  file_download_failed: 'The file could not be downloaded from Slack',
  too_many_redirects: 'The file download was redirected too many times',
  cannot_read_channel: 'I can’t read that channel. Invite me there (`/invite @oom-triage`) and try again',
  message_not_found: 'I could not find that message',
  queue_unavailable: 'The analysis queue is unreachable right now, so this message was not queued. Please try again in a minute',
  bad_job: 'This request could not be read',
  slack_unavailable: 'Slack did not accept my reply after several tries',
  worker_died: 'The analysis was cut off more than once (the process running it stopped, perhaps out of memory), so it was not tried again',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export class TriageError extends Error {
  readonly code: ErrorCode;
  /** Whether trying again later could help (network, 5xx), as opposed to bad input. */
  readonly transient: boolean;
  constructor(code: ErrorCode, detail?: string, options: { transient?: boolean; cause?: unknown } = {}) {
    super(detail ? `${ERROR_MESSAGES[code]} (${detail})` : ERROR_MESSAGES[code], { cause: options.cause });
    this.name = 'TriageError';
    this.code = code;
    this.transient = options.transient ?? false;
  }
}

/** What the user reads for any error: our own sentence, or a generic one that leaks no internals. */
export function userMessageFor(err: unknown): string {
  if (err instanceof TriageError) return err.message;
  return 'Something went wrong while analysing this log';
}
