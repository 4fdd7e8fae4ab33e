/**
 * The web page's routes, the same for the web role (Bolt's customRoutes) and `oom-triage serve`:
 * GET / (the page), GET /assets/app.js (and format-bytes.js, which it imports) and /assets/app.css, POST /api/analyze (rate-limited per
 * client, capped at MAX_FILE_BYTES, streamed into the analyser). No route logs or keeps the text.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClientRateLimit } from './client-rate-limit.js';
import { PAGE_CSS, PAGE_SECURITY_HEADERS, pageHtml } from './page-html.js';
import { readAnalysisBody } from './read-analysis-body.js';
import { buildReportView } from './report-view.js';

export interface WebRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface WebRoutesOptions {
  /** Largest input accepted, raw or decompressed (MAX_FILE_BYTES). */
  maxBytes: number;
  /** Analyses a minute per client address. Default 30. */
  analysesPerMinute?: number;
  /** Reports a failure of the server itself (never the input's text). */
  onError?: (code: string) => void;
}

/** A browser module: plain JavaScript, type-checked by tsc (tsconfig.web.json), served as it is. */
function loadScript(name: string): string {
  return readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
}

export function webRoutes(options: WebRoutesOptions): WebRoute[] {
  const html = pageHtml(options.maxBytes);
  const script = loadScript('app.js');
  // app.js imports it (the chosen file's size, before the server answers).
  const formatBytesScript = loadScript('format-bytes.js');
  const limit = createClientRateLimit(options.analysesPerMinute ?? 30);
  const send = (res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...PAGE_SECURITY_HEADERS, ...extra });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), extra);
  /**
   * Answers at once, then reads and drops the rest of the body (up to four caps' worth, then the
   * connection is cut): a browser that is still sending only reads an answer whose body it finished.
   */
  const refuseAndDrain = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void => {
    json(res, status, body, extra);
    let drained = 0;
    req.on('data', (c: Buffer) => {
      drained += c.length;
      if (drained > 4 * options.maxBytes) req.destroy();
    });
    req.on('error', () => undefined);
  };
  return [
    { path: '/', method: ['GET'], handler: (_req, res) => send(res, 200, 'text/html; charset=utf-8', html) },
    { path: '/assets/app.js', method: ['GET'], handler: (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', script) },
    { path: '/assets/format-bytes.js', method: ['GET'], handler: (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', formatBytesScript) },
    { path: '/assets/app.css', method: ['GET'], handler: (_req, res) => send(res, 200, 'text/css; charset=utf-8', PAGE_CSS) },
    {
      path: '/api/analyze',
      method: ['POST'],
      handler: (req, res) => {
        const admitted = limit.admit(req.socket.remoteAddress ?? 'unknown');
        if (!admitted.ok) {
          refuseAndDrain(req, res, 429, { error: 'rate_limited', message: `Too many analyses from this address: try again in ${admitted.retryAfterSeconds} s.` }, { 'retry-after': String(admitted.retryAfterSeconds) });
          return;
        }
        readAnalysisBody(req, options.maxBytes).then(
          (outcome) => {
            if (outcome.ok) json(res, 200, buildReportView(outcome.report));
            else if (outcome.status === 413) refuseAndDrain(req, res, 413, { error: outcome.code, message: outcome.message });
            else json(res, outcome.status, { error: outcome.code, message: outcome.message });
          },
          () => {
            options.onError?.('analysis_failed');
            if (!res.headersSent) json(res, 500, { error: 'analysis_failed', message: 'The analysis failed on the server.' });
          },
        );
      },
    },
  ];
}
