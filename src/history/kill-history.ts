/**
 * The worker's side of the history: before the reply, the earlier kills of each workload in the
 * report that the reply's readers may see (channel-access.ts); after the reply is posted, the
 * report's kills recorded with a link to it.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { fingerprintKill, type KillFingerprint } from '../analysis/history/fingerprint.js';
import type { OomEvent, Report } from '../analysis/report/report-schema.js';
import type { EarlierKill, WorkloadHistory } from '../render/slack/render-history-block.js';
import { mayShowInChannel, type ChannelAccess, type ChannelFacts } from './channel-access.js';
import { historyEntries, sameKill, victimRssKb, type HistoryEntry } from './history-entry.js';
import type { HistoryStore } from './history-store.js';

export interface KillHistory {
  /** Per workload of the report (at most MAX_WORKLOADS), the earlier kills readers of `channel` may see. */
  lookup(q: { team: string; channel: string; jobId: string; report: Report }): Promise<WorkloadHistory[]>;
  /** Records the report's kills, linking to the posted report; once per job and kill. Resolves to how many were new. */
  record(p: { team: string; channel: string; jobId: string; report: Report; reportTs: string }): Promise<number>;
}

export interface KillHistoryDeps {
  store: HistoryStore;
  access: ChannelAccess;
  /** For chat.getPermalink (a read: any client may make it). */
  client: { chat: Pick<WebClient['chat'], 'getPermalink'> };
  now?: () => number;
}

/** Workloads of one report given a history line (a report with many kills names the first few). */
const MAX_WORKLOADS = 3;
/**
 * Other channels asked about per reply (those of the newest entries first); kills analysed in
 * further channels are not named. conversations.info is rate-limited (Tier 3, about 50 a minute), and
 * a reply must not wait on a burst of lookups.
 */
const MAX_OTHER_CHANNELS = 10;

export function createKillHistory(deps: KillHistoryDeps): KillHistory {
  const now = deps.now ?? Date.now;
  return {
    async lookup({ team, channel, jobId, report }) {
      const workloads = firstOfEachWorkload(report.events).slice(0, MAX_WORKLOADS);
      const found = await Promise.all(workloads.map(({ fp }) => deps.store.byFingerprint(team, fp.key)));
      // This job's own kills (an earlier attempt may have recorded them) are not "before".
      const earlierRecords = found.map((entries) => entries.filter((e) => !e.id.startsWith(`${jobId}#`)));
      const visible = await visibleIn(channel, earlierRecords.flat(), deps.access);
      return workloads.map(({ fp, event }, i) => workloadHistory(fp, event, earlierRecords[i]!.filter((e) => visible.has(e.channel))));
    },
    async record({ team, channel, jobId, report, reportTs }) {
      const entries = historyEntries({ report, jobId, channel, permalink: null, analysedAt: now() });
      if (entries.length === 0) return 0;
      // Without a link the entry still counts; the reply then names its time only.
      const permalink = await deps.client.chat
        .getPermalink({ channel, message_ts: reportTs })
        .then((res) => res.permalink ?? null)
        .catch(() => null);
      return deps.store.record(team, entries.map((e) => ({ ...e, permalink })));
    },
  };
}

function firstOfEachWorkload(events: OomEvent[]): Array<{ fp: KillFingerprint; event: OomEvent }> {
  const seen = new Map<string, { fp: KillFingerprint; event: OomEvent }>();
  for (const event of events) {
    const fp = fingerprintKill(event);
    if (fp !== null && !seen.has(fp.key)) seen.set(fp.key, { fp, event });
  }
  return [...seen.values()];
}

/** The channels among the entries' whose analyses may be named in `channel`; Slack is asked only about other channels. */
async function visibleIn(channel: string, entries: HistoryEntry[], access: ChannelAccess): Promise<Set<string>> {
  const newestFirst = [...entries].sort((a, b) => b.analysedAt - a.analysedAt);
  const others = [...new Set(newestFirst.map((e) => e.channel))].filter((c) => c !== channel).slice(0, MAX_OTHER_CHANNELS);
  const visible = new Set([channel]);
  if (others.length === 0) return visible;
  const [replyFacts, ...otherFacts] = await Promise.all([access.facts(channel), ...others.map((c) => access.facts(c))]);
  others.forEach((c, i) => {
    if (mayShowInChannel(c, channel, otherFacts[i] as ChannelFacts | null, replyFacts ?? null)) visible.add(c);
  });
  return visible;
}

function workloadHistory(fp: KillFingerprint, event: OomEvent, entries: HistoryEntry[]): WorkloadHistory {
  const current = { host: fp.host, pid: event.victim?.pid ?? null, killTime: event.time };
  // Oldest first, so that of the same kill analysed twice the first analysis is the one kept.
  const oldestFirst = [...entries].reverse();
  const analysedBefore = oldestFirst.find((e) => sameKill(e, current)) ?? null;
  const distinct: HistoryEntry[] = [];
  for (const e of oldestFirst) {
    if (sameKill(e, current) || distinct.some((d) => sameKill(d, e))) continue;
    distinct.push(e);
  }
  return {
    program: fp.program,
    cgroup: fp.cgroup,
    workload: fp.workload,
    host: fp.host,
    current: { limitKb: event.memcg?.limitKb ?? null, usageKb: event.memcg?.usageKb ?? null, rssKb: victimRssKb(event) },
    earlier: distinct.reverse().map(recap),
    analysedBefore: analysedBefore === null ? null : recap(analysedBefore),
  };
}

function recap(e: HistoryEntry): EarlierKill {
  return { at: e.analysedAt, permalink: e.permalink, limitKb: e.limitKb, usageKb: e.usageKb, rssKb: e.rssKb };
}

/** How long a reply waits for the kill history (Redis, and Slack's answers on who may see what) before going out without it. */
const HISTORY_LOOKUP_MS = 2000;

/** History is an extra: when Redis or Slack cannot answer in time, the reply goes out without it. */
export async function lookUpHistory(history: KillHistory, q: Parameters<KillHistory['lookup']>[0], log: Logger): Promise<WorkloadHistory[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), HISTORY_LOOKUP_MS);
  });
  try {
    const found = await Promise.race([history.lookup(q), late]);
    if (found === 'late') log.warn({ ms: HISTORY_LOOKUP_MS }, 'kill history not read in time; replying without it');
    return found === 'late' ? null : found;
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'kill history not read; replying without it');
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Recording is an extra too: a failure is logged, and the job still succeeds. */
export async function recordHistory(history: KillHistory, p: Parameters<KillHistory['record']>[0], log: Logger): Promise<void> {
  try {
    const added = await history.record(p);
    if (added > 0) log.debug({ added }, 'kills recorded in the history');
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'kills not recorded in the history');
  }
}
