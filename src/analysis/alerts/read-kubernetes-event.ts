/**
 * Kubernetes events and pod watchers in Slack:
 * - kubernetes-event-exporter: the event message as text, with attachment fields set in its
 *   config (the README's: `namespace`, `reason`, `object`);
 * - kube-eventer: `Level:` / `Kind:` / `Namespace:` / `Name:` / `Reason:` / `Timestamp:` /
 *   `Message:` lines;
 * - kwatch: "kwatch detected a crash in pod" with Cluster, Name (the pod), Container, Namespace,
 *   Node and Reason fields.
 */
import type { FamilyReader } from './family-facts.js';
import { pick, type MessageView } from './message-view.js';

export const readKubernetesEvent: FamilyReader = (view) => {
  if (isKwatch(view)) {
    return {
      source: 'kubernetes-event',
      status: null,
      reason: pick(view.pairs, ['reason']),
      ...(pick(view.pairs, ['name']) !== null ? { pod: pick(view.pairs, ['name']) } : {}),
    };
  }
  const reason = pick(view.pairs, ['reason']);
  const fieldTitles = new Set(view.fields.map((f) => f.title.toLowerCase()));
  const exporter = fieldTitles.has('reason') && (fieldTitles.has('namespace') || fieldTitles.has('object'));
  const kind = pick(view.pairs, ['kind'])?.toLowerCase() ?? null;
  const eventer = view.pairs.has('level') && kind !== null && reason !== null;
  if (!exporter && !eventer) return null;
  return {
    source: 'kubernetes-event',
    status: null,
    reason,
    ...(kind === 'pod' && pick(view.pairs, ['name']) !== null ? { pod: pick(view.pairs, ['name']) } : {}),
    time: pick(view.pairs, ['timestamp', 'lasttimestamp', 'last_timestamp', 'firsttimestamp', 'first_timestamp']),
  };
};

function isKwatch(view: MessageView): boolean {
  const title = view.lines.some((l) => l.includes('kwatch detected a crash in pod') || l.trim() === 'kwatch');
  const fields = new Set(view.fields.map((f) => f.title));
  return title || (fields.has('Name') && fields.has('Container') && fields.has('Reason'));
}
