/**
 * What the listeners hand jobs to: the queue, or — while the queue is unreachable (Redis down or
 * failing over) — a bounded hold in this process that queues the jobs, in arrival order, as soon as
 * Redis answers again. So a message pasted during a Redis outage is still analysed afterwards, with
 * no repost. Only when a job cannot be queued within `maxHoldMs` (or the hold is full, or the process
 * stops first) is the user told that it was not queued.
 *
 * The hold lives in memory: a web process killed outright (SIGKILL, OOM) during an outage loses what
 * it held without telling anyone; a graceful stop (SIGTERM) tells the users instead. Queueing a held
 * job is the same idempotent add as always (the job id), so a job held twice is queued once.
 */
import { TriageError } from '../errors.js';
import type { Enqueuer } from './enqueue-analysis.js';
import type { AnalysisJob, PartJob } from './job-schema.js';

export interface HoldLimits {
  /** Longest a job is held before the user is told it was not queued. */
  maxHoldMs: number;
  /** Most jobs held at once; 0 holds none (the user is told at once, as before holding existed). */
  maxJobs: number;
  /** Most bytes of job data held at once. Default 64 MiB. */
  maxBytes?: number;
}

export interface JobSubmitter {
  /** Whether the job id is already queued, running, or kept after it finished. Throws when Redis cannot say. */
  exists(jobId: string): Promise<boolean>;
  /**
   * Queues the job: 'queued'. While the queue is unreachable, holds it instead: 'held'. `onQueued`
   * runs once it is in the queue (now, or when Redis is back), `onGiveUp` if it never gets there.
   * Throws `queue_unavailable` only when it cannot be held either (the hold is full): then nothing is
   * kept and the caller tells the user at once.
   */
  submit(jobId: string, job: AnalysisJob, callbacks: SubmitCallbacks): Promise<'queued' | 'held'>;
  /**
   * A button's job, straight to the queue (never held: the button stays under the reply, to be pressed
   * again). Throws `queue_unavailable` while the queue is unreachable.
   */
  enqueuePart(jobId: string, job: PartJob): Promise<void>;
  /** Jobs held now. */
  readonly held: number;
  /** Stops: one last try to queue what is held, then every job still held is given up (its user told). */
  close(): Promise<void>;
}

export interface SubmitCallbacks {
  onQueued?: () => void;
  onGiveUp: (err: TriageError) => Promise<void>;
}

export interface HoldOptions {
  enqueuer: Enqueuer;
  limits: HoldLimits;
  /** Called whenever the number of jobs held changes (a gauge). */
  onHeldChange?: (held: number) => void;
  onLog?: (event: 'held' | 'flushed' | 'gave_up', fields: Record<string, unknown>) => void;
  /** How often held jobs are tried while some are held. Default 1000 ms. */
  retryEveryMs?: number;
  now?: () => number;
}

interface Held {
  job: AnalysisJob;
  bytes: number;
  since: number;
  callbacks: SubmitCallbacks[];
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Held jobs queued at once when Redis is back. */
const FLUSH_BATCH = 32;

export function holdDuringOutage(options: HoldOptions): JobSubmitter {
  const { enqueuer, limits } = options;
  const now = options.now ?? Date.now;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const retryEveryMs = options.retryEveryMs ?? 1000;
  // Insertion-ordered: the oldest job is queued first.
  const hold = new Map<string, Held>();
  let bytes = 0;
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let closed = false;

  const changed = () => options.onHeldChange?.(hold.size);
  const release = (jobId: string, entry: Held) => {
    hold.delete(jobId);
    bytes -= entry.bytes;
    changed();
  };
  const giveUp = async (jobId: string, entry: Held, reason: string) => {
    release(jobId, entry);
    options.onLog?.('gave_up', { jobId, reason, heldMs: now() - entry.since });
    const err = new TriageError('queue_unavailable', reason, { transient: true });
    await Promise.all(entry.callbacks.map((c) => c.onGiveUp(err).catch(() => undefined)));
  };

  /** Queues one held job; false while the queue is still unreachable. */
  const queueHeld = async (jobId: string, entry: Held): Promise<boolean> => {
    try {
      await enqueuer.enqueue(jobId, entry.job);
    } catch {
      return false;
    }
    release(jobId, entry);
    options.onLog?.('flushed', { jobId, heldMs: now() - entry.since });
    for (const c of entry.callbacks) c.onQueued?.();
    return true;
  };
  /**
   * Queues held jobs oldest first, FLUSH_BATCH at a time (one add after another took ~100 ms each
   * right after a Cluster failover: a few hundred held jobs waited most of a minute), until a batch
   * has a failure; then gives up those held too long.
   */
  const flush = async (): Promise<void> => {
    const waiting = [...hold];
    for (let i = 0; i < waiting.length; i += FLUSH_BATCH) {
      const batch = waiting.slice(i, i + FLUSH_BATCH).filter(([jobId]) => hold.has(jobId));
      const queued = await Promise.all(batch.map(([jobId, entry]) => queueHeld(jobId, entry)));
      if (queued.every(Boolean)) continue;
      // Still unreachable: the rest wait too, except those held past the limit.
      for (const [id, e] of [...hold]) if (now() - e.since >= limits.maxHoldMs) await giveUp(id, e, `unreachable for ${Math.round(limits.maxHoldMs / 1000)} s`);
      return;
    }
  };
  const schedule = () => {
    if (timer !== null || closed || hold.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      flushing = flush().finally(() => {
        flushing = null;
        schedule();
      });
    }, retryEveryMs);
    timer.unref();
  };

  const holdJob = (jobId: string, job: AnalysisJob, callbacks: SubmitCallbacks): 'held' => {
    const known = hold.get(jobId);
    if (known) {
      known.callbacks.push(callbacks);
      return 'held';
    }
    const size = Buffer.byteLength(JSON.stringify(job));
    if (closed || hold.size >= limits.maxJobs || bytes + size > maxBytes) {
      throw new TriageError('queue_unavailable', closed ? 'shutting down' : 'and too many messages are waiting for it', { transient: true });
    }
    hold.set(jobId, { job, bytes: size, since: now(), callbacks: [callbacks] });
    bytes += size;
    changed();
    options.onLog?.('held', { jobId, held: hold.size });
    schedule();
    return 'held';
  };

  return {
    exists: (jobId) => enqueuer.exists(jobId),
    enqueuePart: (jobId, job) => enqueuer.enqueuePart(jobId, job),
    async submit(jobId, job, callbacks) {
      // An outage already known: straight to the hold, behind the jobs that wait for Redis.
      if (hold.size > 0) return holdJob(jobId, job, callbacks);
      try {
        await enqueuer.enqueue(jobId, job);
      } catch (err) {
        if (!(err instanceof TriageError) || err.code !== 'queue_unavailable') throw err;
        return holdJob(jobId, job, callbacks);
      }
      callbacks.onQueued?.();
      return 'queued';
    },
    get held() {
      return hold.size;
    },
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (flushing) await flushing;
      if (hold.size > 0) await flush();
      // All at once: the users should hear before the process is gone.
      await Promise.all([...hold].map(([jobId, entry]) => giveUp(jobId, entry, 'the bot stopped while the queue was unreachable')));
      await enqueuer.close();
    },
  };
}
