/** Plain-text phrases about an OOM alert and what the cluster added, shared by the renderers (no markup here). */
import type { AlertReport, ClusterFacts, EnrichmentGap } from '../analysis/report/report-schema.js';
import { CAUSE_TITLES } from '../analysis/report/cause-phrases.js';
import { formatBytes, formatShare } from '../analysis/units.js';

/** "OOM-killed: api in payments/api-7d9f8b6c5-x2x9q ×3 — cgroup limit": the header of an alert's answer. */
export function alertTitle(alert: AlertReport): string {
  const f = alert.facts;
  const pod = f.pod ?? alert.cluster?.pod?.name ?? null;
  const container = f.container ?? alert.cluster?.pod?.container ?? null;
  const node = f.node ?? alert.cluster?.pod?.node ?? null;
  const subject =
    container !== null && pod !== null
      ? `${container} in ${f.namespace !== null ? `${f.namespace}/` : ''}${pod}`
      : (container ?? pod ?? f.killedProcess?.comm ?? (node !== null ? `a process on ${node}` : 'a container'));
  const times = f.count !== null && f.count > 1 ? ` ×${f.count}` : '';
  return `OOM-killed: ${subject}${times} — ${CAUSE_TITLES[alert.cause]}`;
}

/** "Alertmanager · KubernetesContainerOomKiller · firing · critical". */
export function alertOrigin(alert: AlertReport): string {
  const f = alert.facts;
  return [SOURCE_NAMES[f.source], f.alertName, f.status, f.severity, f.cluster !== null ? `cluster ${f.cluster}` : null]
    .filter((x): x is string => x !== null && x !== '')
    .join(' · ');
}

const SOURCE_NAMES: Record<AlertReport['facts']['source'], string> = {
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  datadog: 'Datadog',
  'kubernetes-event': 'Kubernetes event',
  'node-problem-detector': 'node-problem-detector',
  robusta: 'Robusta',
  unknown: 'alert',
};

/** What the Kubernetes API said about the container and its node, one phrase each. */
export function clusterLines(cluster: ClusterFacts): string[] {
  const lines: string[] = [];
  const pod = cluster.pod;
  if (pod !== null) {
    const parts = [`limit ${pod.limitBytes !== null ? formatBytes(pod.limitBytes) : 'none'}`, `request ${pod.requestBytes !== null ? formatBytes(pod.requestBytes) : 'none'}`];
    if (pod.restartCount !== null) parts.push(`${pod.restartCount} restart${pod.restartCount === 1 ? '' : 's'}`);
    const last = pod.lastTerminated;
    if (last !== null) {
      const exit = last.exitCode !== null ? ` (exit ${last.exitCode})` : '';
      parts.push(`last terminated: ${last.reason ?? 'unknown reason'}${exit}${last.finishedAt !== null ? ` at ${last.finishedAt}` : ''}`);
    }
    lines.push(`container ${pod.container ?? '?'}: ${parts.join(' · ')}`);
  }
  const node = cluster.node;
  if (node !== null) {
    lines.push(`node ${node.name}: allocatable ${formatBytes(node.allocatableBytes)} of ${formatBytes(node.capacityBytes)} capacity`);
  } else if (pod?.node != null) lines.push(`node ${pod.node}`);
  const memory = cluster.memory;
  if (memory !== null && memory.peakBytes !== null) {
    const against = memory.limitBytes !== null && memory.limitBytes > 0 ? ` of the ${formatBytes(memory.limitBytes)} limit (${formatShare(memory.peakBytes / memory.limitBytes)})` : '';
    lines.push(`working set in the hour before the kill: peak ${formatBytes(memory.peakBytes)}${against}`);
  }
  return lines;
}

const PART_NAMES: Record<EnrichmentGap['part'], string> = {
  pod: "the pod's spec and status",
  node: "the node's allocatable memory",
  events: "the pod's events",
  memory: 'the memory graph',
};

const GAP_REASONS: Record<EnrichmentGap['reason'], string> = {
  timeout: 'did not answer in time',
  forbidden: 'refused access (check the RBAC in deploy/kubernetes/rbac)',
  not_found: 'does not know it (any more)',
  error: 'answered with an error',
  no_target: 'has nothing to look up (the alert names no pod)',
};

/** "Not shown: the pod's events (the Kubernetes API did not answer in time)". */
export function gapLine(gap: EnrichmentGap): string {
  const api = gap.part === 'memory' ? 'Prometheus' : 'the Kubernetes API';
  return `${PART_NAMES[gap.part]}: ${api} ${GAP_REASONS[gap.reason]}`;
}
