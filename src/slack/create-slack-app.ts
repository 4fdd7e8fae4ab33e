/**
 * The Bolt app: HTTP mode (signed requests on POST /slack/events, replays refused) or Socket Mode
 * (SLACK_APP_TOKEN), the Web API pointed at SLACK_API_URL, health routes, the web page, and the listeners.
 * Listeners only check the rate limits and enqueue.
 */
import { App, HTTPReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { JobSubmitter } from '../queue/hold-during-outage.js';
import { boltLogger } from './bolt-logger.js';
import { healthRoutes } from './health-routes.js';
import { webRoutes } from '../web/web-routes.js';
import type { ListenerDeps } from './listener-deps.js';
import type { RateLimiter } from './rate-limiter.js';
import { slackClientOptions, type SlackClientSettings, type SlackPoster } from './slack-clients.js';
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
  enqueuer: JobSubmitter;
  metrics: Metrics;
  log: Logger;
  /** /readyz: whether the queue can be written now. */
  queueWritable: () => Promise<boolean>;
  /** Where signed requests already seen are remembered (HTTP mode). */
  replayMemory: ReplayMemory;
  rateLimiter: RateLimiter;
  /** How the Web API clients are built (deadline, read retries, transport). */
  slackClients: SlackClientSettings;
  /** The listeners' notes go through this never-retrying client. */
  poster: SlackPoster;
  /** The kill history `/oom history` reads; null when it is off. */
  historyStore: HistoryStore | null;
  feedback?: FeedbackStore;
  recent?: RecentAnalyses;
}

export function createSlackApp(deps: SlackAppDeps): App {
  const { config } = deps;
  // Bolt's client (listeners' `client`, auth.test) makes reads and reactions only: it may retry.
  const clientOptions = slackClientOptions(deps.slackClients, 'read');
  const logger = boltLogger(deps.log);
  // The web page (GET /, POST /api/analyze) rides on the same server: no signature, its own per-client limit.
  const page = webRoutes({ maxBytes: config.maxFileBytes, onError: (code) => deps.log.error({ code }, 'web page analysis failed') });
  const customRoutes = [...healthRoutes({ metrics: deps.metrics, queueWritable: deps.queueWritable }), ...page];
  const common = { token: config.slackBotToken, logger, clientOptions, ignoreSelf: true };
  let app: App;
  if (config.slackAppToken) {
    // A copy without our retry policy: the Socket Mode client writes its own reconnect policy (100
    // retries) into the options it is given when they have none (on the shared object that became
    // every listener's policy too), and opening the socket should keep trying that long.
    const { retryConfig: _listenersRetry, ...socketClientOptions } = clientOptions;
    app = new App({ ...common, customRoutes, socketMode: true, appToken: config.slackAppToken, installerOptions: { port: config.port, clientOptions: socketClientOptions } });
  } else {
    const signingSecret = config.slackSigningSecret ?? '';
    const endpoints = ['/slack/events'];
    const receiver = new HTTPReceiver({ signingSecret, endpoints, port: config.port, customRoutes, logger });
    receiver.requestListener = rejectReplayedRequests(receiver.requestListener, { endpoints, signingSecret, memory: deps.replayMemory, log: deps.log });
    app = new App({ ...common, receiver });
  }

  const history = deps.historyStore ? { store: deps.historyStore, access: createChannelAccess(app.client), retentionDays: config.historyRetentionDays } : null;
  const listenerDeps: ListenerDeps = {
    config,
    enqueuer: deps.enqueuer,
    rateLimiter: deps.rateLimiter,
    metrics: deps.metrics,
    log: deps.log,
    poster: deps.poster,
    history,
    ...(deps.feedback ? { feedback: deps.feedback } : {}),
    ...(deps.recent ? { recent: deps.recent } : {}),
  };
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
