/**
 * `kubectl describe pod` text → one ContainerRecord per container that was OOMKilled.
 *
 * Layout (kubectl/pkg/describe, stable since Kubernetes 1.0; `Last State` since 1.1, kubernetes#10861):
 *   Name:/Namespace:/Node:/Controlled By:   (column 0)
 *   Containers:                             (also `Init Containers:`)
 *     <name>:                               (column 2)
 *       Image:, Command:, Args:, State:, Last State: (Reason:, Exit Code:, Started:, Finished:),
 *       Ready:, Restart Count:, Limits: (memory:), Requests: (memory:), Environment:, Mounts:
 *   Conditions:/Volumes:/QoS Class:/Events: (column 0) end the containers.
 * Pastes are often partial (a container's block only, or only its `Last State`), so a field line
 * with no container header before it opens an unnamed container.
 *
 * States: `outside` (no container open), `container` (fields attach to the open container); within
 * a container, `block` says which State block a Reason belongs to and `sub` which list a line extends.
 */
import type { InputLine } from '../input/input-line.js';
import { parseK8sQuantity } from './parse-k8s-quantity.js';
import { appendCommand, newContainerRecord, newPodContext, type ContainerRecord, type PodContext } from './container-record.js';
import { CONTAINER_NAME, describeTimeToIso, readKeyValue } from './read-key-value.js';
import { readKubectlCommand } from './read-kubectl-command.js';

const POD_KEYS = new Set([
  'Name', 'Namespace', 'Priority', 'Priority Class Name', 'Service Account', 'Node', 'Start Time', 'Labels', 'Annotations',
  'Status', 'Reason', 'Message', 'IP', 'IPs', 'Controlled By', 'Containers', 'Init Containers', 'Conditions', 'Volumes',
  'QoS Class', 'Node-Selectors', 'Tolerations', 'Events', 'Image(s)', 'Replication Controllers',
]);
const CONTAINER_FIELDS = new Set(['Container ID', 'Image', 'Image ID', 'State', 'Last State', 'Last Termination State']);
/** Fields printed after `Limits:`; reaching one with no memory limit means the container has none. */
const AFTER_LIMITS = new Set(['Requests', 'Liveness', 'Readiness', 'Startup', 'Environment', 'Environment Variables from', 'Mounts']);

/** Lines a `Containers:` section may take before the reader stops asking for every line. */
const MAX_SECTION_LINES = 400;
/** Lines after a `Reason: OOMKilled` outside a `Containers:` section (a partial paste) to look for its `Limits:`. */
const MAX_AFTER_OOM_LINES = 60;

export interface DescribeReader {
  push(line: InputLine): void;
  wantsMore(): boolean;
  end(): void;
  /** The pod of the latest `Name:`/`Namespace:` or command line (shared with the YAML reader). */
  readonly pod: PodContext;
}

export function createDescribeReader(emit: (pod: PodContext, container: ContainerRecord) => void): DescribeReader {
  let pod = newPodContext();
  let current: ContainerRecord | null = null;
  let headerIndent = -1;
  let block: 'state' | 'last' | null = null;
  /** States already printed for the open container: a second `State:` starts the next (pasted) container. */
  const statesSeen = new Set<string>();
  let blockIsOom = false;
  let sub: 'limits' | 'requests' | 'list' | null = null;
  let subIndent = 0;
  let inSection = false;
  /** Lines the reader still wants pushed whatever they hold (bounded, so a cut-off paste cannot pin the driver). */
  let budget = 0;

  const closeContainer = (): void => {
    if (current !== null && current.oom !== null) emit(pod, current);
    current = null;
    block = null;
    sub = null;
  };

  const openContainer = (record: ContainerRecord, indent: number): void => {
    closeContainer();
    current = record;
    headerIndent = indent;
    statesSeen.clear();
  };

  const podField = (key: string, value: string, line: InputLine): void => {
    switch (key) {
      case 'Name':
        closeContainer();
        inSection = false;
        pod = newPodContext();
        pod.name = value || null;
        pod.evidence = { line: line.line, text: line.raw };
        break;
      case 'Namespace':
        pod.namespace = value || null;
        break;
      case 'Node':
        pod.node = value.split('/')[0] || null;
        break;
      case 'Controlled By':
        pod.owner = value || null;
        break;
      case 'Containers':
      case 'Init Containers':
        closeContainer();
        inSection = true;
        budget = MAX_SECTION_LINES;
        break;
      default:
        closeContainer();
        inSection = false;
    }
  };

  const containerField = (c: ContainerRecord, key: string, value: string, indent: number, line: InputLine): void => {
    const quoted = { line: line.line, text: line.raw };
    if (sub !== null && indent > subIndent) {
      if (sub === 'list') appendCommand(c, `${key}: ${value}`);
      else if (key === 'memory' && sub === 'limits') {
        c.limitBytes = parseK8sQuantity(value);
        c.limitText = c.limitBytes === null ? null : value;
        c.limitLine = quoted;
      } else if (key === 'memory') c.requestText = value;
      return;
    }
    sub = null;
    if (AFTER_LIMITS.has(key) && c.limitText === null) c.noLimitShown = true;
    switch (key) {
      case 'Image':
        c.image = value;
        break;
      case 'Command':
      case 'Args':
        sub = 'list';
        subIndent = indent;
        if (value !== '') appendCommand(c, value);
        break;
      case 'State':
      case 'Last State':
      case 'Last Termination State':
        block = key === 'State' ? 'state' : 'last';
        blockIsOom = false;
        break;
      case 'Reason':
        if (block !== null && value === 'OOMKilled' && c.oom === null) {
          c.oom = quoted;
          blockIsOom = true;
          budget = Math.max(budget, MAX_AFTER_OOM_LINES);
        }
        break;
      case 'Exit Code':
        if (blockIsOom) {
          c.exitCode = Number.parseInt(value, 10);
          c.exitLine = quoted;
        }
        break;
      case 'Finished':
        if (blockIsOom) {
          c.finished = describeTimeToIso(value);
          c.finishedLine = quoted;
        }
        break;
      case 'Restart Count':
        c.restarts = Number.parseInt(value, 10);
        block = null;
        break;
      case 'Limits':
      case 'Requests':
        sub = key === 'Limits' ? 'limits' : 'requests';
        subIndent = indent;
        block = null;
        break;
      case 'Ready':
        block = null;
        break;
    }
  };

  return {
    push(line) {
      if (budget > 0) budget--;
      // A `kubectl …` word inside a container's Command/Args is the container's, not the paste's.
      const inList = current !== null && sub === 'list';
      const command = !inList && (line.body.includes('kubectl') || line.body.includes('oc ')) ? readKubectlCommand(line.body) : null;
      if (command !== null) {
        closeContainer();
        pod = newPodContext();
        pod.name = command.name;
        pod.namespace = command.namespace;
        pod.evidence = { line: line.line, text: line.raw };
        return;
      }
      const kv = readKeyValue(line.body);
      if (kv === null) {
        // `Command:`/`Args:` list their words one per line, without a key.
        const words = line.body.trim();
        if (current !== null && sub === 'list' && words !== '') appendCommand(current, words);
        return;
      }
      const { indent, key, value } = kv;
      if (value === '' && indent <= 2 && CONTAINER_NAME.test(key)) {
        openContainer(newContainerRecord(key, { line: line.line, text: line.raw }), indent);
        return;
      }
      if (indent === 0 && POD_KEYS.has(key)) {
        podField(key, value, line);
        return;
      }
      const repeated = current !== null && (key === 'State' || key === 'Last State') && statesSeen.has(key);
      if ((current === null || repeated) && CONTAINER_FIELDS.has(key)) openContainer(newContainerRecord(), repeated ? headerIndent : indent - 1);
      if (key === 'State' || key === 'Last State') statesSeen.add(key);
      if (current !== null && indent > headerIndent) containerField(current, key, value, indent, line);
    },
    wantsMore() {
      return budget > 0 && (inSection || (current !== null && current.oom !== null));
    },
    end() {
      closeContainer();
      inSection = false;
    },
    get pod() {
      return pod;
    },
  };
}
