/**
 * The workload a pod belongs to: what to change (the advice's `kubectl set resources`) and what stays
 * the same while its pods come and go (the kill history's fingerprint).
 */
import type { PodContext } from './container-record.js';

export interface Workload {
  /** Lower-case kind as kubectl takes it: `deployment`, `statefulset`, `daemonset`, `job`, `replicationcontroller`. */
  kind: string;
  name: string;
}

/** A Deployment's ReplicaSet name ends in the pod template hash: `web-7d9f8b6c5`. */
const TEMPLATE_HASH = /-[a-z0-9]{5,10}$/;
/** A Deployment's pod: `name-<pod template hash>-<5 random chars>`. */
const DEPLOYMENT_POD = /^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/;

/** From `Controlled By:` when printed, else the pod name's Deployment pattern; null when neither shows it. */
export function owningWorkload(pod: PodContext): Workload | null {
  const owner = /^(ReplicaSet|StatefulSet|DaemonSet|Job|ReplicationController)\/(\S+)$/.exec(pod.owner ?? '');
  if (owner !== null) {
    const kind = owner[1]!;
    if (kind === 'ReplicaSet') return { kind: 'deployment', name: owner[2]!.replace(TEMPLATE_HASH, '') };
    return { kind: kind.toLowerCase(), name: owner[2]! };
  }
  const fromPod = DEPLOYMENT_POD.exec(pod.name ?? '');
  return fromPod !== null ? { kind: 'deployment', name: fromPod[1]! } : null;
}
