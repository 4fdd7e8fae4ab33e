/**
 * The Prometheus half of alert enrichment: the container's `container_memory_working_set_bytes`
 * (cAdvisor, what the kubelet compares with the limit) over the hour before the kill, through the
 * HTTP API's `query_range`, and the limit from kube-state-metrics when the pod's spec did not give
 * it. One deadline per request; a miss or an error is a gap.
 */
import type { EnrichmentGap, MemorySeries } from '../../analysis/report/report-schema.js';
import type { Logger } from '../../logger.js';
import { DeadlineExceeded, withDeadline } from './with-deadline.js';

export interface MemoryTarget {
  namespace: string;
  pod: string;
  container: string | null;
  /** The kill's time (the API's last termination, else the alert's); the window is the hour before it. */
  killedAt: Date;
  /** The limit from the pod's spec, when the Kubernetes API gave it. */
  limitBytes: number | null;
}

export const WORKING_SET = 'container_memory_working_set_bytes';
const WINDOW_SECONDS = 3600;
const STEP_SECONDS = 30;

export type PrometheusLookup = (target: MemoryTarget) => Promise<MemorySeries | EnrichmentGap>;

export function createPrometheusLookup(baseUrl: string, timeoutMs: number, log: Logger, fetchImpl: typeof fetch = fetch): PrometheusLookup {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = (path: string, params: Record<string, string>) =>
    withDeadline(timeoutMs, async (signal) => {
      const res = await fetchImpl(`${base}${path}?${new URLSearchParams(params).toString()}`, { signal, headers: { accept: 'application/json' } });
      const body = (await res.json()) as PromResponse;
      if (!res.ok || body.status !== 'success') throw new Error(`prometheus ${res.status} ${body.errorType ?? ''}`.trim());
      return body.data?.result ?? [];
    });

  return async (target) => {
    const selector = selectorOf(target);
    const end = Math.floor(target.killedAt.getTime() / 1000);
    const start = end - WINDOW_SECONDS;
    try {
      const [series, limits] = await Promise.all([
        get('api/v1/query_range', { query: `max(${WORKING_SET}{${selector}})`, start: String(start), end: String(end), step: String(STEP_SECONDS) }),
        target.limitBytes !== null
          ? Promise.resolve([])
          : get('api/v1/query', { query: `max(kube_pod_container_resource_limits{${selectorOf(target, false)},resource="memory"})`, time: String(end) }),
      ]);
      const points: Array<[number, number]> = (series[0]?.values ?? []).map(([t, v]) => [Number(t), Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v));
      const limitValue = limits[0]?.value?.[1];
      const limitBytes = target.limitBytes ?? (limitValue !== undefined && Number.isFinite(Number(limitValue)) ? Number(limitValue) : null);
      return {
        metric: WORKING_SET,
        start: new Date(start * 1000).toISOString(),
        end: new Date(end * 1000).toISOString(),
        stepSeconds: STEP_SECONDS,
        points,
        peakBytes: points.length > 0 ? Math.max(...points.map(([, v]) => v)) : null,
        limitBytes,
      };
    } catch (err) {
      const reason = err instanceof DeadlineExceeded ? 'timeout' : 'error';
      log.warn({ part: 'memory', reason, err: err instanceof Error ? err.message : String(err) }, 'prometheus lookup left out');
      return { part: 'memory', reason };
    }
  };
}

interface PromResponse {
  status: string;
  errorType?: string;
  data?: { result?: Array<{ values?: Array<[number, string]>; value?: [number, string] }> };
}

/** Label matchers for the container; cAdvisor's pod-level (`container=""`) and pause (`POD`) series left out. */
function selectorOf(t: MemoryTarget, cadvisor = true): string {
  const parts = [`namespace="${promString(t.namespace)}"`, `pod="${promString(t.pod)}"`];
  if (t.container !== null) parts.push(`container="${promString(t.container)}"`);
  else if (cadvisor) parts.push('container!=""', 'container!="POD"');
  return parts.join(',');
}

function promString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
