/**
 * Suggestions for an OOMKilled container, written with the pod's own names and numbers so that
 * the commands can be pasted as they are. Placeholders in `<angle brackets>` only where the pasted
 * text did not show the value.
 */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { ContainerRecord, PodContext } from '../kubectl/container-record.js';
import { formatK8sQuantity } from '../kubectl/parse-k8s-quantity.js';
import { adviceForContainer } from './programs/known-programs.js';
import { owningWorkload } from '../kubectl/owning-workload.js';

const MI = 2 ** 20;

/** 1.5× the old limit, rounded up to 16 MiB (small limits) or 64 MiB steps: enough headroom to tell a plateau from a leak. */
export function suggestedLimitBytes(limitBytes: number): number {
  const step = limitBytes >= 256 * MI ? 64 * MI : 16 * MI;
  return Math.ceil((limitBytes * 1.5) / step) * step;
}


export function suggestKubernetes(pod: PodContext, c: ContainerRecord): SuggestionDraft[] {
  const ns = `-n ${pod.namespace ?? '<namespace>'}`;
  const podName = pod.name ?? '<pod>';
  const container = c.name ?? '<container>';
  // Unknown: most OOMKilled pods belong to a Deployment, and the placeholder says what to fill in.
  const workload = owningWorkload(pod) ?? { kind: 'deployment', name: '<deployment>' };
  const out: SuggestionDraft[] = [];
  const restarts = c.restarts !== null && c.restarts > 0 ? ` It has restarted ${c.restarts} time(s).` : '';

  if (c.limitBytes !== null && c.limitText !== null) {
    const target = formatK8sQuantity(suggestedLimitBytes(c.limitBytes));
    const patch = JSON.stringify({ spec: { template: { spec: { containers: [{ name: container, resources: { limits: { memory: target } } }] } } } });
    out.push({
      id: 'raise-container-memory-limit',
      title: `Raise the memory limit of container ${container} above ${c.limitText}`,
      detail:
        `Container \`${container}\` was killed when its memory cgroup reached the limit of ${c.limitText} ` +
        `(${c.limitBytes / 1024} kB).${restarts} Raise \`resources.limits.memory\` to at least ${target} (1.5×) if this is its normal working set` +
        (c.requestText !== null ? ` (the request is ${c.requestText}; keep it at or below the new limit)` : '') +
        `, or find what grows (below). If an operator, Helm chart or OLM subscription owns the ${workload.kind}, change it there or the next rollout reverts it.`,
      commands: [
        `kubectl ${ns} set resources ${workload.kind}/${workload.name} -c ${container} --limits=memory=${target}`,
        `kubectl ${ns} patch ${workload.kind} ${workload.name} -p '${patch}'`,
      ],
    });
  } else if (c.noLimitShown) {
    out.push({
      id: 'node-memory-pressure',
      title: `Container ${container} has no memory limit: the node ran out of memory`,
      detail:
        `No memory limit was shown for \`${container}\`, so its cgroup could not have hit one: the kernel OOM killer acted for the whole node${pod.node !== null ? ` (${pod.node})` : ''} and picked this container's process.${restarts} Set requests and limits from its observed usage so the scheduler accounts for it, and check what else runs on the node.`,
      commands: [
        `kubectl describe node ${pod.node ?? '<node>'}`,
        `kubectl top node ${pod.node ?? '<node>'}`,
        `kubectl ${ns} set resources ${workload.kind}/${workload.name} -c ${container} --requests=memory=<usage> --limits=memory=<usage × 1.5>`,
      ],
    });
  } else {
    out.push({
      id: 'show-container-memory-limit',
      title: `Look up the memory limit of container ${container}`,
      detail: `The pasted text does not show the container's \`resources\`; OOMKilled normally means its memory cgroup reached \`resources.limits.memory\`.${restarts}`,
      commands: [`kubectl ${ns} get pod ${podName} -o jsonpath='{.spec.containers[?(@.name=="${container}")].resources}'`],
    });
  }

  const runtime = runtimeHeapSuggestion(c, ns, workload, container);
  if (runtime !== null) out.push(runtime);

  out.push({
    id: 'inspect-oomkilled-container',
    title: 'See how close it runs to the limit, and what the kernel logged',
    detail:
      `Compare the live usage with the limit, read the last log lines before the kill, and get the kernel's OOM report from the node${pod.node !== null ? ` ${pod.node}` : ''} (paste it into oom-triage for the victim process and its RSS).`,
    commands: [
      `kubectl ${ns} top pod ${podName} --containers`,
      `kubectl ${ns} logs ${podName} -c ${container} --previous`,
      `kubectl ${ns} get events --field-selector involvedObject.name=${podName}`,
      'kubectl get events -A --field-selector reason=OOMKilling',
      "dmesg -T | grep -B5 -A40 'invoked oom-killer'",
    ],
  });
  return out;
}

/** The container's program, from its image and command, when the program table has advice for it. */
function runtimeHeapSuggestion(c: ContainerRecord, ns: string, workload: { kind: string; name: string }, container: string): SuggestionDraft | null {
  return adviceForContainer(c.image, c.command, {
    limitBytes: c.limitBytes,
    limitText: c.limitText,
    setEnv: (env) => `kubectl ${ns} set env ${workload.kind}/${workload.name} -c ${container} ${env}`,
    execIn: (command) => `kubectl ${ns} exec deploy/${workload.name} -c ${container} -- ${command}`,
  });
}
