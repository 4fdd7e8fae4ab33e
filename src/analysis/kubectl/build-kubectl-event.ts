/**
 * One OOMKilled container → an OomEvent. Kubernetes sets `reason: OOMKilled` when the container
 * runtime sees the container's memory cgroup `oom_kill` counter go up (containerd watches
 * `memory.events` oom_kill since containerd PR #6323; kernel-oom-formats §2.3), so the cause is the
 * container's own cgroup limit — unless the text shows the container had no memory limit, in which
 * case only a node-wide OOM can have killed it.
 */
import type { Evidence, OomEvent } from '../report/report-schema.js';
import type { ContainerRecord, PodContext, QuotedLine } from './container-record.js';

export function describeContainer(pod: PodContext, c: ContainerRecord): string {
  const parts: string[] = [];
  if (pod.name !== null) parts.push(`pod ${pod.namespace !== null ? `${pod.namespace}/` : ''}${pod.name}`);
  if (c.name !== null) parts.push(`container ${c.name}`);
  return parts.length > 0 ? parts.join(' ') : 'a Kubernetes container';
}

export function buildKubectlEvent(pod: PodContext, c: ContainerRecord): OomEvent {
  const nodeWide = c.limitBytes === null && c.noLimitShown;
  const path = describeContainer(pod, c);
  return {
    source: 'kubectl',
    noKill: null,
    rejoined: 0,
    time: c.finished,
    host: pod.node,
    kernelVersion: null,
    trigger: null,
    constraint: nodeWide ? null : 'CONSTRAINT_MEMCG',
    cause: nodeWide ? 'system_memory_exhausted' : 'cgroup_limit',
    factors: [],
    memcg: {
      taskPath: path,
      oomPath: nodeWide ? null : path,
      usageKb: null,
      limitKb: c.limitBytes === null ? null : c.limitBytes / 1024,
      failcnt: null,
      swapUsageKb: null,
      swapLimitKb: null,
      version: null,
      stat: null,
    },
    victim: null,
    topTasks: [],
    evidence: evidenceOf(pod, c, nodeWide),
    suggestions: [],
    memInfo: null,
    zones: [],
    tasks: [],
    tasksOmitted: 0,
    oomGroup: null,
    sharedMemoryKills: 0,
  };
}

function evidenceOf(pod: PodContext, c: ContainerRecord, nodeWide: boolean): Evidence[] {
  const items: [QuotedLine | null, string][] = [
    [pod.evidence, `the pod ${pod.namespace !== null ? `${pod.namespace}/` : ''}${pod.name ?? ''}`.trimEnd()],
    [c.nameLine, `the container the termination belongs to${c.name !== null ? `: ${c.name}` : ''}`],
    [
      c.oom,
      nodeWide
        ? 'Kubernetes recorded OOMKilled: the kernel OOM killer killed a process of this container'
        : "Kubernetes recorded OOMKilled: the kernel OOM killer killed a process in this container's memory cgroup",
    ],
    [c.exitLine, c.exitCode === 137 ? 'exit code 137 = 128 + 9: the process died of SIGKILL' : `exit code ${c.exitCode ?? '?'}`],
    [c.finishedLine, 'when the container was killed'],
    [c.limitLine, `the container's memory limit (resources.limits.memory = ${c.limitText ?? '?'})`],
  ];
  const seen = new Set<number>();
  const out: Evidence[] = [];
  for (const [quoted, why] of items) {
    if (quoted === null || seen.has(quoted.line)) continue;
    seen.add(quoted.line);
    out.push({ file: null, line: quoted.line, text: quoted.text, why });
  }
  return out.sort((a, b) => a.line - b.line);
}
