/**
 * Entry point: `ROLE=all` (default) runs the Slack listeners and a worker in one process;
 * `ROLE=web` only the listeners; `ROLE=worker` only the worker (plus /healthz, /metrics).
 */
import { createServer } from 'node:http';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createRuntime } from './runtime.js';

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

  if (runtime.app) {
    await runtime.app.start(config.port);
    log.info({ role: config.role, port: config.port, socketMode: config.slackAppToken !== null }, 'oom-triage started');
  } else {
    // A worker-only process still answers /healthz and /metrics for its orchestrator.
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else if (req.method === 'GET' && req.url === '/metrics') {
        metrics.registry.metrics().then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body), () => res.writeHead(500).end());
      } else {
        res.writeHead(404).end();
      }
    });
    server.listen(config.port);
    log.info({ role: config.role, port: config.port }, 'oom-triage worker started');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    runtime.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`oom-triage: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
