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
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
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
  };
}
