/**
 * The analysis job: plain JSON that the listeners enqueue and the worker parses with this same
 * schema. One `channel` field for both the input and the reply, so a report can only ever be posted
 * into the channel its input came from.
 */
import { z } from 'zod';
import { SlackAlertMessage } from '../analysis/alerts/alert-facts.js';

export const SlackFileRef = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  /** Bytes, as Slack reports it; null when the event did not say (Slack Connect `file_access`). */
  size: z.number().int().nonnegative().nullable(),
  mimetype: z.string().nullable(),
  filetype: z.string().nullable(),
  urlPrivateDownload: z.string().nullable(),
});
export type SlackFileRef = z.infer<typeof SlackFileRef>;

export const JobSource = z.discriminatedUnion('kind', [
  /** Text (and files) carried in the job: pastes, uploads, commands, modal submissions, shortcuts. */
  z.object({
    kind: z.literal('inline'),
    text: z.string(),
    files: z.array(SlackFileRef),
    /**
     * The message as an integration posted it (text, attachments, blocks), when it reads as an OOM
     * alert (incident channels): the worker reads the alert's facts from it. Absent otherwise.
     */
    alert: SlackAlertMessage.optional(),
  }),
  /** A message the worker fetches first: message links, mentions in a thread. */
  z.object({ kind: z.literal('message'), ts: z.string().min(1), threadTs: z.string().nullable() }),
]);
export type JobSource = z.infer<typeof JobSource>;

export const AnalysisJob = z.object({
  v: z.literal(1),
  /** What started it, for logs and metrics. */
  trigger: z.enum(['paste', 'upload', 'incident', 'command', 'modal', 'link', 'shortcut', 'mention']),
  teamId: z.string().nullable(),
  channel: z.string().min(1),
  source: JobSource,
  /**
   * Where the report goes: `thread` replies under `threadTs`; `new_root` posts a verdict message in
   * the channel and the details in its thread (commands, modals); for `message` sources the thread is
   * the fetched message's.
   */
  reply: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('thread'), threadTs: z.string().min(1) }),
    z.object({ kind: z.literal('new_root') }),
    z.object({ kind: z.literal('source_thread') }),
  ]),
  /** Message whose 👀 becomes 📝 (or ⚠️). */
  reactTs: z.string().nullable(),
  /** Also broadcast the one-line verdict to the channel (incident channels). */
  broadcast: z.boolean(),
  /** A person asked for this: say so when nothing is found (passive triggers stay silent). */
  explicit: z.boolean(),
  requestedBy: z.string().nullable(),
  /** Slash-command/shortcut response_url, for ephemeral notes to the person who asked. */
  responseUrl: z.string().nullable(),
});
export type AnalysisJob = z.infer<typeof AnalysisJob>;

/** Job name of a button press that posts a part of an earlier reply (the analysis jobs are named 'analyse'). */
export const PART_JOB_NAME = 'part';

/** A button under a reply was pressed: post that part of the stored report in the reply's thread. */
export const PartJob = z.object({
  v: z.literal(1),
  /** The analysis job whose report is asked for (the button's value). */
  jobId: z.string().min(1).max(200),
  part: z.enum(['evidence', 'suggestions', 'memory', 'report']),
  teamId: z.string().nullable(),
  /** Where the button was: the part goes only there, and only if the report was posted there. */
  channel: z.string().min(1),
  threadTs: z.string().min(1),
  user: z.string().nullable(),
  responseUrl: z.string().nullable(),
});
export type PartJob = z.infer<typeof PartJob>;
