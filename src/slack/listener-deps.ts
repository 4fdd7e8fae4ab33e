/** What every listener module receives: config, the producer, metrics, a logger. */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Enqueuer } from '../queue/enqueue-analysis.js';

export interface ListenerDeps {
  config: Pick<Config, 'incidentChannels'>;
  enqueuer: Enqueuer;
  metrics: Metrics;
  log: Logger;
}
