/** The cluster behind the README's example alert: payments/api-7d9f8b6c5-x2x9q, OOM-killed at its 512Mi limit. */
import type { Sample } from '../../helpers/prometheus-harness.js';

export const MiB = 2 ** 20;
const NODE = 'ip-10-0-3-17.eu-west-1.compute.internal';

export function apiPod(killedAt: Date): Record<string, unknown> {
  return {
    metadata: { name: 'api-7d9f8b6c5-x2x9q', namespace: 'payments', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7d9f8b6c5', uid: 'u1' }] },
    spec: {
      nodeName: NODE,
      containers: [
        { name: 'api', image: 'registry.example.com/payments/api:1.42.0', resources: { requests: { memory: '256Mi', cpu: '250m' }, limits: { memory: '512Mi' } } },
        { name: 'envoy', image: 'envoyproxy/envoy:v1.30', resources: { limits: { memory: '128Mi' } } },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'api',
          ready: true,
          restartCount: 3,
          image: 'registry.example.com/payments/api:1.42.0',
          imageID: '',
          state: { running: { startedAt: new Date(killedAt.getTime() + 3000).toISOString() } },
          lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: new Date(killedAt.getTime() - 6 * 60_000).toISOString(), finishedAt: killedAt.toISOString() } },
        },
        { name: 'envoy', ready: true, restartCount: 0, image: 'envoyproxy/envoy:v1.30', imageID: '', state: { running: {} } },
      ],
    },
  };
}

export function apiEvents(killedAt: Date): Array<Record<string, unknown>> {
  const at = (s: number) => new Date(killedAt.getTime() + s * 1000).toISOString();
  return [
    { metadata: { name: 'api.1', namespace: 'payments' }, involvedObject: { kind: 'Pod', name: 'api-7d9f8b6c5-x2x9q', namespace: 'payments' }, reason: 'BackOff', message: 'Back-off restarting failed container api in pod api-7d9f8b6c5-x2x9q_payments', type: 'Warning', count: 2, lastTimestamp: at(2) },
    { metadata: { name: 'api.2', namespace: 'payments' }, involvedObject: { kind: 'Pod', name: 'api-7d9f8b6c5-x2x9q', namespace: 'payments' }, reason: 'Pulled', message: 'Container image "registry.example.com/payments/api:1.42.0" already present on machine', type: 'Normal', count: 4, lastTimestamp: at(1) },
    { metadata: { name: 'other.1', namespace: 'payments' }, involvedObject: { kind: 'Pod', name: 'worker-6b8d9c7f5-abcde', namespace: 'payments' }, reason: 'Scheduled', message: 'another pod', type: 'Normal', count: 1, lastTimestamp: at(0) },
  ];
}

export function apiNode(): Record<string, unknown> {
  return { metadata: { name: NODE }, status: { capacity: { memory: '8Gi', cpu: '2' }, allocatable: { memory: '7Gi', cpu: '1930m' } } };
}

/** cAdvisor's working set of `api`, every 15 s over the hour before the kill: 200 MiB climbing to 510 MiB at the kill. */
export function workingSetHistory(killedAt: Date): Sample[] {
  const end = killedAt.getTime() / 1000;
  const samples: Sample[] = [];
  for (let t = end - 3600; t <= end; t += 15) {
    const share = (t - (end - 3600)) / 3600;
    samples.push({ series: 'container_memory_working_set_bytes{namespace="payments",pod="api-7d9f8b6c5-x2x9q",container="api"}', t, value: Math.round((200 + 310 * share) * MiB) });
    // The pod-level series cAdvisor also exports (container=""): never the container's.
    samples.push({ series: 'container_memory_working_set_bytes{namespace="payments",pod="api-7d9f8b6c5-x2x9q",container=""}', t, value: 700 * MiB });
  }
  return samples;
}
