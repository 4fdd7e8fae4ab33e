/**
 * A button under a reply was pressed: post that part of the stored report (report-store.ts) in the
 * reply's thread — evidence, all suggestions, memory tables and the memory chart (a PNG), or the
 * full markdown report as a file.
 * Each part is posted once per reply however often, wherever and after whatever restart it is
 * pressed: the job id is the reply's and the part's (BullMQ adds it once), and every message goes
 * through post-part-once.ts under the reply's own job id.
 */
import { UnrecoverableError } from 'bullmq';
import { renderMarkdown } from '../render/markdown/render-markdown.js';
import { renderEvidence, renderMemory, renderSuggestions } from '../render/slack/render-reply-parts.js';
import { PartJob } from '../queue/job-schema.js';
import { tellRequester } from '../slack/slack-notices.js';
import { postPartOnce } from './post-part-once.js';
import type { JobContext, ProcessJobDeps } from './process-job.js';
import { isTransient } from './is-transient.js';
import { uploadFileOnce } from './upload-file-once.js';
import { replyChart } from '../render/chart/render-charts.js';
import type { Report } from '../analysis/report/report-schema.js';
import type { Logger } from '../logger.js';

export async function processPartJob(data: unknown, job: JobContext, deps: ProcessJobDeps): Promise<'posted' | 'expired'> {
  const parsed = PartJob.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError('bad_job');
  const p = parsed.data;
  const log = deps.log.child({ jobId: job.id, reportJobId: p.jobId, part: p.part, channel: p.channel });
  const tell = (text: string) =>
    tellRequester(deps.slack.post, { responseUrl: p.responseUrl, channel: p.channel, user: p.user, threadTs: p.threadTs }, text, {
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      extraHosts: deps.extraHosts,
      log,
    });
  try {
    const stored = deps.reports ? await deps.reports.load(p.jobId) : null;
    // A report is only ever posted where it already is: the button's own channel and thread.
    if (!stored || stored.channel !== p.channel || stored.threadTs !== p.threadTs) {
      await tell('This analysis is no longer kept (reports are kept 14 days). Run it again with `/oom analyze <message link>`.');
      log.info({ found: stored !== null }, 'button for a report that is not here');
      return 'expired';
    }
    const { report } = stored;
    if (p.part === 'report') {
      const markdown = renderMarkdown(report);
      await uploadFileOnce(
        { filename: `oom-report-${p.jobId.slice(-16)}.md`, title: 'OOM triage report', bytes: Buffer.from(markdown, 'utf8') },
        { slack: deps.slack, posted: deps.posted, jobId: p.jobId, part: 'full-report', channel: p.channel, thread: p.threadTs, extraHosts: deps.extraHosts, ...(deps.fetch ? { fetch: deps.fetch } : {}), log },
      );
    } else {
      const messages = p.part === 'evidence' ? renderEvidence(report) : p.part === 'suggestions' ? renderSuggestions(report) : renderMemory(report);
      for (const [i, message] of messages.entries()) {
        await postPartOnce(message, { slack: deps.slack, posted: deps.posted, jobId: p.jobId, part: `${p.part}-${i + 1}`, channel: p.channel, thread: p.threadTs, broadcast: false, log });
      }
      if (p.part === 'memory') await postMemoryChart(report, p, deps, log);
    }
    deps.metrics.jobs.inc({ outcome: 'part_posted' });
    log.info('part posted');
    return 'posted';
  } catch (err) {
    if (isTransient(err) && job.attempt < job.maxAttempts) throw err;
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'part not posted');
    await tell(':warning: I could not post that here just now.');
    throw err instanceof UnrecoverableError ? err : new UnrecoverableError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * The reply's memory chart under the memory tables: rasterised off the main thread, shared once
 * (upload-file-once.ts). A chart that cannot be drawn is logged and left out; the tables are posted.
 */
async function postMemoryChart(report: Report, p: PartJob, deps: ProcessJobDeps, log: Logger): Promise<void> {
  const chart = deps.renderPng ? replyChart(report) : null;
  if (!chart || !deps.renderPng) return;
  let png: Uint8Array;
  try {
    png = await deps.renderPng(chart.svg);
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'chart not drawn');
    return;
  }
  await uploadFileOnce(
    { filename: `oom-memory-${p.jobId.slice(-16)}.png`, title: 'Memory at the kill', bytes: png },
    { slack: deps.slack, posted: deps.posted, jobId: p.jobId, part: 'memory-chart', channel: p.channel, thread: p.threadTs, extraHosts: deps.extraHosts, ...(deps.fetch ? { fetch: deps.fetch } : {}), log },
  );
}
