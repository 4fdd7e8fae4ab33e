/**
 * Shares a file (the full report, the chart) in a thread at most once per job and part, the way
 * Slack asks apps to upload now: files.getUploadURLExternal → POST the bytes to that URL →
 * files.completeUploadExternal with the channel and thread. The file stays inside Slack's access
 * control: only members of the channel see it. A retry after a crash between the upload and the
 * "posted" marker looks for the file in the thread (its name carries the job's id) before uploading.
 */
import type { WebClient } from '@slack/web-api';
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
  client: WebClient;
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
    const found = await findUploaded(o, file.filename).catch(() => null);
    if (found) {
      await o.posted.remember(o.jobId, o.part, found);
      return found;
    }
  }
  const target = await o.client.files.getUploadURLExternal({ filename: file.filename, length: file.bytes.byteLength });
  const uploadUrl = target.upload_url ? new URL(target.upload_url) : null;
  if (!uploadUrl || !target.file_id) throw new TriageError('slack_unavailable', 'no upload URL', { transient: true });
  // The bytes go only to Slack's own upload host.
  if (!isAllowedSlackUrl(uploadUrl, o.extraHosts)) throw new TriageError('file_host_not_allowed', uploadUrl.hostname);
  const res = await (o.fetch ?? fetch)(uploadUrl, { method: 'POST', body: file.bytes, headers: { 'content-type': 'application/octet-stream' } });
  await res.body?.cancel();
  if (!res.ok) throw new TriageError('slack_unavailable', `upload answered ${res.status}`, { transient: true });
  await o.client.files.completeUploadExternal({ files: [{ id: target.file_id, title: file.title }], channel_id: o.channel, thread_ts: o.thread });
  await o.posted.remember(o.jobId, o.part, target.file_id);
  o.log.info({ part: o.part, fileId: target.file_id, bytes: file.bytes.byteLength }, 'file shared in the thread');
  return target.file_id;
}

async function findUploaded(o: UploadOptions, filename: string): Promise<string | null> {
  const res = await o.client.conversations.replies({ channel: o.channel, ts: o.thread, limit: 200 });
  for (const m of res.messages ?? []) {
    for (const f of (m as { files?: Array<{ id?: string; name?: string }> }).files ?? []) if (f.name === filename && f.id) return f.id;
  }
  return null;
}
