/** GET /healthz (process up), /readyz (Redis answers), /metrics (Prometheus): Bolt customRoutes, not signature-checked. */
import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from '../metrics.js';

export interface HealthDeps {
  metrics: Metrics;
  /** Resolves true when Redis answers PING. */
  redisReady: () => Promise<boolean>;
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
        deps.redisReady().then(
          (ok) => text(res, ok ? 200 : 503, ok ? 'ready\n' : 'redis unreachable\n'),
          () => text(res, 503, 'redis unreachable\n'),
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

/** PING with a deadline: an unreachable Redis must make /readyz answer 503 quickly, not hang. */
export async function pingWithin(ping: () => Promise<string>, ms = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([ping().then((r) => r === 'PONG'), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
