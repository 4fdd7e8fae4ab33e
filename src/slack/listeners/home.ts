/**
 * App Home: the Home tab is published (views.publish) whenever someone opens it; its "Analyze a log"
 * button opens the form, whose report goes to a DM with them.
 *
 * Its last section lists the team's recent OOM kills that this person may see — the kill history
 * (src/history/), filtered by the same rule as `/oom history` (channel-access.ts: channels they are a
 * member of, and public ones unless they are a guest), so the Home tab shows a kill a colleague
 * analysed in a shared channel and never one from a channel the person cannot read. Only with the
 * history off (HISTORY_RETENTION_DAYS=0) does it fall back to the person's own recent analyses
 * (recent-analyses.ts), which the worker then keeps instead.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { analyzeModal } from '../analyze-modal.js';
import { HOME_ANALYZE_ACTION, homeView, recentKillsSection, yourRecentAnalyses, type HomeItem } from '../home-view.js';
import type { ListenerDeps } from '../listener-deps.js';
import { killsVisibleTo } from '../../history/answer-history-command.js';

const MIB = 1024 * 1024;
/** Items in the last section. */
const SHOWN = 5;

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    const team = context.teamId ?? null;
    const recent = deps.history ? await recentKills(deps, team, event.user) : await yourAnalyses(deps, client, team, event.user);
    await client.views.publish({ user_id: event.user, view: homeView(recent, Math.round(deps.config.maxFileBytes / MIB)) });
  });

  app.action<BlockAction<ButtonAction>>(HOME_ANALYZE_ACTION, async ({ ack, body, client }) => {
    await ack();
    const dm = await client.conversations.open({ users: body.user.id });
    const channel = dm.channel?.id;
    if (!channel) return;
    await client.views.open({ trigger_id: body.trigger_id, view: analyzeModal({ channel }, Math.round(deps.config.maxFileBytes / MIB)) });
  });
}

async function recentKills(deps: ListenerDeps, team: string | null, user: string): Promise<string> {
  const history = deps.history!;
  try {
    // The same team key the worker records under and /oom history reads.
    const { kills } = await killsVisibleTo(history, { team: team ?? 'no-team', user, query: '' }, { limit: SHOWN, countMore: false });
    return recentKillsSection(kills, history.retentionDays);
  } catch (err) {
    deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'kill history not read for the Home tab');
    return '*Recent OOM kills*\n_The kill history could not be read just now; open this tab again in a minute._';
  }
}

/** Links only to messages Slack itself resolves for this workspace (chat.getPermalink). */
async function yourAnalyses(deps: ListenerDeps, client: App['client'], team: string | null, user: string): Promise<string> {
  const recent = deps.recent ? await deps.recent.list(team, user).catch(() => []) : [];
  const items: HomeItem[] = await Promise.all(
    recent.slice(0, SHOWN).map(async (r) => {
      const link = await client.chat.getPermalink({ channel: r.channel, message_ts: r.ts }).catch(() => null);
      return { headline: r.headline, permalink: link?.permalink ?? null, at: r.at };
    }),
  );
  return yourRecentAnalyses(items);
}
