/** What every listener module receives: config, the producer, the rate limits, metrics, a logger, the posting client. */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { JobSubmitter } from '../queue/hold-during-outage.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SlackPoster } from './slack-clients.js';

export interface ListenerDeps {
  config: Pick<Config, 'incidentChannels'>;
  /** The queue, with a hold for while it is unreachable. */
  enqueuer: JobSubmitter;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  log: Logger;
  /**
   * Posts notes (chat.postMessage, chat.postEphemeral) through a client that never retries them
   * (slack-clients.ts); Bolt's own `client` is for reads and reactions.
   */
  poster: SlackPoster;
}
