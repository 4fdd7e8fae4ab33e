/**
 * The analysed report of each job, kept in Redis (gzipped JSON, expiring) so the reply's buttons can
 * be answered by any process, after any restart: a button names the job, the store has its report.
 * Kept with the channel it was posted in, so a button can only post where the report already is.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RedisClient } from '../redis/create-redis-client.js';
import { z } from 'zod';
import { Report } from '../analysis/report/report-schema.js';

/** How long the buttons under a reply keep working: 14 days. */
export const REPORT_TTL_SECONDS = 14 * 24 * 3600;

export const StoredReport = z.object({ channel: z.string(), threadTs: z.string(), requestedBy: z.string().nullable(), report: Report });
export type StoredReport = z.infer<typeof StoredReport>;

export interface ReportStore {
  save(jobId: string, stored: StoredReport): Promise<void>;
  /** The stored report, or null when it expired or never was. */
  load(jobId: string): Promise<StoredReport | null>;
}

export function createReportStore(redis: RedisClient, prefix: string): ReportStore {
  const key = (jobId: string) => `${prefix}:report:${jobId}`;
  return {
    async save(jobId, stored) {
      await redis.set(key(jobId), gzipSync(JSON.stringify(stored), { level: 1 }), 'EX', REPORT_TTL_SECONDS);
    },
    async load(jobId) {
      const raw = await redis.getBuffer(key(jobId));
      if (!raw) return null;
      try {
        const parsed = StoredReport.safeParse(JSON.parse(gunzipSync(raw).toString('utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}
