/**
 * Entry point: `ROLE=all` (default) runs the Slack listeners and a worker in one process;
 * `ROLE=web` only the listeners; `ROLE=worker` only the worker (plus /healthz, /metrics).
 */
import { createServer, type Server } from 'node:http';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createRuntime } from './runtime.js';
import { describeRedisTarget } from './redis/create-redis-client.js';
import { healthRoutes } from './slack/health-routes.js';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`oom-triage: configuration: ${problem}\n`);
    process.exit(2);
  }
  const { config } = loaded;
  const log = createLogger(config.logLevel);
  const metrics = createMetrics({ defaultMetrics: true });
  const runtime = createRuntime({ config, log, metrics });

  let healthServer: Server | null = null;

  // SIGTERM (orchestrators) or SIGINT: stop taking requests, finish the jobs in hand within
  // SHUTDOWN_TIMEOUT_MS, close Redis, exit 0 (1 when jobs had to be left to another worker).
  // A second signal exits at once. Listened for before anything starts: a signal that came between
  // the "started" line and these handlers would otherwise kill the process outright.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: no new requests, finishing jobs in hand');
    const closeHealth = healthServer
      ? new Promise<void>((resolve) => healthServer?.close(() => resolve()))
      : Promise.resolve();
    Promise.all([runtime.stop(), closeHealth]).then(
      ([finished]) => {
        log.info({ finished }, finished ? 'stopped cleanly' : 'stopped; unfinished jobs are left to another worker');
        process.exit(finished ? 0 : 1);
      },
      (err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  if (runtime.app) {
    const server = await runtime.app.start(config.port);
    log.info({ role: config.role, port: listeningPort(server, config.port), socketMode: config.slackAppToken !== null, redis: describeRedisTarget(config.redis) }, 'oom-triage started');
  } else {
    // A worker-only process still answers /healthz, /readyz and /metrics for its orchestrator: the web role's routes.
    const routes = healthRoutes({ metrics, queueWritable: runtime.queueWritable });
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method ?? ''));
      if (route) route.handler(Object.assign(req, { params: {} }), res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(config.port, resolve));
    healthServer = server;
    log.info({ role: config.role, port: listeningPort(server, config.port), redis: describeRedisTarget(config.redis) }, 'oom-triage worker started');
  }
}

/** The port actually bound (PORT=0 picks a free one). */
function listeningPort(server: unknown, fallback: number): number {
  const address = server && typeof server === 'object' && 'address' in server && typeof server.address === 'function' ? (server.address() as unknown) : null;
  return address && typeof address === 'object' && 'port' in address && typeof address.port === 'number' ? address.port : fallback;
}

main().catch((err: unknown) => {
  process.stderr.write(`oom-triage: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
