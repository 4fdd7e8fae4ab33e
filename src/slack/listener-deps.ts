/** What every listener module receives: config, the producer, the rate limits, metrics, a logger, the posting client, the kill history. */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { JobSubmitter } from '../queue/hold-during-outage.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SlackPoster } from './slack-clients.js';
import type { HistoryCommandDeps } from '../history/answer-history-command.js';
import type { FeedbackStore } from './feedback-store.js';
import type { RecentAnalyses } from './recent-analyses.js';

export interface ListenerDeps {
  config: Pick<Config, 'incidentChannels' | 'maxFileBytes'>;
  /** The queue, with a hold for while it is unreachable. */
  enqueuer: JobSubmitter;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  log: Logger;
  /**
   * Posts notes (chat.postMessage, chat.postEphemeral) through a client that never retries them
   * (slack-clients.ts); Bolt's own `client` is for reads, reactions and views.
   */
  poster: SlackPoster;
  /** `/oom history`; null when the history is off (HISTORY_RETENTION_DAYS=0). */
  history: HistoryCommandDeps | null;
  /** Right/Wrong votes (one per person and reply); without it every press counts. */
  feedback?: FeedbackStore;
  /** Each person's recent analyses, for the Home tab. */
  recent?: RecentAnalyses;
}
