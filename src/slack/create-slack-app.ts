/**
 * The Bolt app: HTTP mode (signed requests on POST /slack/events) or Socket Mode (SLACK_APP_TOKEN),
 * the Web API pointed at SLACK_API_URL, health routes, and the listeners. Listeners only enqueue.
 */
import { App } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Enqueuer } from '../queue/enqueue-analysis.js';
import { boltLogger } from './bolt-logger.js';
import { healthRoutes } from './health-routes.js';
import type { ListenerDeps } from './listener-deps.js';
import * as commands from './listeners/commands.js';
import * as mentions from './listeners/mentions.js';
import * as messages from './listeners/messages.js';
import * as shortcuts from './listeners/shortcuts.js';
import * as views from './listeners/views.js';

export interface SlackAppDeps {
  config: Config;
  enqueuer: Enqueuer;
  metrics: Metrics;
  log: Logger;
  redisReady: () => Promise<boolean>;
  /** Extra Web API client options (tests: a short retryConfig). */
  clientOptions?: Omit<WebClientOptions, 'slackApiUrl'>;
}

export function createSlackApp(deps: SlackAppDeps): App {
  const { config } = deps;
  const clientOptions: WebClientOptions = { ...deps.clientOptions, slackApiUrl: config.slackApiUrl };
  const common = {
    token: config.slackBotToken,
    logger: boltLogger(deps.log),
    clientOptions,
    customRoutes: healthRoutes({ metrics: deps.metrics, redisReady: deps.redisReady }),
    ignoreSelf: true,
  };
  const app = config.slackAppToken
    ? new App({ ...common, socketMode: true, appToken: config.slackAppToken, installerOptions: { port: config.port, clientOptions } })
    : new App({ ...common, signingSecret: config.slackSigningSecret ?? '', endpoints: '/slack/events', port: config.port });

  const listenerDeps: ListenerDeps = { config, enqueuer: deps.enqueuer, metrics: deps.metrics, log: deps.log };
  messages.register(app, listenerDeps);
  mentions.register(app, listenerDeps);
  commands.register(app, listenerDeps);
  views.register(app, listenerDeps);
  shortcuts.register(app, listenerDeps);
  app.error(async (err) => {
    deps.log.error({ err: err.message, code: (err as { code?: string }).code }, 'listener error');
  });
  return app;
}
