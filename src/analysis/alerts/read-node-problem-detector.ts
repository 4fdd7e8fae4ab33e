/**
 * node-problem-detector's `OOMKilling` node event, as event exporters relay it: reason
 * `OOMKilling`, source `kernel-monitor`, the kernel's kill line as the message. The event belongs
 * to the Node (its namespace is `default` by convention, not a workload's) and names only a process,
 * so the workload stays unknown; the node comes from the event's object name
 * (`<node>.<16 hex digits>` is the event's own name) when the exporter prints it.
 */
import type { FamilyReader } from './family-facts.js';
import { pick } from './message-view.js';

export const readNodeProblemDetector: FamilyReader = (view) => {
  const reason = pick(view.pairs, ['reason']);
  const kernelMonitor = view.lines.some((l) => l.includes('kernel-monitor'));
  if (reason?.toLowerCase() !== 'oomkilling' && !kernelMonitor) return null;
  const kind = pick(view.pairs, ['kind', 'involvedobject.kind'])?.toLowerCase() ?? null;
  const objectName = kind === 'node' ? pick(view.pairs, ['name']) : null;
  return {
    source: 'node-problem-detector',
    status: null,
    reason,
    node: pick(view.pairs, ['node', 'host', 'hostname', 'source.host']) ?? (objectName === null ? null : nodeOfEventName(objectName)),
    namespace: null,
    pod: null,
    container: null,
    time: pick(view.pairs, ['timestamp', 'lasttimestamp', 'last_timestamp', 'firsttimestamp', 'first_timestamp']),
  };
};

/** `cn-shanghai.10.68.68.84.161d4864605be234` → `cn-shanghai.10.68.68.84`. */
function nodeOfEventName(name: string): string {
  const dot = name.lastIndexOf('.');
  const tail = name.slice(dot + 1);
  const hex = tail.length === 16 && [...tail].every((c) => '0123456789abcdef'.includes(c));
  return dot > 0 && hex ? name.slice(0, dot) : name;
}
