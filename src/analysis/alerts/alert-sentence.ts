/**
 * The one sentence about an OOM alert a reader needs first, written from the AlertReport's fields:
 * "Container api in payments/api-7d9f8b6c5-x2x9q was OOM-killed 3 times in 10 minutes — it hit its
 * container memory limit (exit 137)". `name` formats each name (the Slack renderer makes them code
 * spans), `quote` any other text taken from the alert (the Slack renderer escapes it).
 */
import { formatBytes } from '../units.js';
import type { AlertReport } from '../report/report-schema.js';

export interface SentenceFormat {
  name: (text: string) => string;
  quote: (text: string) => string;
}

const PLAIN: SentenceFormat = { name: (t) => t, quote: (t) => t };

export function alertSentence(alert: AlertReport, format: SentenceFormat = PLAIN): string {
  const { name, quote } = format;
  const f = alert.facts;
  const pod = alert.cluster?.pod ?? null;
  const podName = f.pod ?? pod?.name ?? null;
  const namespace = f.namespace ?? pod?.namespace ?? null;
  const container = f.container ?? pod?.container ?? null;
  const node = f.node ?? pod?.node ?? null;
  const where = podName !== null ? name(namespace !== null ? `${namespace}/${podName}` : podName) : null;

  let subject: string;
  if (f.killedProcess !== null && container === null) {
    subject = `Process ${name(f.killedProcess.comm)} (pid ${f.killedProcess.pid})${node !== null ? ` on node ${name(node)}` : ''}`;
  } else if (container !== null) subject = `Container ${name(container)}${where !== null ? ` in ${where}` : ''}`;
  else if (where !== null) subject = `Pod ${where}`;
  else if (node !== null) subject = `A process on node ${name(node)}`;
  else subject = 'A container';

  const times = f.count !== null && f.count > 1 ? ` ${f.count} times` : '';
  // "3 times in 10 minutes"; without a count, "in the last 10 minutes" / "in the last hour".
  const period = f.window?.text.replace(/^(the\s+)?(last|past)\s+/i, '') ?? null;
  const window = period === null ? '' : times !== '' && /^\d/.test(period) ? ` in ${quote(period)}` : ` in the last ${quote(period)}`;
  return `${subject} was OOM-killed${times}${window} — ${causeClause(alert, container !== null)}`;
}

function causeClause(alert: AlertReport, isContainer: boolean): string {
  const exit = alert.exitCode !== null ? ` (exit ${alert.exitCode})` : '';
  const limitBytes = alert.cluster?.pod?.limitBytes ?? alert.facts.memory.limitBytes;
  const limit = limitBytes !== null ? ` of ${formatBytes(limitBytes)}` : '';
  switch (alert.cause) {
    case 'cgroup_limit':
      return isContainer || alert.facts.oomKind === 'kubernetes-oomkilled'
        ? `it hit its container memory limit${limit}${exit}`
        : `its memory cgroup hit its limit${limit}${exit}`;
    case 'system_memory_exhausted':
      return alert.cluster?.pod?.container != null && alert.cluster.pod.limitBytes === null
        ? `it has no memory limit, so the node ran out of memory${exit}`
        : `the node ran out of memory${exit}`;
    default:
      return `the alert does not say which limit was hit${exit}`;
  }
}
