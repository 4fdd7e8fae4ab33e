/**
 * One analysis job, as a plain function: fetch the input → analyse → render → post, then swap the
 * 👀 reaction. Each posted part is remembered (post-once.ts), so a retry after a partial post never
 * duplicates it. Transient faults are rethrown for BullMQ to retry; on the last attempt, or for input
 * that will never work, the user is told and an `UnrecoverableError` ends the job.
 */
import { UnrecoverableError } from 'bullmq';
import { WebAPIPlatformError } from '@slack/web-api';
import { TriageError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Report } from '../analysis/report/report-schema.js';
import type { Metrics } from '../metrics.js';
import type { Block } from '../render/slack/block-kit.js';
import { renderVerdict } from '../render/slack/render-blocks.js';
import { renderFirstMessage } from '../render/slack/render-first-message.js';
import { answersAlertOnly, renderAlertBlocks } from '../render/slack/render-alert-blocks.js';
import { renderHistoryBlocks } from '../render/slack/render-history-block.js';
import type { ReportStore } from './report-store.js';
import { uploadFileOnce } from './upload-file-once.js';
import { alertChart } from '../render/chart/render-charts.js';
import { gatherReport, type Gathered } from './gather-report.js';
import { AnalysisJob } from '../queue/job-schema.js';
import type { PostedParts } from './posted-parts-store.js';
import { postPartOnce } from './post-part-once.js';
import { REACTION, postInChannelViaResponseUrl, swapReaction, tellRequester } from '../slack/slack-notices.js';
import type { RecentAnalyses } from '../slack/recent-analyses.js';
import { reportHeadline } from '../render/describe-headline.js';
import { context as contextBlock } from '../render/slack/block-kit.js';
import { requester, tellJobFailure } from './tell-job-failure.js';
import { lookUpHistory, recordHistory, type KillHistory } from '../history/kill-history.js';
import { addAlert, type AlertEnricher } from './add-alert.js';
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
  /**
   * Earlier kills of the same workloads, named in the reply, and this job's kills recorded after the
   * reply is posted. Without it (HISTORY_RETENTION_DAYS=0) the reply says nothing of history.
   */
  history?: KillHistory;
  /** Adds what the cluster knows to an OOM alert (KUBERNETES_API, PROMETHEUS_URL); absent when neither is configured. */
  enrichAlert?: AlertEnricher;
  /** Where each reply's report is kept for its buttons (report-store.ts); without it the buttons are left out. */
  reports?: ReportStore;
  /** Each person's recent analyses (their Home tab). */
  recent?: RecentAnalyses;
  /**
   * A chart's SVG as PNG bytes, off the main thread (analysis-pool.ts renderPng). The reply's
   * memory chart is posted when its Memory button is pressed (process-part-job.ts), never with
   * every reply: it repeats the first message's numbers, and costs a rasterising and three Slack
   * calls. An enriched alert's memory over time is posted with its answer. Without it no chart is
   * posted.
   */
  renderPng?: (svg: string) => Promise<Uint8Array>;
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
        ? { report: await deps.analyseText(d.source.text), sourceThreadTs: null, files: 0, message: null }
        : await gatherReport(d, {
            client: deps.slack.read,
            botToken: deps.botToken,
            maxFileBytes: deps.maxFileBytes,
            extraHosts: deps.extraHosts,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
          });
    if (d.reply.kind === 'source_thread') threadTs = gathered.sourceThreadTs;
    // An alert (carried by the job, or the fetched message) is answered from its facts.
    const alertMessage = d.source.kind === 'inline' ? (d.source.alert ?? null) : gathered.message;
    const report = await addAlert(gathered.report, alertMessage, deps.enrichAlert ?? null, log);

    // A memory dump with no OOM in it (SysRq m) is worth a reply only to someone who asked for one.
    const dumpsOnly = report.events.length > 0 && report.events.every((e) => e.noKill === 'memory_dump_only');
    if (report.doris === null && report.alert === null && (report.events.length === 0 || (dumpsOnly && !d.explicit))) {
      if (d.explicit) {
        const looked = 'I looked for the kernel\'s "invoked oom-killer" / "Killed process" lines, Kubernetes OOMKilled statuses and Apache Doris memory summaries.';
        await tellRequester(deps.slack.post, requester(d, threadTs), `No OOM-killer kill or Doris memory summary found in ${report.input.lines} line${report.input.lines === 1 ? '' : 's'}. ${looked}`, {
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          extraHosts: deps.extraHosts,
          log,
        });
      }
      if (d.reactTs) await swapReaction(deps.slack.read, d.channel, d.reactTs, null, log);
      finish('nothing_found');
      return 'nothing_found';
    }

    const team = d.teamId ?? 'no-team';
    const history = deps.history ? await lookUpHistory(deps.history, { team, channel: d.channel, jobId: job.id, report }, log) : null;
    // An alert with no kernel log is answered from its own facts; otherwise the first message, with
    // earlier kills of the same workloads right under its headline.
    const full = answersAlertOnly(report) ? renderAlertBlocks(report.alert) : renderFirstMessage(report, { jobId: job.id });
    if (history !== null && !answersAlertOnly(report)) full.blocks.splice(1, 0, ...renderHistoryBlocks(history, now()));
    if (!deps.reports) full.blocks = full.blocks.filter((b) => b.type !== 'actions');
    if (d.reply.kind === 'new_root') {
      const verdict = renderVerdict(report, d.requestedBy);
      try {
        threadTs = await post('verdict', verdict, null);
      } catch (err) {
        if (!isNotMember(err)) throw err;
        // A channel the bot is not in: the command's response_url still reaches it, without a thread.
        if (!d.responseUrl) throw new TriageError('cannot_read_channel', 'not a member of the channel');
        const invite = contextBlock([':information_source: I am not in this channel, so this is all I can post here. Invite me with `/invite @oom-triage` for the evidence, the chart and the buttons.']);
        const blocks = [...full.blocks.filter((b) => b.type !== 'actions'), invite];
        const ok = await postInChannelViaResponseUrl(d.responseUrl, { text: full.text, blocks }, { ...(deps.fetch ? { fetch: deps.fetch } : {}), extraHosts: deps.extraHosts });
        if (!ok) throw new TriageError('cannot_read_channel', 'response_url refused');
        finish('replied');
        return 'replied';
      }
    }
    if (!threadTs) throw new TriageError('message_not_found', 'no thread to reply in');
    if (d.broadcast) {
      const verdict = renderVerdict(report, null);
      await post('broadcast', verdict, threadTs, true);
    }
    // Stored before the message with its buttons goes out, so a press finds it.
    if (deps.reports) await deps.reports.save(job.id, { channel: d.channel, threadTs, requestedBy: d.requestedBy, report });
    const replyTs = await post('report', full, threadTs);
    // After the reply, never before: a kill is history once its analysis can be linked to.
    if (deps.history) await recordHistory(deps.history, { team, channel: d.channel, jobId: job.id, report, reportTs: replyTs }, log);
    if (deps.recent && d.requestedBy) {
      await deps.recent.add(d.teamId, d.requestedBy, { channel: d.channel, ts: replyTs, headline: reportHeadline(report), at: now() }).catch((err: unknown) => log.warn({ err: describe(err) }, 'recent analysis not recorded'));
    }
    if (d.reactTs) await swapReaction(deps.slack.read, d.channel, d.reactTs, REACTION.done, log);
    for (const e of report.events) deps.metrics.causes.inc({ cause: e.cause });
    // An enriched alert's memory over time follows its answer: how the memory reached the limit is
    // what the alert's text cannot say. It never delays the reply; one that fails is logged.
    if (deps.renderPng) await postAlertChart(report, job.id, threadTs, d.channel, deps, log);
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

async function postAlertChart(report: Report, jobId: string, thread: string, channel: string, deps: ProcessJobDeps, log: Logger): Promise<void> {
  const chart = alertChart(report);
  if (chart === null) return;
  try {
    const png = await deps.renderPng!(chart.svg);
    await uploadFileOnce(
      { filename: `oom-alert-memory-${jobId.slice(-16)}.png`, title: 'Memory before the kill', bytes: png },
      { slack: deps.slack, posted: deps.posted, jobId, part: 'alert-chart', channel, thread, extraHosts: deps.extraHosts, ...(deps.fetch ? { fetch: deps.fetch } : {}), log },
    );
  } catch (err) {
    log.warn({ err: describe(err) }, 'alert chart not posted');
  }
}

/** chat.postMessage into a channel the bot is not a member of (or cannot see). */
function isNotMember(err: unknown): boolean {
  return err instanceof WebAPIPlatformError && ['not_in_channel', 'channel_not_found'].includes(err.data.error);
}

function describe(err: unknown): string {
  if (err instanceof TriageError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
