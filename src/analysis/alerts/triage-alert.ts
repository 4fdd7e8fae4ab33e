/**
 * An OOM alert's facts (and what the cluster added, when configured) → the Report's `alert`: the
 * cause, the exit code, and the read-only next steps with the alert's own names filled in. Pure.
 */
import type { AlertFacts } from './alert-facts.js';
import type { AlertReport, CauseId, ClusterFacts, Report } from '../report/report-schema.js';
import { finishSuggestion, type SuggestionDraft } from '../advice/suggestion-draft.js';
import { alertSentence } from './alert-sentence.js';

/** Exit code of a process killed by SIGKILL (128 + 9): what Kubernetes records for `OOMKilled`. */
const SIGKILL_EXIT = 137;

export function triageAlert(facts: AlertFacts, cluster: ClusterFacts | null = null): AlertReport {
  const last = cluster?.pod?.lastTerminated ?? null;
  const apiSaysOom = last?.reason === 'OOMKilled';
  return {
    facts,
    cause: alertCause(facts, cluster),
    exitCode: facts.oomKind === 'kubernetes-oomkilled' ? SIGKILL_EXIT : apiSaysOom ? last.exitCode : null,
    suggestions: nextSteps(facts, cluster).map(finishSuggestion),
    cluster,
  };
}

/** The report with its alert; when the log text held no kill, the alert's sentence is the summary. */
export function withAlert(report: Report, alert: AlertReport): Report {
  const noKill = report.events.length === 0 && report.doris === null;
  return { ...report, alert, summary: noKill ? `${alertSentence(alert)}.` : report.summary };
}

function alertCause(facts: AlertFacts, cluster: ClusterFacts | null): CauseId {
  const pod = cluster?.pod ?? null;
  // A container the API shows without a memory limit has no cgroup limit to hit: only the node's
  // memory running out can have killed it.
  const noLimit = pod !== null && pod.container !== null && pod.limitBytes === null;
  switch (facts.oomKind) {
    case 'kubernetes-oomkilled':
    case 'kernel-memcg':
      return noLimit ? 'system_memory_exhausted' : 'cgroup_limit';
    case 'kernel-global':
      return 'system_memory_exhausted';
    default:
      if (pod?.lastTerminated?.reason === 'OOMKilled') return noLimit ? 'system_memory_exhausted' : 'cgroup_limit';
      return 'unknown';
  }
}

/** Names as the commands need them; `<placeholders>` only where neither the alert nor the API said. */
function nextSteps(facts: AlertFacts, cluster: ClusterFacts | null): SuggestionDraft[] {
  const pod = facts.pod ?? cluster?.pod?.name ?? null;
  const namespace = facts.namespace ?? cluster?.pod?.namespace ?? null;
  const container = facts.container ?? cluster?.pod?.container ?? null;
  const node = facts.node ?? cluster?.pod?.node ?? null;
  const ns = `-n ${namespace ?? '<namespace>'}`;
  const out: SuggestionDraft[] = [];
  if (pod !== null) {
    out.push({
      id: 'inspect-oomkilled-pod',
      title: `Look at pod ${pod}: limits, last state, events, the logs before the kill`,
      detail:
        '`describe` shows the memory request and limit, `Last State: Terminated, Reason: OOMKilled`, the restart count and the node; ' +
        "the previous container's last log lines show what it was doing; `top` compares the live usage with the limit.",
      commands: [
        `kubectl describe pod ${pod} ${ns}`,
        `kubectl logs ${pod} ${ns}${container !== null ? ` -c ${container}` : ''} --previous`,
        `kubectl top pod ${pod} ${ns} --containers`,
      ],
    });
  } else if (node === null) {
    out.push({
      id: 'find-oomkilled-pods',
      title: 'Find the containers that were OOM-killed',
      detail: 'The alert names no pod: list the recent OOM kills the cluster recorded.',
      commands: [
        'kubectl get events -A --field-selector reason=OOMKilling',
        "kubectl get pods -A -o wide | grep -E 'OOMKilled|CrashLoopBackOff'",
      ],
    });
  }
  const kernelLog = node !== null ? [`kubectl debug node/${node} -it --image=busybox -- chroot /host dmesg -T`] : [];
  const findNode = node === null && pod !== null ? [`kubectl get pod ${pod} ${ns} -o jsonpath='{.spec.nodeName}'`] : [];
  const nodeChecks = node !== null && pod === null ? [`kubectl describe node ${node}`, `kubectl get events -A --field-selector involvedObject.name=${node}`] : [];
  if (kernelLog.length + findNode.length > 0 || nodeChecks.length > 0) {
    out.push({
      id: 'read-node-kernel-log',
      title: node !== null ? `Read the kernel's OOM report on node ${node}` : "Read the kernel's OOM report on the pod's node",
      detail:
        'The kernel logs which process it killed, its memory and the cgroup limit it hit. `kubectl debug node/…` runs a short-lived busybox pod on that node ' +
        "that reads the host's kernel log and changes nothing on the node." +
        (node === null ? ' The first command prints the node to put in `kubectl debug node/<node> -it --image=busybox -- chroot /host dmesg -T`.' : ''),
      commands: [...nodeChecks, ...findNode, ...kernelLog],
    });
  }
  return out;
}
