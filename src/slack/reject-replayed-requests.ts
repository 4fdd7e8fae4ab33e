/**
 * Replay protection in front of Bolt's HTTP receiver. Bolt checks the signature and rejects
 * timestamps older than 5 minutes, but accepts the very same signed request twice: whoever captures
 * one could send it again within those 5 minutes. Slack signs every delivery (retries included)
 * afresh, so a (timestamp, signature) pair seen before is never Slack's: it is answered 401 before
 * any listener sees it. The pairs are remembered in Redis (SET NX with a TTL), so every web process
 * behind a load balancer shares the memory. Timestamps more than 5 minutes in the future are refused
 * too (Bolt lets them through, and they would stay replayable for as long as they are early).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { HTTPModuleFunctions, defaultBodyLimit, isRawBodyError, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Slack's freshness window, in seconds. */
export const REQUEST_WINDOW_SECONDS = 5 * 60;

export interface ReplayMemory {
  /**
   * Remembers `key` for `ttlSeconds`; true the first time it is seen, false after. Throws when the
   * store is unreachable.
   */
  firstSighting(key: string, ttlSeconds: number): Promise<boolean>;
}

export interface ReplayGuardOptions {
  /** Paths Bolt treats as Slack requests (POST only). */
  endpoints: readonly string[];
  signingSecret: string;
  memory: ReplayMemory;
  log: Logger;
  nowSeconds?: () => number;
}

export function rejectReplayedRequests(listener: RequestListener, options: ReplayGuardOptions): RequestListener {
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method?.toUpperCase() !== 'POST' || !options.endpoints.includes(path)) {
      listener(req, res);
      return;
    }
    void guard(req, res).catch((err: unknown) => {
      options.log.error({ err: err instanceof Error ? err.message : String(err) }, 'request guard failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };

  async function guard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: string;
    try {
      // Bolt reuses a body buffered here (`rawBody`), so the request is read once.
      body = (await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit)).rawBody.toString();
    } catch (err) {
      const tooLarge = isRawBodyError(err) && (err.type === 'entity.too.large' || err.statusCode === 413);
      res.writeHead(tooLarge ? 413 : 400).end();
      return;
    }
    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    // Anything not validly signed is left to Bolt, which answers 401 (or handles ssl_check).
    if (timestamp === null || signature === null) return listener(req, res);
    const ts = Number(timestamp);
    const valid = Number.isSafeInteger(ts) && isValidSlackRequest({
      signingSecret: options.signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
    });
    if (!valid) return listener(req, res);

    const early = ts - now();
    if (early > REQUEST_WINDOW_SECONDS) {
      options.log.warn({ secondsEarly: early }, 'request timestamp is in the future: rejected');
      res.writeHead(401).end();
      return;
    }
    const key = createHash('sha256').update(`${timestamp}:${signature}`).digest('hex');
    // Remembered until the request would be stale anyway, plus a minute of clock skew.
    const ttl = Math.max(early, 0) + REQUEST_WINDOW_SECONDS + 60;
    let first: boolean;
    try {
      first = await options.memory.firstSighting(key, ttl);
    } catch (err) {
      // Redis down: let the request through (a replay would only meet the job-id dedupe) rather than
      // refuse every Slack request; the listener then tells the user the queue is unreachable.
      options.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'replay check skipped: Redis unreachable');
      first = true;
    }
    if (!first) {
      options.log.warn({ retryNum: req.headers['x-slack-retry-num'] ?? null }, 'replayed request rejected');
      res.writeHead(401).end();
      return;
    }
    listener(req, res);
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}
