/**
 * A `fetch` that gives up on a server that goes quiet: no response headers, or no next bytes of the
 * body, within `stallMs`. An idle limit rather than a total one, so a large file on a slow but
 * moving connection still arrives, while a download that stalls fails (and the job says so) instead
 * of holding a worker slot forever.
 */
export class DownloadStalledError extends Error {
  constructor(ms: number) {
    super(`no data for ${Math.round(ms / 1000)} s`);
    this.name = 'DownloadStalledError';
  }
}

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function fetchWithStallTimeout(stallMs: number, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const outer = init?.signal;
    if (outer) {
      if (outer.aborted) controller.abort(outer.reason);
      else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    }
    const stalled = () => controller.abort(new DownloadStalledError(stallMs));
    let timer = setTimeout(stalled, stallMs);
    let response: Response;
    try {
      response = await base(input, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
    const source = response.body;
    // Statuses that cannot carry a body cannot be rebuilt with one either.
    if (!source || NO_BODY_STATUSES.has(response.status)) return response;
    const reader = source.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(sink) {
        timer = setTimeout(stalled, stallMs);
        try {
          const next = await reader.read();
          if (next.done) sink.close();
          else sink.enqueue(next.value);
        } catch (err) {
          sink.error(err);
        } finally {
          clearTimeout(timer);
        }
      },
      async cancel(reason) {
        clearTimeout(timer);
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
