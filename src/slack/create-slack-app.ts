/**
 * The Bolt app: HTTP mode (signed requests on POST /slack/events, replays refused) or Socket Mode
 * (SLACK_APP_TOKEN), the Web API pointed at SLACK_API_URL, health routes, the web page, and the listeners.
 * Listeners only check the rate limits and enqueue.
 */
import { App, HTTPReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Enqueuer } from '../queue/enqueue-analysis.js';
import { boltLogger } from './bolt-logger.js';
import { healthRoutes } from './health-routes.js';
import { webRoutes } from '../web/web-routes.js';
import type { ListenerDeps } from './listener-deps.js';
import type { RateLimiter } from './rate-limiter.js';
import { rejectReplayedRequests, type ReplayMemory } from './reject-replayed-requests.js';
import * as commands from './listeners/commands.js';
import * as mentions from './listeners/mentions.js';
import * as messages from './listeners/messages.js';
import * as shortcuts from './listeners/shortcuts.js';
import * as views from './listeners/views.js';
import { createChannelAccess } from '../history/channel-access.js';
import type { HistoryStore } from '../history/history-store.js';
import * as actions from './listeners/actions.js';
import * as home from './listeners/home.js';
import type { RecentAnalyses } from './recent-analyses.js';
import type { FeedbackStore } from './feedback-store.js';

export interface SlackAppDeps {
  config: Config;
  enqueuer: Enqueuer;
  metrics: Metrics;
  log: Logger;
  redisReady: () => Promise<boolean>;
  /** Where signed requests already seen are remembered (HTTP mode). */
  replayMemory: ReplayMemory;
  rateLimiter: RateLimiter;
  /** The kill history `/oom history` reads; null when it is off. */
  historyStore: HistoryStore | null;
  feedback?: FeedbackStore;
  recent?: RecentAnalyses;
  /** Extra Web API client options (tests: a short retryConfig). */
  clientOptions?: Omit<WebClientOptions, 'slackApiUrl'>;
}

export function createSlackApp(deps: SlackAppDeps): App {
  const { config } = deps;
  const clientOptions: WebClientOptions = { ...deps.clientOptions, slackApiUrl: config.slackApiUrl };
  const logger = boltLogger(deps.log);
  // The web page (GET /, POST /api/analyze) rides on the same server: no signature, its own per-client limit.
  const page = webRoutes({ maxBytes: config.maxFileBytes, onError: (code) => deps.log.error({ code }, 'web page analysis failed') });
  const customRoutes = [...healthRoutes({ metrics: deps.metrics, redisReady: deps.redisReady }), ...page];
  const common = { token: config.slackBotToken, logger, clientOptions, ignoreSelf: true };
  let app: App;
  if (config.slackAppToken) {
    // A copy: the Socket Mode client writes its reconnect policy (100 retries) into the options it is
    // given when they have none, and on the shared object that became every listener's policy too.
    const socketClientOptions = { ...clientOptions };
    app = new App({ ...common, customRoutes, socketMode: true, appToken: config.slackAppToken, installerOptions: { port: config.port, clientOptions: socketClientOptions } });
  } else {
    const signingSecret = config.slackSigningSecret ?? '';
    const endpoints = ['/slack/events'];
    const receiver = new HTTPReceiver({ signingSecret, endpoints, port: config.port, customRoutes, logger });
    receiver.requestListener = rejectReplayedRequests(receiver.requestListener, { endpoints, signingSecret, memory: deps.replayMemory, log: deps.log });
    app = new App({ ...common, receiver });
  }

  const history = deps.historyStore ? { store: deps.historyStore, access: createChannelAccess(app.client), retentionDays: config.historyRetentionDays } : null;
  const listenerDeps: ListenerDeps = { config, enqueuer: deps.enqueuer, rateLimiter: deps.rateLimiter, metrics: deps.metrics, log: deps.log, history, ...(deps.feedback ? { feedback: deps.feedback } : {}), ...(deps.recent ? { recent: deps.recent } : {}) };
  messages.register(app, listenerDeps);
  mentions.register(app, listenerDeps);
  commands.register(app, listenerDeps);
  views.register(app, listenerDeps);
  shortcuts.register(app, listenerDeps);
  actions.register(app, listenerDeps);
  home.register(app, listenerDeps);
  app.error(async (err) => {
    deps.log.error({ err: err.message, code: (err as { code?: string }).code }, 'listener error');
  });
  return app;
}
