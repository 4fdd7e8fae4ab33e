/**
 * Reads an alert posted in Slack (Alertmanager, Grafana, Datadog, Kubernetes event exporters,
 * node-problem-detector, kwatch, Robusta, or a template nobody here knows) into AlertFacts: who sent
 * it, whether it fires, which workload and node it names, how often and over what period, and
 * whether it is about an OOM kill at all.
 *
 * Facts come from three layers, the more specific winning: the sending tool's own format (its
 * title, fields, tables), then the sentences its rules print ("Container api in pod payments/api-…
 * has been OOMKilled 3 times in the last 10 minutes"), then labelled values (` - namespace =
 * payments`). Nothing is guessed from a value's position except a Deployment pod's name, whose shape
 * gives it away.
 */
import { AlertFacts, SlackAlertMessage, type MemoryFigures } from './alert-facts.js';
import type { FamilyFacts, FamilyReader } from './family-facts.js';
import { findOomEvidence } from './find-oom-evidence.js';
import { pick, viewMessage, type MessageView } from './message-view.js';
import { readAlertmanager } from './read-alertmanager.js';
import { readDatadog } from './read-datadog.js';
import { readGrafana } from './read-grafana.js';
import { readKernelKillLine } from './read-kernel-kill-line.js';
import { readKubernetesEvent } from './read-kubernetes-event.js';
import type { LabelPairs } from './read-label-pairs.js';
import { readNodeProblemDetector } from './read-node-problem-detector.js';
import { readRobusta } from './read-robusta.js';
import { firstStatusMarker } from './read-status-marker.js';
import { readWorkloadPhrases } from './read-workload-phrases.js';

/**
 * First match wins. Robusta and Datadog have marks no other tool prints; Grafana before
 * Alertmanager because both print the same `[FIRING:n]` title; node-problem-detector's event
 * before the generic event reader because exporters relay it like any event.
 */
const FAMILIES: readonly FamilyReader[] = [
  readRobusta,
  readDatadog,
  readGrafana,
  readAlertmanager,
  readNodeProblemDetector,
  readKubernetesEvent,
  readUnknownAlert,
];

/** The facts of an alert, OOM or not; null when the message is not an alert (chat, a pasted log). */
export function readAlert(message: unknown): AlertFacts | null {
  const parsed = SlackAlertMessage.safeParse(message);
  if (!parsed.success) return null;
  const view = viewMessage(parsed.data);
  if (view.lines.length === 0) return null;
  for (const family of FAMILIES) {
    const facts = family(view);
    if (facts !== null) return AlertFacts.parse(complete(view, facts));
  }
  return null;
}

/** The facts of an alert that names an OOM kill; null for anything else. */
export function readOomAlert(message: unknown): AlertFacts | null {
  const facts = readAlert(message);
  return facts !== null && facts.aboutOomKill ? facts : null;
}

function complete(view: MessageView, family: FamilyFacts): AlertFacts {
  const labels = workloadFromLabels(view.pairs);
  const phrases = readWorkloadPhrases(view.lines);
  const layered = (key: WorkloadKey): string | null => {
    const fromFamily = family[key];
    if (fromFamily !== undefined) return fromFamily;
    return phrases[key] ?? labels[key] ?? (key === 'pod' ? (family.shapeGuesses?.pod ?? null) : null);
  };
  const alertName = family.alertName !== undefined ? family.alertName : labels.alertName;
  const reason = family.reason !== undefined ? family.reason : labels.reason;
  const kernel = readKernelKillLine(view.lines);
  const oom = findOomEvidence({ lines: view.lines, alertName, reason, kernel });
  const memory: MemoryFigures = {
    limitBytes: family.memory?.limitBytes ?? null,
    requestBytes: family.memory?.requestBytes ?? null,
    usageBytes: family.memory?.usageBytes ?? null,
    nodeAllocatableBytes: family.memory?.nodeAllocatableBytes ?? null,
  };
  return {
    source: family.source,
    status: family.status !== undefined ? family.status : null,
    alertName,
    severity: family.severity !== undefined ? family.severity : labels.severity,
    reason,
    aboutOomKill: oom !== null,
    oomEvidence: oom?.evidence ?? null,
    oomKind: oom?.kind ?? null,
    cluster: layered('cluster'),
    namespace: layered('namespace'),
    pod: layered('pod'),
    container: layered('container'),
    node: layered('node'),
    count: family.count !== undefined ? family.count : phrases.count,
    window: family.window !== undefined ? family.window : phrases.window,
    time: family.time !== undefined ? family.time : labels.time,
    memory,
    killedProcess: kernel?.process ?? null,
  };
}

type WorkloadKey = 'cluster' | 'namespace' | 'pod' | 'container' | 'node';

interface LabelFacts {
  alertName: string | null;
  severity: string | null;
  reason: string | null;
  cluster: string | null;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  node: string | null;
  time: string | null;
}

function workloadFromLabels(pairs: LabelPairs): LabelFacts {
  // With `honor_labels: false` the scraped target's labels win and the subject's get `exported_`.
  let namespace = pick(pairs, ['exported_namespace', 'namespace', 'kube_namespace', 'k8s_namespace_name']);
  let pod = pick(pairs, ['exported_pod', 'pod', 'pod_name', 'k8s_pod_name']);
  let container = pick(pairs, ['exported_container', 'container', 'container_name', 'kube_container_name', 'k8s_container_name']);
  // An exporter's own pod labels its metrics (node-problem-detector's problem_counter, node-exporter's
  // node_vmstat_oom_kill): job=node-problem-detector, pod=node-problem-detector-bj27x. They name the
  // messenger, not the victim.
  const job = pairs.get('job');
  if (job !== undefined && pairs.get('exported_pod') === undefined && (pod?.startsWith(`${job}-`) === true || container === job)) {
    pod = null;
    container = pairs.get('exported_container') ?? null;
    namespace = pairs.get('exported_namespace') ?? null;
  }
  return {
    alertName: pick(pairs, ['alertname']),
    severity: pick(pairs, ['severity']),
    reason: pick(pairs, ['reason']),
    cluster: pick(pairs, ['cluster', 'kube_cluster_name', 'cluster_name', 'k8s_cluster_name']),
    namespace,
    pod,
    container,
    node: pick(pairs, ['node', 'kubernetes_node', 'node_name', 'k8s_node_name']),
    time: pick(pairs, ['startsat', 'starts_at', 'started', 'started_at', 'fired_at', 'timestamp']),
  };
}

const WORKLOAD_KEYS = ['alertname', 'namespace', 'pod', 'container', 'node', 'reason'];

/**
 * A template none of the readers knows, still shaped like an alert: a status marker, or labelled
 * workload values. A sentence typed by a person, a pasted kernel log and pasted `kubectl` output
 * are not alerts: the log analyser reads those.
 */
function readUnknownAlert(view: MessageView): FamilyFacts | null {
  if (isPastedKubectlOutput(view.lines)) return null;
  const marker = firstStatusMarker(view.titles, view.lines);
  const labelled = WORKLOAD_KEYS.filter((k) => view.pairs.has(k)).length;
  if (marker === null && !view.pairs.has('alertname') && labelled < 2) return null;
  return { source: 'unknown', status: marker?.status ?? null };
}

const KUBECTL_MARKS = ['Containers:', 'Last State:', 'Exit Code:', 'Restart Count:', 'QoS Class:', 'Controlled By:', 'containerStatuses:', 'lastState:'];

function isPastedKubectlOutput(lines: readonly string[]): boolean {
  return lines.some((l) => KUBECTL_MARKS.some((m) => l.trimStart().startsWith(m)));
}
