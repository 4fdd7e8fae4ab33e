/**
 * Keeps a BullMQ worker from spinning on errors. BullMQ waits before retrying after a connection
 * error, but retries any other error (MOVED from a Cluster node that does not own the queue's slot,
 * a script error, OOM from a full Redis) at once, for ever: one process spun at 91% CPU writing
 * ~18,500 error lines a second. Here every such error pauses the fetching of new jobs for a while
 * (1 s, doubling to 30 s while errors go on; jobs in hand carry on), and all errors are logged at
 * most once per interval.
 */
import { isNotConnectionError, type Worker } from 'bullmq';
import type { Logger } from '../logger.js';
import { throttledErrorLog } from '../throttled-error-log.js';

export const FIRST_PAUSE_MS = 1000;
export const LONGEST_PAUSE_MS = 30_000;

export interface ErrorBackoff {
  /** Stops pausing and resuming (before the worker closes) and writes any pending log line. */
  stop(): void;
}

/** What an operator can do about an error, when the error says it. */
function hintFor(err: Error): string | null {
  if (/^(MOVED|ASK|CLUSTERDOWN|CROSSSLOT)\b/.test(err.message)) {
    return 'Redis answers as a Cluster node: list the cluster nodes in REDIS_CLUSTER_NODES instead of REDIS_URL';
  }
  if (/^READONLY\b/.test(err.message)) return 'Redis is a read-only replica: point the bot at the master (or use REDIS_SENTINELS)';
  if (/^OOM\b/.test(err.message)) return 'Redis is out of memory (maxmemory with noeviction): give it more memory';
  return null;
}

export function backOffOnErrors(worker: Worker, log: Logger): ErrorBackoff {
  const logError = throttledErrorLog(log, 'worker error', {}, { level: 'error', hint: hintFor });
  let pauseMs = FIRST_PAUSE_MS;
  let lastError = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  worker.on('error', (err) => {
    logError(err);
    // Connection errors already wait (BullMQ's retry delay, ioredis's reconnect backoff).
    if (stopped || !isNotConnectionError(err) || timer !== null) return;
    const now = Date.now();
    // Errors that come back soon after a pause lengthen the next one; after a quiet spell it starts short again.
    const soon = lastError !== 0 && now - lastError <= pauseMs * 2 + FIRST_PAUSE_MS;
    pauseMs = soon ? Math.min(pauseMs * 2, LONGEST_PAUSE_MS) : FIRST_PAUSE_MS;
    lastError = now;
    // Jobs in hand go on (their locks are renewed); only fetching stops.
    void worker.pause(true);
    timer = setTimeout(() => {
      timer = null;
      if (!stopped) void worker.resume();
    }, pauseMs);
  });

  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      logError.flush();
    },
  };
}
