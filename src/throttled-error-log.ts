/**
 * Logs a stream of errors as at most one line per interval: the first error at once, then, at the
 * end of each interval that had more, one line with how many and the last of them. An outage or a
 * misconfiguration (a Cluster node given as REDIS_URL answers every command with MOVED) then costs a
 * line every few seconds, not thousands a second.
 */
import type { Logger } from './logger.js';

/** Default interval between lines about the same stream of errors. */
export const ERROR_LOG_INTERVAL_MS = 10_000;

export interface ThrottledErrorLog {
  (err: Error): void;
  /** Writes what is pending and stops the timer. */
  flush(): void;
}

export function throttledErrorLog(
  log: Logger,
  msg: string,
  fields: Record<string, unknown> = {},
  options: { intervalMs?: number; level?: 'warn' | 'error'; hint?: (err: Error) => string | null } = {},
): ThrottledErrorLog {
  const intervalMs = options.intervalMs ?? ERROR_LOG_INTERVAL_MS;
  const level = options.level ?? 'warn';
  let timer: NodeJS.Timeout | null = null;
  let suppressed = 0;
  let last: Error | null = null;

  const closeWindow = (): void => {
    timer = null;
    if (suppressed === 0) return;
    log[level]({ ...fields, err: last?.message, more: suppressed, intervalMs }, `${msg} (repeated)`);
    suppressed = 0;
    // The stream goes on: a new window, so the next line also waits out an interval.
    timer = setTimeout(closeWindow, intervalMs).unref();
  };

  const write = ((err: Error) => {
    last = err;
    if (timer !== null) {
      suppressed++;
      return;
    }
    const hint = options.hint?.(err) ?? null;
    log[level]({ ...fields, err: err.message, ...(hint ? { hint } : {}) }, msg);
    timer = setTimeout(closeWindow, intervalMs).unref();
  }) as ThrottledErrorLog;
  write.flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (suppressed > 0) log[level]({ ...fields, err: last?.message, more: suppressed }, `${msg} (repeated)`);
    suppressed = 0;
  };
  return write;
}
