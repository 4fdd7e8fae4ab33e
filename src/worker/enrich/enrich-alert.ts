/**
 * Alert facts → ClusterFacts: the pod first (it names the node and the container's limit), then its
 * events, its node and its memory graph at once. Every lookup has its own deadline (ENRICH_TIMEOUT_MS),
 * so the whole costs at most two of them; what did not come back is listed in `gaps`.
 */
import type { AlertFacts } from '../../analysis/alerts/alert-facts.js';
import type { ClusterEvent, ClusterFacts, ClusterNode, ClusterPod, EnrichmentGap, MemorySeries } from '../../analysis/report/report-schema.js';
import type { Logger } from '../../logger.js';
import type { AlertEnricher } from '../add-alert.js';
import { createKubernetesLookup, type KubernetesLookup, type KubernetesSource } from './kubernetes-lookup.js';
import { createPrometheusLookup, type PrometheusLookup } from './prometheus-lookup.js';

export interface EnrichConfig {
  kubernetes: KubernetesSource | null;
  prometheusUrl: string | null;
  timeoutMs: number;
}

/** Null when nothing is configured: the alert is answered from its own facts. */
export function createAlertEnricher(config: EnrichConfig, log: Logger, options: { now?: () => Date; fetch?: typeof fetch } = {}): AlertEnricher | null {
  if (config.kubernetes === null && config.prometheusUrl === null) return null;
  const kube = config.kubernetes !== null ? createKubernetesLookup(config.kubernetes, config.timeoutMs, log) : null;
  const prom = config.prometheusUrl !== null ? createPrometheusLookup(config.prometheusUrl, config.timeoutMs, log, options.fetch) : null;
  return (facts, jobLog) => enrichAlert(facts, { kube, prom, now: options.now ?? (() => new Date()), log: jobLog });
}

interface Lookups {
  kube: KubernetesLookup | null;
  prom: PrometheusLookup | null;
  now: () => Date;
  log: Logger;
}

const isGap = (x: unknown): x is EnrichmentGap => typeof x === 'object' && x !== null && 'part' in x && 'reason' in x;

export async function enrichAlert(facts: AlertFacts, { kube, prom, now }: Lookups): Promise<ClusterFacts> {
  const gaps: EnrichmentGap[] = [];
  const keep = <T>(x: T | EnrichmentGap): T | null => (isGap(x) ? (gaps.push(x), null) : x);
  const { namespace, pod: podName, container } = facts;

  let pod: ClusterPod | null = null;
  if (kube !== null) {
    if (namespace !== null && podName !== null) pod = keep(await kube.pod(namespace, podName, container));
    else if (facts.node === null) gaps.push({ part: 'pod', reason: 'no_target' });
  }
  const nodeName = pod?.node ?? facts.node;
  const killedAt = killTime(pod, facts, now);
  const [events, node, memory] = await Promise.all([
    kube !== null && namespace !== null && podName !== null ? kube.events(namespace, podName) : Promise.resolve<ClusterEvent[]>([]),
    kube !== null && nodeName !== null ? kube.node(nodeName) : Promise.resolve(null),
    prom !== null && namespace !== null && podName !== null
      ? prom({ namespace, pod: podName, container: container ?? pod?.container ?? null, killedAt, limitBytes: pod?.limitBytes ?? null })
      : Promise.resolve(prom !== null ? ({ part: 'memory', reason: 'no_target' } as EnrichmentGap) : null),
  ]);
  return {
    pod,
    node: node === null ? null : keep<ClusterNode>(node),
    events: keep<ClusterEvent[]>(events) ?? [],
    memory: memory === null ? null : keep<MemorySeries>(memory),
    gaps,
  };
}

/** The API's last termination, else the alert's own time when it parses, else now (the alert just fired). */
function killTime(pod: ClusterPod | null, facts: AlertFacts, now: () => Date): Date {
  for (const t of [pod?.lastTerminated?.finishedAt, facts.time]) {
    if (t === null || t === undefined) continue;
    const d = new Date(t);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return now();
}
