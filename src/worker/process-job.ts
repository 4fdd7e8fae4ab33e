/**
 * One analysis job, as a plain function: fetch the input → analyse → render → post, then swap the
 * 👀 reaction. Each posted part is remembered (post-once.ts), so a retry after a partial post never
 * duplicates it. Transient faults are rethrown for BullMQ to retry; on the last attempt, or for input
 * that will never work, the user is told and an `UnrecoverableError` ends the job.
 */
import { UnrecoverableError } from 'bullmq';
import { TriageError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Report } from '../analysis/report/report-schema.js';
import type { Metrics } from '../metrics.js';
import type { Block } from '../render/slack/block-kit.js';
import { renderBlocks, renderVerdict } from '../render/slack/render-blocks.js';
import { gatherReport, type Gathered } from './gather-report.js';
import { AnalysisJob } from '../queue/job-schema.js';
import type { PostedParts } from './posted-parts-store.js';
import { postPartOnce } from './post-part-once.js';
import { REACTION, swapReaction, tellRequester } from '../slack/slack-notices.js';
import { requester, tellJobFailure } from './tell-job-failure.js';
import { isTransient } from './is-transient.js';
import type { SlackClients } from '../slack/slack-clients.js';

export { isTransient };

export interface ProcessJobDeps {
  /** Reads and reactions through a retrying client, posts through one that never retries (slack-clients.ts). */
  slack: SlackClients;
  posted: PostedParts;
  log: Logger;
  metrics: Metrics;
  botToken: string;
  maxFileBytes: number;
  /** Non-Slack hosts allowed for downloads and response_url (tests only). */
  extraHosts: readonly string[];
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * Analyses a paste off the main thread (analysis-pool.ts), so the process uses more than one core.
   * Without it, and for jobs with files or fetched messages (their input is streamed), the analysis
   * runs here, in gather-report.ts.
   */
  analyseText?: (text: string) => Promise<Report>;
}

export interface JobContext {
  id: string;
  /** 1-based attempt number. */
  attempt: number;
  maxAttempts: number;
}

export type JobOutcome = 'replied' | 'nothing_found';

export async function processJob(data: unknown, job: JobContext, deps: ProcessJobDeps): Promise<JobOutcome> {
  const now = deps.now ?? Date.now;
  const started = now();
  const parsed = AnalysisJob.safeParse(data);
  if (!parsed.success) {
    deps.log.error({ jobId: job.id, issues: parsed.error.issues.length }, 'job data does not match the schema');
    deps.metrics.jobs.inc({ outcome: 'failed' });
    throw new UnrecoverableError('bad_job');
  }
  const d = parsed.data;
  const log = deps.log.child({ jobId: job.id, channel: d.channel, trigger: d.trigger, attempt: job.attempt });
  /** The thread replies go to, once known. */
  let threadTs: string | null = d.reply.kind === 'thread' ? d.reply.threadTs : null;

  // Exactly once per part, even across a crash between posting and remembering (post-part-once.ts).
  const post = (part: string, message: { text: string; blocks?: Block[] }, thread: string | null, broadcast = false): Promise<string> =>
    postPartOnce(message, { slack: deps.slack, posted: deps.posted, jobId: job.id, part, channel: d.channel, thread, broadcast, log });
  const finish = (outcome: string): void => {
    const seconds = (now() - started) / 1000;
    deps.metrics.jobs.inc({ outcome });
    deps.metrics.jobDuration.observe({ outcome }, seconds);
    log.info({ outcome, durationMs: Math.round(seconds * 1000) }, 'job finished');
  };

  try {
    const gathered: Gathered =
      deps.analyseText && d.source.kind === 'inline' && d.source.files.length === 0
        ? { report: await deps.analyseText(d.source.text), sourceThreadTs: null, files: 0 }
        : await gatherReport(d, {
            client: deps.slack.read,
            botToken: deps.botToken,
            maxFileBytes: deps.maxFileBytes,
            extraHosts: deps.extraHosts,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
          });
    if (d.reply.kind === 'source_thread') threadTs = gathered.sourceThreadTs;
    const { report } = gathered;

    if (report.events.length === 0 && report.doris === null) {
      if (d.explicit) {
        await tellRequester(deps.slack.post, requester(d, threadTs), `No OOM-killer kill or Doris memory summary found (${report.input.lines} lines read).`, {
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          extraHosts: deps.extraHosts,
          log,
        });
      }
      if (d.reactTs) await swapReaction(deps.slack.read, d.channel, d.reactTs, null, log);
      finish('nothing_found');
      return 'nothing_found';
    }

    const full = renderBlocks(report);
    if (d.reply.kind === 'new_root') {
      const verdict = renderVerdict(report, d.requestedBy);
      threadTs = await post('verdict', verdict, null);
    }
    if (!threadTs) throw new TriageError('message_not_found', 'no thread to reply in');
    if (d.broadcast) {
      const verdict = renderVerdict(report, null);
      await post('broadcast', verdict, threadTs, true);
    }
    await post('report', full, threadTs);
    if (d.reactTs) await swapReaction(deps.slack.read, d.channel, d.reactTs, REACTION.done, log);
    for (const e of report.events) deps.metrics.causes.inc({ cause: e.cause });
    finish('replied');
    return 'replied';
  } catch (err) {
    const final = !isTransient(err) || job.attempt >= job.maxAttempts;
    log.warn({ err: describe(err), final }, 'job attempt failed');
    if (!final) {
      deps.metrics.jobs.inc({ outcome: 'retried' });
      throw err;
    }
    await tellJobFailure(d, job.id, threadTs, err, deps, log);
    finish('failed');
    throw err instanceof UnrecoverableError ? err : new UnrecoverableError(describe(err));
  }
}

function describe(err: unknown): string {
  if (err instanceof TriageError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
