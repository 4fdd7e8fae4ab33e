/**
 * Shares a file (the full report, the chart) in a thread at most once per job and part, the way
 * Slack asks apps to upload now: files.getUploadURLExternal → POST the bytes to that URL →
 * files.completeUploadExternal with the channel and thread. The file stays inside Slack's access
 * control: only members of the channel see it. A retry after a crash between the upload and the
 * "posted" marker looks for the file in the thread (its name carries the job's id) before uploading.
 * Sharing it (files.completeUploadExternal) goes through the client that never retries
 * (slack-clients.ts), so a share Slack took but answered badly is found here, not made twice; a look
 * that fails for a reason that may pass fails this try instead of uploading blind.
 */
import type { SlackClients } from '../slack/slack-clients.js';
import { isTransient } from './is-transient.js';
import type { Logger } from '../logger.js';
import { isAllowedSlackUrl } from '../slack/slack-hosts.js';
import { TriageError } from '../errors.js';
import type { PostedParts } from './posted-parts-store.js';

export interface UploadFile {
  /** Unique per job: a retry finds an earlier upload by it. */
  filename: string;
  title: string;
  bytes: Uint8Array;
}

export interface UploadOptions {
  /** `read` asks for the upload URL and looks for an earlier share, `post` shares (never retried by the client). */
  slack: SlackClients;
  posted: PostedParts;
  jobId: string;
  part: string;
  channel: string;
  thread: string;
  extraHosts: readonly string[];
  fetch?: typeof fetch;
  log: Logger;
}

export async function uploadFileOnce(file: UploadFile, o: UploadOptions): Promise<string> {
  const start = await o.posted.begin(o.jobId, o.part, Math.floor(Date.now() / 1000));
  if (start.kind === 'posted') return start.ts;
  if (start.kind === 'intent') {
    const found = await findUploaded(o, file.filename).catch((err: unknown) => {
      if (isTransient(err)) throw err;
      return null;
    });
    if (found) {
      await o.posted.remember(o.jobId, o.part, found);
      return found;
    }
  }
  const target = await o.slack.read.files.getUploadURLExternal({ filename: file.filename, length: file.bytes.byteLength });
  const uploadUrl = target.upload_url ? new URL(target.upload_url) : null;
  if (!uploadUrl || !target.file_id) throw new TriageError('slack_unavailable', 'no upload URL', { transient: true });
  // The bytes go only to Slack's own upload host.
  if (!isAllowedSlackUrl(uploadUrl, o.extraHosts)) throw new TriageError('file_host_not_allowed', uploadUrl.hostname);
  const res = await (o.fetch ?? fetch)(uploadUrl, { method: 'POST', body: file.bytes, headers: { 'content-type': 'application/octet-stream' } });
  await res.body?.cancel();
  if (!res.ok) throw new TriageError('slack_unavailable', `upload answered ${res.status}`, { transient: true });
  await o.slack.post.files.completeUploadExternal({ files: [{ id: target.file_id, title: file.title }], channel_id: o.channel, thread_ts: o.thread });
  await o.posted.remember(o.jobId, o.part, target.file_id);
  o.log.info({ part: o.part, fileId: target.file_id, bytes: file.bytes.byteLength }, 'file shared in the thread');
  return target.file_id;
}

async function findUploaded(o: UploadOptions, filename: string): Promise<string | null> {
  const res = await o.slack.read.conversations.replies({ channel: o.channel, ts: o.thread, limit: 200 });
  for (const m of res.messages ?? []) {
    for (const f of (m as { files?: Array<{ id?: string; name?: string }> }).files ?? []) if (f.name === filename && f.id) return f.id;
  }
  return null;
}
