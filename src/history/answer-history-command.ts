/**
 * `/oom history [program|host|cgroup|workload]`: the team's recent kills that match, newest first, from
 * the channels the person asking may read (channel-access.ts), answered privately.
 */
import { normaliseCgroupPath } from '../analysis/history/fingerprint.js';
import { renderHistoryList } from '../render/slack/render-history-list.js';
import { mayShowToUser, type ChannelAccess } from './channel-access.js';
import type { HistoryEntry } from './history-entry.js';
import type { HistoryStore } from './history-store.js';

export interface HistoryCommandDeps {
  store: HistoryStore;
  access: ChannelAccess;
  retentionDays: number;
}

/** Kills listed in one answer. */
const LISTED = 15;
/** The team's latest kills searched. */
const SEARCHED = 1000;

export async function answerHistoryCommand(deps: HistoryCommandDeps, q: { team: string; user: string; query: string }): Promise<string> {
  const query = q.query.trim();
  const { kills, more } = await killsVisibleTo(deps, { ...q, query }, { limit: LISTED, countMore: true });
  return renderHistoryList(kills, query, more, deps.retentionDays);
}

/**
 * The team's kills matching `query` that `user` may see (mayShowToUser), newest first: at most
 * `limit`, and with `countMore` how many more there are (each further channel is one more question
 * to Slack, so the Home tab, which shows no count, does not ask). Also what the Home tab lists.
 */
export async function killsVisibleTo(
  deps: Pick<HistoryCommandDeps, 'store' | 'access'>,
  q: { team: string; user: string; query: string },
  options: { limit: number; countMore: boolean },
): Promise<{ kills: HistoryEntry[]; more: number }> {
  const matching = (await deps.store.recent(q.team, SEARCHED)).filter(matches(q.query));
  const kills: HistoryEntry[] = [];
  let more = 0;
  const mayRead = channelReader(deps.access, q.user);
  for (const e of matching) {
    if (kills.length >= options.limit && !options.countMore) break;
    if (!(await mayRead(e.channel))) continue;
    if (kills.length < options.limit) kills.push(e);
    else more++;
  }
  return { kills, more };
}

/**
 * Program, host, cgroup or Kubernetes workload (`shop/deployment/orders-api`), without case: a part of any of them matches; a cgroup path is normalised
 * first, so a path copied from a log (with its pod UID) finds the same workload's other kills.
 */
function matches(query: string): (e: HistoryEntry) => boolean {
  if (query === '') return () => true;
  const q = (query.startsWith('/') ? normaliseCgroupPath(query) : query).toLowerCase();
  return (e) => [e.program, e.host, e.cgroup, e.workload].some((field) => field !== null && field.toLowerCase().includes(q));
}

/** Whether `user` may see analyses from a channel; Slack is asked once per channel per command, and only what the rule needs. */
function channelReader(access: ChannelAccess, user: string): (channel: string) => Promise<boolean> {
  const answers = new Map<string, Promise<boolean>>();
  let guest: Promise<boolean> | null = null;
  const decide = async (channel: string): Promise<boolean> => {
    const facts = await access.facts(channel);
    const isGuest = facts?.workspacePublic ? await (guest ??= access.isGuest(user)) : true;
    const isMember = facts?.workspacePublic && !isGuest ? false : await access.isMember(channel, user);
    return mayShowToUser(facts, isMember, isGuest);
  };
  return (channel) => {
    let answer = answers.get(channel);
    if (!answer) answers.set(channel, (answer = decide(channel)));
    return answer;
  };
}
