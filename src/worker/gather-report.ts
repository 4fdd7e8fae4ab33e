/** The worker's "fetch input → analyse" half: message text and files streamed into one analyser. */
import type { SlackReader } from '../slack/slack-clients.js';
import { createAnalyzer } from '../analysis/analyze.js';
import type { Report } from '../analysis/report/report-schema.js';
import { downloadSlackFile } from './download-slack-file.js';
import { messageText } from '../slack/message-text.js';
import { pickLogFiles } from '../slack/pick-log-files.js';
import { fetchSlackMessage } from './fetch-slack-message.js';
import type { AnalysisJob, SlackFileRef } from '../queue/job-schema.js';

export interface GatherOptions {
  client: SlackReader;
  botToken: string;
  maxFileBytes: number;
  extraHosts: readonly string[];
  fetch?: typeof fetch;
}

export interface Gathered {
  report: Report;
  /** The thread the input belongs to (fetched messages): its root ts. */
  sourceThreadTs: string | null;
  files: number;
  /** A fetched message as Slack returned it (its attachments and blocks: an alert is read from them); null for inline sources. */
  message: Record<string, unknown> | null;
}

export async function gatherReport(job: AnalysisJob, opts: GatherOptions): Promise<Gathered> {
  let text: string;
  let files: SlackFileRef[];
  let sourceThreadTs: string | null = null;
  let fetched: Record<string, unknown> | null = null;
  if (job.source.kind === 'inline') {
    text = job.source.text;
    files = job.source.files;
  } else {
    const message = await fetchSlackMessage(opts.client, job.channel, job.source.ts, job.source.threadTs);
    text = messageText(message.raw);
    files = pickLogFiles(message.raw['files']);
    sourceThreadTs = message.threadTs ?? message.ts;
    fetched = message.raw;
  }

  const analyzer = createAnalyzer();
  if (text.trim() !== '') {
    analyzer.feed(text);
    analyzer.endSource();
  }
  let read = 0;
  for (const ref of files) {
    const file = ref.urlPrivateDownload ? ref : await fileInfo(opts.client, ref.id);
    if (!file) continue;
    await downloadSlackFile(file, (chunk) => analyzer.feed(chunk), {
      token: opts.botToken,
      maxBytes: opts.maxFileBytes,
      extraHosts: opts.extraHosts,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    // Evidence from an uploaded file is quoted as `name:line`; the message text stays unnamed.
    analyzer.endSource(file.name ?? null);
    read++;
  }
  return { report: analyzer.end(), sourceThreadTs, files: read, message: fetched };
}

/** Slack Connect stubs carry only an id: files.info has the rest (null when it is not a log). */
async function fileInfo(client: SlackReader, id: string): Promise<SlackFileRef | null> {
  const res = await client.files.info({ file: id });
  return pickLogFiles([res.file])[0] ?? null;
}
