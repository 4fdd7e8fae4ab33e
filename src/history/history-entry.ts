/**
 * One recorded kill: what the history store keeps per kill (JSON, parsed back with this schema),
 * built from a posted report. Sizes are kB as the kernel prints them; times are unix milliseconds.
 */
import { z } from 'zod';
import { fingerprintKill } from '../analysis/history/fingerprint.js';
import { CauseId, type OomEvent, type Report } from '../analysis/report/report-schema.js';

export const HistoryEntry = z.object({
  /** `<job id>#<event index>`: a retried job writes the same ids, so it records once. */
  id: z.string().min(1),
  /** The fingerprint key (analysis/history/fingerprint.ts). */
  fp: z.string().min(1),
  /** Where the analysis was posted: who may see this entry follows from it (channel-access.ts). */
  channel: z.string().min(1),
  /** Link to the posted report; null when Slack did not give one. */
  permalink: z.string().nullable(),
  /** When the report was posted. */
  analysedAt: z.number(),
  /** The kill's time as the log printed it (often seconds since boot, or a date without a year). */
  killTime: z.string().nullable(),
  host: z.string().nullable(),
  cgroup: z.string().nullable(),
  /** A Kubernetes container's `namespace/kind/name` (fingerprint.ts); null for kernel kills and entries written before it existed. */
  workload: z.string().nullable().default(null),
  program: z.string(),
  pid: z.number().int().nullable(),
  cause: CauseId,
  limitKb: z.number().nullable(),
  usageKb: z.number().nullable(),
  /** The victim's resident memory when killed (anon + file + shmem). */
  rssKb: z.number().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export interface PostedReport {
  report: Report;
  jobId: string;
  channel: string;
  permalink: string | null;
  analysedAt: number;
}

/** One entry per kill of the report that has a fingerprint (a kill with a named victim). */
export function historyEntries(posted: PostedReport): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  posted.report.events.forEach((e, index) => {
    const fp = fingerprintKill(e);
    if (fp === null) return;
    out.push({
      id: `${posted.jobId}#${index}`,
      fp: fp.key,
      channel: posted.channel,
      permalink: posted.permalink,
      analysedAt: posted.analysedAt,
      killTime: e.time,
      host: fp.host,
      cgroup: fp.cgroup,
      workload: fp.workload,
      program: fp.program,
      pid: e.victim?.pid ?? null,
      cause: e.cause,
      limitKb: e.memcg?.limitKb ?? null,
      usageKb: e.memcg?.usageKb ?? null,
      rssKb: victimRssKb(e),
    });
  });
  return out;
}

/** The victim's resident memory when killed (anon + file + shmem), when the kill line printed it. */
export function victimRssKb(e: OomEvent): number | null {
  const v = e.victim;
  if (v === null || v.anonRssKb === null) return null;
  return v.anonRssKb + (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0);
}

/**
 * The same kill seen twice — `dmesg` pasted again holds the old kills too — is one kill: same host,
 * pid and printed time. Without a printed time a pid alone proves nothing (pids repeat after a
 * reboot), so such kills are never merged.
 */
export function sameKill(a: Pick<HistoryEntry, 'host' | 'pid' | 'killTime'>, b: Pick<HistoryEntry, 'host' | 'pid' | 'killTime'>): boolean {
  return a.pid !== null && a.killTime !== null && a.pid === b.pid && a.killTime === b.killTime && a.host === b.host;
}
