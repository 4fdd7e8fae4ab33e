/**
 * What an alert posted in a Slack channel says about an OOM kill, and the message shape it is read
 * from. Alerts from Alertmanager, Grafana, Datadog, Kubernetes event exporters and Robusta name a
 * workload and say "OOMKilled" but carry no kernel log; these facts are what the bot can act on
 * before anyone pastes one.
 */
import { z } from 'zod';

/**
 * Whose message format was read. An event exporter relaying node-problem-detector's `OOMKilling`
 * node event counts as `node-problem-detector` (the event is NPD's, verbatim); an Alertmanager or
 * Grafana alert on NPD's metrics counts as `alertmanager` / `grafana`.
 */
export const AlertSource = z.enum([
  'alertmanager',
  'grafana',
  'datadog',
  'kubernetes-event',
  'node-problem-detector',
  'robusta',
  'unknown',
]);
export type AlertSource = z.infer<typeof AlertSource>;

export const AlertStatus = z.enum(['firing', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/**
 * Which kind of OOM kill the alert names.
 * - `kubernetes-oomkilled`: Kubernetes' container termination reason `OOMKilled` (exit 137). It
 *   says the kernel killed a process in the container's cgroup, not which limit was hit.
 * - `kernel-memcg` / `kernel-global`: the kernel's own kill line, inside a memory cgroup
 *   (`Memory cgroup out of memory`) or system-wide (`Out of memory: Killed process`).
 * - `kernel-unknown`: a kernel OOM kill reported without its line (NPD's `OOMKilling` counter).
 * - `unspecified`: only the alert's name or wording says OOM.
 */
export const OomKind = z.enum(['kubernetes-oomkilled', 'kernel-memcg', 'kernel-global', 'kernel-unknown', 'unspecified']);
export type OomKind = z.infer<typeof OomKind>;

/** The process the kernel's kill line names (node-problem-detector events carry it verbatim). */
export const KilledProcess = z.object({
  pid: z.number().int().nonnegative(),
  comm: z.string(),
  anonRssBytes: z.number().nonnegative().nullable(),
});
export type KilledProcess = z.infer<typeof KilledProcess>;

/** Memory figures the alert states, in bytes; null where it states none. */
export const MemoryFigures = z.object({
  limitBytes: z.number().nonnegative().nullable(),
  requestBytes: z.number().nonnegative().nullable(),
  usageBytes: z.number().nonnegative().nullable(),
  nodeAllocatableBytes: z.number().nonnegative().nullable(),
});
export type MemoryFigures = z.infer<typeof MemoryFigures>;

/** A period the alert counts over ("in the last 10 minutes"), as printed and in seconds. */
export const AlertWindow = z.object({ text: z.string(), seconds: z.number().positive() });
export type AlertWindow = z.infer<typeof AlertWindow>;

export const AlertFacts = z.object({
  source: AlertSource,
  /** Null for one-shot notifications (events, Robusta findings), which neither fire nor resolve. */
  status: AlertStatus.nullable(),
  alertName: z.string().nullable(),
  severity: z.string().nullable(),
  /** Kubernetes' reason as the alert states it (`OOMKilled`, `OOMKilling`, `ErrImagePull`, …). */
  reason: z.string().nullable(),
  aboutOomKill: z.boolean(),
  /** The words that named the OOM kill, as found; null when none did. */
  oomEvidence: z.string().nullable(),
  oomKind: OomKind.nullable(),
  cluster: z.string().nullable(),
  namespace: z.string().nullable(),
  pod: z.string().nullable(),
  container: z.string().nullable(),
  node: z.string().nullable(),
  /** How many times the alert says the container was killed (or restarted while OOMKilled). */
  count: z.number().int().nonnegative().nullable(),
  window: AlertWindow.nullable(),
  /** When the kill happened as the alert prints it (not reformatted: zones vary by tool). */
  time: z.string().nullable(),
  memory: MemoryFigures,
  killedProcess: KilledProcess.nullable(),
});
export type AlertFacts = z.infer<typeof AlertFacts>;

/** A legacy attachment field (Alertmanager `fields`, kubernetes-event-exporter's `fields`). */
export const SlackField = z.object({ title: z.string().optional(), value: z.string().optional() });
export type SlackField = z.infer<typeof SlackField>;

export const SlackAttachment = z.object({
  title: z.string().optional(),
  title_link: z.string().optional(),
  text: z.string().optional(),
  fallback: z.string().optional(),
  pretext: z.string().optional(),
  footer: z.string().optional(),
  fields: z.array(SlackField).optional(),
  /** Robusta and newer integrations put Block Kit blocks inside attachments. */
  blocks: z.array(z.unknown()).optional(),
});
export type SlackAttachment = z.infer<typeof SlackAttachment>;

/** A Slack message as plain data: what an integration posted, as the bot receives it. */
export const SlackAlertMessage = z.object({
  text: z.string().optional(),
  /** The poster's display name (`AlertManager` and `Grafana` by default); optional help only. */
  username: z.string().optional(),
  attachments: z.array(SlackAttachment).optional(),
  blocks: z.array(z.unknown()).optional(),
});
export type SlackAlertMessage = z.infer<typeof SlackAlertMessage>;
