/**
 * The one way to make an AnalysisJob: every Slack trigger names only what differs (what started it,
 * where the input is, where the answer goes, who asked) and the rest takes the defaults below, so a
 * new trigger cannot forget a field or set `v` wrong. The zod schema in job-schema.ts stays the
 * contract: the fields' types come from it, and the producer parses the job before queueing it.
 */
import type { AnalysisJob } from './job-schema.js';

/** What a listener says about a job; the fields it may leave out are the optional ones. */
export type NewAnalysisJob = Pick<AnalysisJob, 'trigger' | 'teamId' | 'channel' | 'source' | 'reply' | 'explicit' | 'requestedBy'> &
  Partial<Pick<AnalysisJob, 'reactTs' | 'broadcast' | 'responseUrl'>>;

/**
 * Defaults: no message to react on (`reactTs` null: commands and forms answer in a new message), no
 * broadcast (only incident channels broadcast the verdict), no response_url (only commands and
 * shortcuts have one).
 */
export function newAnalysisJob(fields: NewAnalysisJob): AnalysisJob {
  return {
    v: 1,
    trigger: fields.trigger,
    teamId: fields.teamId,
    channel: fields.channel,
    source: fields.source,
    reply: fields.reply,
    reactTs: fields.reactTs ?? null,
    broadcast: fields.broadcast ?? false,
    explicit: fields.explicit,
    requestedBy: fields.requestedBy,
    responseUrl: fields.responseUrl ?? null,
  };
}
