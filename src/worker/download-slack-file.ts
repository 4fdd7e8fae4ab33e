/**
 * Streams one Slack file into a consumer (the analyser): size checked first, the bot token sent
 * only to Slack hosts with redirects followed by hand (fetch drops Authorization on a cross-origin
 * redirect, and we must not send it anywhere else), Slack's HTML sign-in page recognised, gzip
 * detected by its magic bytes and the cap applied to the decompressed bytes.
 */
import { Readable } from 'node:stream';
import { gunzipIfCompressed, isGzip } from '../io/gunzip-if-compressed.js';
import { TriageError } from '../errors.js';
import type { SlackFileRef } from '../queue/job-schema.js';
import { formatBytes } from '../analysis/units.js';
import { isAllowedSlackUrl } from '../slack/slack-hosts.js';

export interface DownloadOptions {
  token: string;
  /** Largest file, and largest decompressed content, in bytes. */
  maxBytes: number;
  extraHosts: readonly string[];
  /** Redirect hops followed before giving up. Default 3. */
  maxHops?: number;
  fetch?: typeof fetch;
  /** Aborts the download (job shutdown). */
  signal?: AbortSignal;
}

export interface DownloadResult {
  /** Bytes handed to `onChunk` (decompressed). */
  bytes: number;
  gzipped: boolean;
}

export async function downloadSlackFile(
  file: SlackFileRef,
  onChunk: (chunk: Uint8Array) => void,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const name = file.name ?? file.id;
  if (file.size !== null && file.size > options.maxBytes) throw tooLarge(name, options.maxBytes, file.size);
  if (!file.urlPrivateDownload) throw new TriageError('file_download_failed', `${name} has no download URL`);

  const response = await fetchFollowingSlackRedirects(file.urlPrivateDownload, options);
  const body = response.body;
  if (!body) throw new TriageError('file_download_failed', `${name}: empty response`);

  const reader = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  let first: Buffer | null = null;
  let source: AsyncIterable<Buffer> = reader;
  let gzipped = false;
  let bytes = 0;
  let downloaded = 0;
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();

  try {
    const iterator = reader[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head = await iterator.next();
    if (head.done) return { bytes: 0, gzipped: false };
    first = head.value;
    downloaded += first.length;
    if (contentType.startsWith('text/html') || looksLikeHtml(first)) {
      throw new TriageError('missing_files_read_scope');
    }
    gzipped = isGzip(first);
    const rest = (async function* () {
      yield first as Buffer;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        downloaded += next.value.length;
        if (downloaded > options.maxBytes) throw tooLarge(name, options.maxBytes, null);
        yield next.value;
      }
    })();
    source = gunzipIfCompressed(rest);
    for await (const chunk of source) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) throw tooLarge(name, options.maxBytes, null);
      onChunk(chunk);
    }
    return { bytes, gzipped };
  } catch (err) {
    if (err instanceof TriageError) throw err;
    throw new TriageError('file_download_failed', `${name}: ${err instanceof Error ? err.message : String(err)}`, { transient: !gzipped, cause: err });
  } finally {
    reader.destroy();
  }
}

async function fetchFollowingSlackRedirects(start: string, options: DownloadOptions): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  const maxHops = options.maxHops ?? 3;
  let url: URL;
  try {
    url = new URL(start);
  } catch {
    throw new TriageError('file_download_failed', 'malformed download URL');
  }
  for (let hop = 0; hop <= maxHops; hop++) {
    if (!isAllowedSlackUrl(url, options.extraHosts)) throw new TriageError('file_host_not_allowed', url.hostname);
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { Authorization: `Bearer ${options.token}` },
        redirect: 'manual',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      throw new TriageError('file_download_failed', err instanceof Error ? err.message : String(err), { transient: true, cause: err });
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new TriageError('file_download_failed', `redirect ${response.status} without a location`);
      url = new URL(location, url);
      continue;
    }
    if (response.ok) return response;
    await response.body?.cancel();
    const transient = response.status === 429 || response.status >= 500;
    throw new TriageError('file_download_failed', `HTTP ${response.status}`, { transient });
  }
  throw new TriageError('too_many_redirects', `more than ${maxHops}`);
}

function looksLikeHtml(chunk: Buffer): boolean {
  const start = chunk.subarray(0, 64).toString('latin1').trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

function tooLarge(name: string, max: number, size: number | null): TriageError {
  const what = size !== null ? `${name} is ${formatBytes(size)}` : `${name} is larger once read`;
  return new TriageError('file_too_large', `${what}; the limit is ${formatBytes(max)}`);
}
