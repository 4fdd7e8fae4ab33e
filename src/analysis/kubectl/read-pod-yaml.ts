/**
 * `kubectl get pod -o yaml` text → one ContainerRecord per container status that was OOMKilled,
 * joined with its `spec.containers` entry (image, command, `resources.limits.memory`).
 *
 * kubectl prints keys sorted, so a pod reads apiVersion, kind, metadata (… name, namespace …),
 * spec (… containers: - … name, resources …, nodeName …), status (… containerStatuses: - …
 * lastState: terminated: exitCode, finishedAt, reason …, name …). The two lists are read as
 * sections: `containers:` / `initContainers:` (state `spec`) and `containerStatuses:` /
 * `initContainerStatuses:` (state `status`). Within a list item the reader keeps the path of open
 * keys by indentation. A `lastState:`/`state:` block outside any section (a pasted fragment) opens
 * an unnamed status item.
 */
import type { InputLine } from '../input/input-line.js';
import { parseK8sQuantity } from './parse-k8s-quantity.js';
import { appendCommand, newContainerRecord, newPodContext, type ContainerRecord, type PodContext } from './container-record.js';
import { CONTAINER_NAME, readKeyValue, unquote, type KeyValue } from './read-key-value.js';

const SPEC_LISTS = new Set(['containers', 'initContainers']);
const STATUS_LISTS = new Set(['containerStatuses', 'initContainerStatuses']);
/** Lines a section may take before the reader stops asking for every line. */
const MAX_SECTION_LINES = 400;
/** Spec containers remembered per pod (a pod has a handful; the cap bounds hostile input). */
const MAX_SPECS = 64;
/** `back-off 5m0s restarting failed container=manager pod=name_namespace(uid)` in a waiting message. */
const BACKOFF_CONTAINER = /\bcontainer=([a-z0-9][-a-z0-9.]{0,252})/;
const BACKOFF_POD = /\bpod=([a-z0-9][-a-z0-9.]{0,252})_([a-z0-9][-a-z0-9]{0,62})\(/;

interface Section {
  kind: 'spec' | 'status';
  /** Column of the list's key; items and their keys are deeper. */
  indent: number;
  record: ContainerRecord | null;
  /** Open keys of the current item, innermost last. */
  path: { indent: number; key: string }[];
  /** The spec item declared `resources:` (so a missing `limits.memory` means no limit). */
  resourcesSeen: boolean;
  /** Column of the first item's dash: kubectl prints it under the key, hand-written YAML two further in. */
  itemDash: number | null;
  /** A fragment opened by a state key whose own indentation may have been lost in the paste. */
  fragment: boolean;
}

export interface YamlReader {
  push(line: InputLine): void;
  wantsMore(): boolean;
  end(): void;
}

export function createYamlReader(emit: (pod: PodContext, container: ContainerRecord) => void): YamlReader {
  let pod = newPodContext();
  const specs = new Map<string, ContainerRecord>();
  let section: Section | null = null;
  let budget = 0;
  let previous: KeyValue | null = null;
  let previousLine: InputLine | null = null;

  const closeItem = (): void => {
    if (section === null || section.record === null) return;
    const record = section.record;
    section.record = null;
    section.path = [];
    if (section.kind === 'spec') {
      if (section.resourcesSeen && record.limitText === null) record.noLimitShown = true;
      section.resourcesSeen = false;
      if (specs.size < MAX_SPECS) specs.set(record.name ?? '', record);
      return;
    }
    if (record.oom !== null) emit(pod, joinSpec(record));
  };

  const joinSpec = (status: ContainerRecord): ContainerRecord => {
    const spec = specs.get(status.name ?? '') ?? (specs.size === 1 ? [...specs.values()][0]! : null);
    if (spec === null) return status;
    return {
      ...status,
      name: status.name ?? spec.name,
      nameLine: status.nameLine ?? spec.nameLine,
      image: status.image ?? spec.image,
      command: spec.command,
      limitBytes: spec.limitBytes,
      limitText: spec.limitText,
      limitLine: spec.limitLine,
      requestText: spec.requestText,
      noLimitShown: spec.noLimitShown,
    };
  };

  const closeSection = (): void => {
    closeItem();
    section = null;
  };

  const openSection = (kind: Section['kind'], indent: number): void => {
    closeSection();
    section = { kind, indent, record: null, path: [], resourcesSeen: false, itemDash: null, fragment: false };
    budget = MAX_SECTION_LINES;
  };

  const itemField = (s: Section, kv: KeyValue, line: InputLine): void => {
    if (s.fragment && s.path.length === 1) {
      // `state:` pasted at column 0 with its children at 8: place it one level above them.
      s.path[0]!.indent = kv.indent - 2;
      s.indent = kv.indent - 3;
      s.fragment = false;
    }
    while (s.path.length > 0 && s.path[s.path.length - 1]!.indent >= kv.indent) s.path.pop();
    const record = (s.record ??= newContainerRecord());
    const where = s.path.map((p) => p.key).join('.');
    const quoted = { line: line.line, text: line.raw };
    const value = unquote(kv.value);
    if (where === '') {
      if (kv.key === 'name' && CONTAINER_NAME.test(value)) {
        record.name = value;
        record.nameLine = quoted;
      } else if (kv.key === 'image') record.image = value;
      else if (kv.key === 'restartCount') record.restarts = Number.parseInt(value, 10);
      else if ((kv.key === 'command' || kv.key === 'args') && value !== '') appendCommand(record, value);
      else if (kv.key === 'resources') s.resourcesSeen = true;
    } else if (where === 'resources.limits' && kv.key === 'memory') {
      record.limitBytes = parseK8sQuantity(value);
      record.limitText = record.limitBytes === null ? null : value;
      record.limitLine = quoted;
    } else if (where === 'resources.requests' && kv.key === 'memory') {
      record.requestText = value;
    } else if (where === 'lastState.terminated' || where === 'state.terminated') {
      if (kv.key === 'reason' && value === 'OOMKilled' && record.oom === null) record.oom = quoted;
      else if (kv.key === 'exitCode') {
        record.exitCode = Number.parseInt(value, 10);
        record.exitLine = quoted;
      } else if (kv.key === 'finishedAt') {
        record.finished = value;
        record.finishedLine = quoted;
      }
    }
    if (kv.value === '') s.path.push({ indent: kv.indent, key: kv.key });
  };

  const scalarLine = (s: Section, line: InputLine): void => {
    const record = s.record;
    if (record === null) return;
    const top = s.path[s.path.length - 1]?.key;
    const text = line.body.trim().replace(/^- +/, '');
    if (top === 'command' || top === 'args') appendCommand(record, text);
    const quoted = { line: line.line, text: line.raw };
    const container = record.name === null ? BACKOFF_CONTAINER.exec(text) : null;
    if (container !== null) {
      record.name = container[1]!;
      record.nameLine = quoted;
    }
    const owner = pod.name === null ? BACKOFF_POD.exec(text) : null;
    if (owner !== null) {
      pod.name = owner[1]!;
      pod.namespace = owner[2]!;
      pod.evidence = quoted;
    }
  };

  const podField = (kv: KeyValue, line: InputLine): void => {
    if (kv.key === 'kind' && kv.value === 'Pod') {
      closeSection();
      specs.clear();
      pod = newPodContext();
    } else if (kv.key === 'namespace' && previous !== null && previous.key === 'name' && previous.indent === kv.indent && pod.name === null) {
      pod.name = unquote(previous.value);
      pod.namespace = unquote(kv.value);
      pod.evidence = previousLine === null ? null : { line: previousLine.line, text: previousLine.raw };
    } else if (kv.key === 'nodeName') pod.node = unquote(kv.value);
  };

  return {
    push(line) {
      if (budget > 0) budget--;
      const kv = readKeyValue(line.body);
      const s = section;
      if (kv === null) {
        if (s !== null) scalarLine(s, line);
        return;
      }
      const listIndent = kv.item ? kv.dashIndent : kv.indent;
      if (s !== null && listIndent <= s.indent && !(kv.item && kv.dashIndent >= s.indent)) closeSection();
      if (section === null) {
        podField(kv, line);
        if (kv.value === '' && SPEC_LISTS.has(kv.key)) openSection('spec', kv.indent);
        else if (kv.value === '' && STATUS_LISTS.has(kv.key)) openSection('status', kv.indent);
        else if (kv.value === '' && (kv.key === 'lastState' || kv.key === 'state')) {
          // A fragment: the state block of a status item whose list header was not pasted.
          openSection('status', kv.indent - 1);
          const fragment = section as Section | null;
          if (fragment !== null) {
            fragment.fragment = true;
            itemField(fragment, kv, line);
          }
        }
      } else {
        if (kv.item) {
          section.itemDash ??= kv.dashIndent;
          if (kv.dashIndent === section.itemDash) closeItem();
        }
        itemField(section, kv, line);
      }
      previous = kv;
      previousLine = line;
    },
    wantsMore() {
      return section !== null && budget > 0;
    },
    end() {
      closeSection();
    },
  };
}
