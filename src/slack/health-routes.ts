/**
 * GET /healthz (process up), /readyz (the queue can be written), /metrics (Prometheus): Bolt
 * customRoutes (not signature-checked), and the worker role's small server (main.ts).
 */
import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from '../metrics.js';

export interface HealthDeps {
  metrics: Metrics;
  /** Resolves true when the queue can be written now (queue-probes.ts): /readyz answers 200 only then. */
  queueWritable: () => Promise<boolean>;
}

export function healthRoutes(deps: HealthDeps): CustomRoute[] {
  const text = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => text(res, 200, 'ok\n') },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        deps.queueWritable().then(
          (ok) => text(res, ok ? 200 : 503, ok ? 'ready\n' : 'queue not writable\n'),
          () => text(res, 503, 'queue not writable\n'),
        );
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        deps.metrics.registry.metrics().then(
          (body) => text(res, 200, body, deps.metrics.registry.contentType),
          () => text(res, 500, 'metrics unavailable\n'),
        );
      },
    },
  ];
}
