/**
 * Kubernetes `OOMKilled` container terminations → OomEvents, from `kubectl describe pod` and
 * `kubectl get pod -o yaml` text (one reader each; every pushed line goes to both, and the key
 * spelling — `Reason:` vs `reason:` — keeps them apart).
 *
 * Streaming: the driver pushes lines holding a keyword, 16 lines before each (enough to reach a
 * container's name above its `Last State` block), and every line while a reader is inside a
 * containers section or after an OOMKilled whose limit is still to come (both bounded).
 */
import type { LineConsumer } from '../stream/line-consumer.js';
import type { OomEvent } from '../report/report-schema.js';
import { buildKubectlEvent } from './build-kubectl-event.js';
import type { ContainerRecord, PodContext } from './container-record.js';
import { createDescribeReader } from './read-describe-pod.js';
import { createYamlReader } from './read-pod-yaml.js';

export interface KubectlParserOptions {
  /** Called once per OOMKilled container, in input order of the container's end, with what the advice reads. */
  onEvent(event: OomEvent, facts: KubectlFacts): void;
}

/** The pod and container an event was built from. */
export interface KubectlFacts {
  pod: PodContext;
  container: ContainerRecord;
}

export const KUBECTL_KEYWORDS = [
  'OOMKilled',
  'Containers:', // describe `Containers:` / `Init Containers:`
  'Namespace:',
  'containers:', // YAML spec.containers
  'ContainerStatuses:', // YAML initContainerStatuses
  'containerStatuses:',
  'kind: Pod',
  'namespace:',
  'describe pod',
  // Not "get pod": at 7 bytes it would cap the skip distance of the byte-level search on every
  // large log; a pasted `kubectl get pod … -o yaml` command line is within the 16-line lookbehind.
] as const;

function withFallback(pod: PodContext, fallback: PodContext): PodContext {
  return {
    name: pod.name ?? fallback.name,
    namespace: pod.namespace ?? fallback.namespace,
    node: pod.node ?? fallback.node,
    owner: pod.owner ?? fallback.owner,
    evidence: pod.evidence ?? fallback.evidence,
  };
}

export function createKubectlParser(opts: KubectlParserOptions): LineConsumer & { end(): void } {
  const emit = (pod: PodContext, container: ContainerRecord): void => opts.onEvent(buildKubectlEvent({ ...pod }, container), { pod: { ...pod }, container });
  const describe = createDescribeReader(emit);
  // A YAML paste often comes under its `kubectl get pod NAME -n NS -o yaml` line, which the describe reader reads.
  const yaml = createYamlReader((pod, container) => emit(withFallback(pod, describe.pod), container));
  return {
    keywords: KUBECTL_KEYWORDS,
    lookbehindLines: 16,
    push(line) {
      describe.push(line);
      yaml.push(line);
    },
    wantsMore: () => describe.wantsMore() || yaml.wantsMore(),
    end() {
      describe.end();
      yaml.end();
    },
  };
}
