/** Prometheus metrics (GET /metrics). One registry per process, passed in, never a global. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Jobs finished, by outcome: replied, nothing_found, failed, retried. */
  jobs: Counter<'outcome'>;
  /** Seconds from a job's start to its last post. */
  jobDuration: Histogram<'outcome'>;
  /** Causes found in replied reports. */
  causes: Counter<'cause'>;
  /** Jobs enqueued by the listeners, by trigger. */
  enqueued: Counter<'trigger'>;
  /** Jobs this process holds because the queue is unreachable (hold-during-outage.ts). */
  heldJobs: Gauge;
  /**
   * Where the queue gauges (`oom_triage_queue_waiting_jobs`, `oom_triage_queue_oldest_waiting_seconds`)
   * read the queue on each scrape. Until it is set, and while Redis cannot be read, they are NaN
   * (never a made-up 0).
   */
  watchQueue(read: () => Promise<QueueDepthSample>): void;
  /** Right/Wrong presses under replies (once per person and reply). */
  feedback: Counter<'verdict'>;
}

export interface QueueDepthSample {
  waiting: number;
  oldestWaitingSeconds: number;
}

/** One read of the queue serves both gauges of a scrape. */
const SAMPLE_REUSE_MS = 1000;

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  let readQueue: (() => Promise<QueueDepthSample>) | null = null;
  let lastSample: { at: number; sample: Promise<QueueDepthSample | null> } | null = null;
  const sample = (): Promise<QueueDepthSample | null> => {
    if (!readQueue) return Promise.resolve(null);
    if (lastSample && Date.now() - lastSample.at < SAMPLE_REUSE_MS) return lastSample.sample;
    const read = readQueue().catch(() => null);
    lastSample = { at: Date.now(), sample: read };
    return read;
  };
  // Collected on scrape: two LLENs, an LINDEX and an HGET, within a deadline (queue-probes.ts).
  new Gauge({
    name: 'oom_triage_queue_waiting_jobs',
    help: 'Jobs waiting in the queue for a worker',
    registers: [registry],
    async collect() {
      const s = await sample();
      this.set(s ? s.waiting : NaN);
    },
  });
  new Gauge({
    name: 'oom_triage_queue_oldest_waiting_seconds',
    help: 'Seconds since the job longest in line was queued (0 when none waits)',
    registers: [registry],
    async collect() {
      const s = await sample();
      this.set(s ? s.oldestWaitingSeconds : NaN);
    },
  });
  return {
    watchQueue(read) {
      readQueue = read;
    },
    registry,
    jobs: new Counter({ name: 'oom_triage_jobs_total', help: 'Analysis jobs by outcome', labelNames: ['outcome'], registers: [registry] }),
    jobDuration: new Histogram({
      name: 'oom_triage_job_duration_seconds',
      help: 'Analysis job duration (fetch, analyse, render, post)',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    causes: new Counter({ name: 'oom_triage_causes_total', help: 'OOM kill causes found', labelNames: ['cause'], registers: [registry] }),
    enqueued: new Counter({ name: 'oom_triage_enqueued_total', help: 'Jobs enqueued by trigger', labelNames: ['trigger'], registers: [registry] }),
    heldJobs: new Gauge({ name: 'oom_triage_queue_held_jobs', help: 'Jobs held in this process while the queue is unreachable', registers: [registry] }),
    feedback: new Counter({ name: 'oom_triage_feedback_total', help: 'Right/Wrong votes on replies', labelNames: ['verdict'], registers: [registry] }),
  };
}
