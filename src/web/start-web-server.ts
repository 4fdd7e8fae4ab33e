/**
 * `oom-triage serve`: the web page on a plain node:http server — no Slack, no Redis. The same routes
 * the web role mounts next to /slack/events, plus GET /healthz.
 */
import { createServer, type Server } from 'node:http';
import { webRoutes, type WebRoutesOptions } from './web-routes.js';

export interface WebServerOptions extends WebRoutesOptions {
  port: number;
  /** Default 127.0.0.1: the page is for the person at this machine unless they say otherwise. */
  host?: string;
}

export async function startWebServer(options: WebServerOptions): Promise<Server> {
  const routes = webRoutes(options);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ok\n');
      return;
    }
    const route = routes.find((r) => r.path === path);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    if (!route.method.includes(req.method ?? '')) {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: route.method.join(', ') });
      res.end('method not allowed\n');
      return;
    }
    route.handler(req, res);
  });
  // A slow client must not hold a connection for ever; an analysis of the largest input is well within this.
  server.requestTimeout = 5 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return server;
}
