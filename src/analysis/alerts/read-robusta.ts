/**
 * Robusta's Slack findings. The OOMKill playbook (`pod_oom_killer_enricher`) titles its finding
 * `Pod <pod> in namespace <ns> OOMKilled results` and adds tables of `key value` rows, printed as
 * `● Key \`value\`` lines (since 2023) or as a `label | value` text table in a code block (2022):
 * Pod, Namespace, Node Name, Container name, `Container memory` (`100MB request, 100MB limit`),
 * `Memory limit`, `Node allocated memory` (`28.47% out of 2812MB allocatable`), `Container finished
 * at`. `*Source:* \`cluster\`` names the cluster. Robusta prints MiB as `MB`.
 */
import type { AlertStatus, MemoryFigures } from './alert-facts.js';
import type { FamilyReader } from './family-facts.js';
import { pick, type MessageView } from './message-view.js';
import { parseMemoryQuantity } from './parse-memory-quantity.js';
import { slackPlainText } from './slack-message-text.js';

const ROBUSTA_MARKS = ['OOMKilled results', 'K8s event detected', 'Prometheus Alert Firing', 'Prometheus resolved', 'Pod and Node OOMKilled data'];

export const readRobusta: FamilyReader = (view) => {
  const marked = view.lines.some((l) => ROBUSTA_MARKS.some((m) => l.includes(m)));
  const sourceLine = view.rawLines.some((l) => l.trim().startsWith('*Source:* `'));
  if (!marked && !sourceLine) return null;
  const rows = robustaRows(view);
  const row = (key: string): string | null => rows.get(key) ?? pick(view.pairs, [key]);
  const memory = memoryOf(row);
  return {
    source: 'robusta',
    status: statusOf(view),
    alertName: findingTitle(view),
    severity: severityOf(view),
    cluster: pick(view.pairs, ['source']),
    ...(row('pod') !== null ? { pod: row('pod') } : {}),
    ...(row('namespace') !== null ? { namespace: row('namespace') } : {}),
    ...(row('container_name') !== null ? { container: row('container_name') } : {}),
    ...(row('node_name') !== null ? { node: row('node_name') } : {}),
    time: row('container_finished_at'),
    memory,
  };
};

/** `● Node Name \`gke-…\`` rows, keyed like label pairs (`node_name`). */
function robustaRows(view: MessageView): Map<string, string> {
  const rows = new Map<string, string>();
  for (const raw of view.rawLines) {
    const line = raw.trim();
    if (!line.startsWith('●') || !line.endsWith('`')) continue;
    const open = line.indexOf('`');
    if (open === -1 || open === line.length - 1) continue;
    const key = line.slice(1, open).trim().toLowerCase().split(' ').filter((w) => w !== '').join('_');
    const value = line.slice(open + 1, -1).trim();
    if (key !== '' && value !== '' && !rows.has(key)) rows.set(key, value);
  }
  return rows;
}

function memoryOf(row: (key: string) => string | null): Partial<MemoryFigures> {
  const mib = (text: string | null | undefined): number | null =>
    text === null || text === undefined ? null : parseMemoryQuantity(text, { bytesUnitsAreBinary: true });
  const out: Partial<MemoryFigures> = {};
  // "256MB request, 512MB limit", "No request, 512MB limit", "100MB request, No limit".
  const combined = row('container_memory');
  if (combined !== null) {
    for (const part of combined.split(',')) {
      const [amount, what] = part.trim().split(' ') as [string, string | undefined];
      if (what === 'request') out.requestBytes = mib(amount);
      if (what === 'limit') out.limitBytes = mib(amount);
    }
  }
  out.limitBytes ??= mib(row('memory_limit'));
  out.requestBytes ??= mib(row('memory_requests'));
  // "28.47% out of 2812MB allocatable" (2023 on) or "2813MB" (2022).
  const allocated = row('node_allocated_memory');
  const allocatable = allocated === null ? row('node_memory_allocatable') : between(allocated, 'out of ', ' allocatable');
  out.nodeAllocatableBytes = mib(allocatable);
  return out;
}

function between(text: string, start: string, end: string): string | null {
  const a = text.indexOf(start);
  const b = a === -1 ? -1 : text.indexOf(end, a + start.length);
  return b === -1 ? null : text.slice(a + start.length, b);
}

/** Robusta puts the finding's title alone in the message text (files follow on `* <…>` lines). */
function findingTitle(view: MessageView): string | null {
  const text = view.pieces.find((p) => p.origin === 'text');
  const first = text?.raw.split('\n')[0]?.trim();
  if (first !== undefined && first !== '') return first.startsWith('[RESOLVED] ') ? first.slice('[RESOLVED] '.length) : first;
  return null;
}

function statusOf(view: MessageView): AlertStatus | null {
  if (view.lines.some((l) => l.includes('Prometheus resolved')) || findingTitleRaw(view).startsWith('[RESOLVED]')) return 'resolved';
  if (view.lines.some((l) => l.includes('Prometheus Alert Firing'))) return 'firing';
  // A Kubernetes event (an OOM kill seen by the API server) neither fires nor resolves.
  return null;
}

function findingTitleRaw(view: MessageView): string {
  return view.pieces.find((p) => p.origin === 'text')?.raw.trim() ?? '';
}

const SEVERITIES = ['high', 'medium', 'low', 'info', 'debug'];

/** `🔴 \`high\``, `🔴 *High*`, `🔴 HIGH - …`: the first severity word of the finding's header. */
function severityOf(view: MessageView): string | null {
  const header = view.pieces.find((p) => p.origin === 'header' || p.origin === 'block');
  const line = slackPlainText(header?.raw.split('\n')[0] ?? '');
  for (const word of line.split(' ')) {
    const w = word.toLowerCase();
    if (SEVERITIES.includes(w)) return w;
  }
  return null;
}
