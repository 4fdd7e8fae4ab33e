/**
 * A `fetch` for the Web API client (its documented `fetch` option) on node:http/https with
 * keep-alive agents. The global fetch streams every request body through web streams and writes
 * headers and body separately; at a few Web API calls per analysis that was a fifth of a worker's
 * CPU. This sends each form-encoded request in one write and answers with a standard `Response`.
 *
 * Only what the client sends is handled here: string (or absent) bodies with `redirect: 'error'`
 * (a redirect fails the call, as in the global fetch). Anything else (multipart file uploads, a
 * redirect to follow) goes to the global fetch unchanged.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/** Statuses whose response has no body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export const nodeHttpFetch: typeof fetch = (input, init = {}) => {
  const body = init.body;
  // Only the client's own shape of request; anything else (file uploads, redirects to follow) is the global fetch's.
  if ((body !== undefined && body !== null && typeof body !== 'string') || input instanceof Request || init.redirect !== 'error') return fetch(input, init);
  const url = input instanceof URL ? input : new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
  const signal = init.signal ?? null;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<Response>((resolve, reject) => {
    const headers = new Headers(init.headers);
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => (outgoing[name] = value));
    if (typeof body === 'string') outgoing['content-length'] = String(Buffer.byteLength(body));
    const options = { method: init.method ?? 'GET', headers: outgoing };
    const req =
      url.protocol === 'https:' ? httpsRequest(url, { ...options, agent: httpsAgent }, respond) : httpRequest(url, { ...options, agent: httpAgent }, respond);
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new TypeError('fetch failed', { cause: err }));
    });

    function respond(res: IncomingMessage): void {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location !== undefined) {
        res.resume();
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: new Error(`redirect to ${res.headers.location} refused`) }));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const content = NULL_BODY.has(status) ? null : Buffer.concat(chunks);
        resolve(new Response(content, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
      });
    }

    req.end(body ?? undefined);
  });
};
