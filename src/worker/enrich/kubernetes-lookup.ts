/**
 * The Kubernetes half of alert enrichment, through the official client (@kubernetes/client-node):
 * the pod (its container's memory request and limit, last termination, restarts, node), the pod's
 * recent events, and the node's allocatable memory. Exactly three read calls — get pod, list events,
 * get node — which is what deploy/kubernetes/rbac grants. Each has its own deadline; a call that
 * fails or misses it becomes a gap, never an exception. Nothing of the credentials is logged: only
 * the part, the reason and the HTTP status.
 */
import { ApiException, CoreV1Api, KubeConfig, type ConfigurationOptions, type RequestContext, type ResponseContext, type V1Pod, type V1Node, type CoreV1Event } from '@kubernetes/client-node';
// The generated client's own Observable (the package has no `exports` map): its middleware hooks return one.
import { of } from '@kubernetes/client-node/dist/gen/rxjsStub.js';
import type { ClusterEvent, ClusterNode, ClusterPod, EnrichmentGap } from '../../analysis/report/report-schema.js';
import { parseK8sQuantity } from '../../analysis/kubectl/parse-k8s-quantity.js';
import type { Logger } from '../../logger.js';
import { DeadlineExceeded, withDeadline } from './with-deadline.js';

export interface KubernetesSource {
  mode: 'in-cluster' | 'kubeconfig';
  /** Kubeconfig file (mode `kubeconfig`); null: kubectl's default. */
  kubeconfig: string | null;
}

export interface KubernetesLookup {
  pod(namespace: string, name: string, container: string | null): Promise<ClusterPod | EnrichmentGap>;
  events(namespace: string, pod: string): Promise<ClusterEvent[] | EnrichmentGap>;
  node(name: string): Promise<ClusterNode | EnrichmentGap>;
}

/** Events kept per pod, newest last. */
const MAX_EVENTS = 10;

export function createKubernetesLookup(source: KubernetesSource, timeoutMs: number, log: Logger): KubernetesLookup {
  const kc = new KubeConfig();
  if (source.mode === 'in-cluster') kc.loadFromCluster();
  else if (source.kubeconfig !== null) kc.loadFromFile(source.kubeconfig);
  else kc.loadFromDefault();
  const api = kc.makeApiClient(CoreV1Api);

  const call = async <T>(part: EnrichmentGap['part'], run: (options: ConfigurationOptions) => Promise<T>): Promise<T | EnrichmentGap> => {
    try {
      return await withDeadline(timeoutMs, (signal) =>
        run({
          // The signal is set on each request, so a missed deadline closes its connection too.
          middleware: [
            {
              pre: (ctx: RequestContext) => {
                ctx.setSignal(signal);
                return of(ctx);
              },
              post: (res: ResponseContext) => of(res),
            },
          ],
          middlewareMergeStrategy: 'append',
        }),
      );
    } catch (err) {
      const gap = gapFor(part, err);
      // The status, or the client's own sentence ("HTTP protocol is not allowed…"): never a request's headers.
      const detail = err instanceof ApiException ? { status: err.code } : { err: err instanceof Error ? err.message.slice(0, 200) : String(err) };
      log.warn({ part, reason: gap.reason, ...detail }, 'kubernetes lookup left out');
      return gap;
    }
  };

  return {
    pod: (namespace, name, container) => call('pod', async (options) => podFacts(await api.readNamespacedPod({ name, namespace }, options), container)),
    events: (namespace, pod) =>
      call('events', async (options) => {
        const list = await api.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${pod}` }, options);
        return list.items.map(eventFacts).sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '')).slice(-MAX_EVENTS);
      }),
    node: (name) => call('node', async (options) => nodeFacts(await api.readNode({ name }, options))),
  };
}

function gapFor(part: EnrichmentGap['part'], err: unknown): EnrichmentGap {
  if (err instanceof DeadlineExceeded) return { part, reason: 'timeout' };
  if (err instanceof ApiException) {
    if (err.code === 401 || err.code === 403) return { part, reason: 'forbidden' };
    if (err.code === 404) return { part, reason: 'not_found' };
  }
  return { part, reason: 'error' };
}

function bytesOf(quantity: string | undefined): number | null {
  return quantity === undefined ? null : parseK8sQuantity(quantity);
}

/** The container the alert names, else the pod's only container; null when neither decides. */
export function podFacts(pod: V1Pod, wanted: string | null): ClusterPod {
  const specs = pod.spec?.containers ?? [];
  const spec = wanted !== null ? specs.find((c) => c.name === wanted) : specs.length === 1 ? specs[0] : undefined;
  const status = spec !== undefined ? pod.status?.containerStatuses?.find((s) => s.name === spec.name) : undefined;
  const last = status?.lastState?.terminated;
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    node: pod.spec?.nodeName ?? null,
    container: spec?.name ?? null,
    requestBytes: bytesOf(spec?.resources?.requests?.['memory']),
    limitBytes: bytesOf(spec?.resources?.limits?.['memory']),
    restartCount: status?.restartCount ?? null,
    lastTerminated:
      last === undefined
        ? null
        : { reason: last.reason ?? null, exitCode: last.exitCode ?? null, startedAt: isoOf(last.startedAt), finishedAt: isoOf(last.finishedAt) },
  };
}

function eventFacts(e: CoreV1Event): ClusterEvent {
  return {
    time: isoOf(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp),
    type: e.type ?? null,
    reason: e.reason ?? null,
    message: e.message ?? '',
    count: e.count ?? null,
  };
}

function nodeFacts(node: V1Node): ClusterNode {
  return {
    name: node.metadata?.name ?? '',
    capacityBytes: bytesOf(node.status?.capacity?.['memory']),
    allocatableBytes: bytesOf(node.status?.allocatable?.['memory']),
  };
}

/** The client turns RFC 3339 times into Dates (some as strings, by version); ISO 8601 either way. */
function isoOf(t: Date | string | undefined | null): string | null {
  if (t === undefined || t === null) return null;
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace('.000Z', 'Z');
}
