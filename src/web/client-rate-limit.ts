/**
 * A per-client limit on POST /api/analyze (a fixed one-minute window per client address), held in
 * this process's memory: the page needs no Redis. Behind several web processes each counts on its
 * own, which bounds the work per process — what the limit is for. Addresses are forgotten when
 * their window ends.
 */
export interface ClientRateLimit {
  /** True when the client may go on; otherwise the seconds until its window ends. */
  admit(client: string, now?: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createClientRateLimit(perMinute: number): ClientRateLimit {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    admit(client, now = Date.now()) {
      if (now - lastSweep > 60_000) {
        for (const [k, w] of windows) if (now - w.start >= 60_000) windows.delete(k);
        lastSweep = now;
      }
      let w = windows.get(client);
      if (w === undefined || now - w.start >= 60_000) {
        w = { start: now, count: 0 };
        windows.set(client, w);
      }
      if (w.count >= perMinute) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)) };
      w.count++;
      return { ok: true };
    },
  };
}
