/**
 * App Home: the Home tab is published (views.publish) whenever someone opens it, with their recent
 * analyses linked; its "Analyze a log" button opens the form, whose report goes to a DM with them.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { analyzeModal } from '../analyze-modal.js';
import { HOME_ANALYZE_ACTION, homeView, type HomeItem } from '../home-view.js';
import type { ListenerDeps } from '../listener-deps.js';

const MIB = 1024 * 1024;

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    const recent = deps.recent ? await deps.recent.list(context.teamId ?? null, event.user).catch(() => []) : [];
    // Links only to messages Slack itself resolves for this workspace (chat.getPermalink).
    const items: HomeItem[] = await Promise.all(
      recent.slice(0, 5).map(async (r) => {
        const link = await client.chat.getPermalink({ channel: r.channel, message_ts: r.ts }).catch(() => null);
        return { headline: r.headline, permalink: link?.permalink ?? null, at: r.at };
      }),
    );
    await client.views.publish({ user_id: event.user, view: homeView(items, Math.round(deps.config.maxFileBytes / MIB)) });
  });

  app.action<BlockAction<ButtonAction>>(HOME_ANALYZE_ACTION, async ({ ack, body, client }) => {
    await ack();
    const dm = await client.conversations.open({ users: body.user.id });
    const channel = dm.channel?.id;
    if (!channel) return;
    await client.views.open({ trigger_id: body.trigger_id, view: analyzeModal({ channel }, Math.round(deps.config.maxFileBytes / MIB)) });
  });
}
