/**
 * A `fetch` with two deadlines, for file downloads and response_url posts:
 * - `idleMs`: a server that goes quiet (no response headers, or no next bytes of the body, for this
 *   long) fails the request. An idle limit lets a large file on a slow but moving connection arrive.
 * - `totalMs`: the whole request, headers and body, must be done within this long, so a server that
 *   trickles a byte now and then cannot hold a worker slot for ever either.
 */
export class DownloadTimeoutError extends Error {
  constructor(readonly kind: 'idle' | 'total', ms: number) {
    super(kind === 'idle' ? `no data for ${Math.round(ms / 1000)} s` : `not finished within ${Math.round(ms / 1000)} s`);
    this.name = 'DownloadTimeoutError';
  }
}

export interface FetchTimeouts {
  /** Longest wait for the headers or for the next bytes of the body. */
  idleMs: number;
  /** Longest time for the whole request, body included. */
  totalMs: number;
}

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function fetchWithTimeouts(timeouts: FetchTimeouts, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const outer = init?.signal;
    if (outer) {
      if (outer.aborted) controller.abort(outer.reason);
      else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    }
    const idle = () => controller.abort(new DownloadTimeoutError('idle', timeouts.idleMs));
    const total = setTimeout(() => controller.abort(new DownloadTimeoutError('total', timeouts.totalMs)), timeouts.totalMs);
    let timer = setTimeout(idle, timeouts.idleMs);
    let response: Response;
    try {
      response = await base(input, { ...init, signal: controller.signal });
    } catch (err) {
      clearTimeout(total);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    const source = response.body;
    // Statuses that cannot carry a body cannot be rebuilt with one either.
    if (!source || NO_BODY_STATUSES.has(response.status)) {
      clearTimeout(total);
      return response;
    }
    const reader = source.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(sink) {
        timer = setTimeout(idle, timeouts.idleMs);
        try {
          const next = await reader.read();
          if (next.done) {
            clearTimeout(total);
            sink.close();
          } else sink.enqueue(next.value);
        } catch (err) {
          clearTimeout(total);
          sink.error(err);
        } finally {
          clearTimeout(timer);
        }
      },
      async cancel(reason) {
        clearTimeout(timer);
        clearTimeout(total);
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
