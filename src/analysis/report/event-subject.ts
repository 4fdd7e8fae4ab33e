import type { OomEvent } from './report-schema.js';

/** How the evidence of a dump that ended without a kill begins (panic_on_oom, nothing killable, victim already exiting). */
export const NO_KILL_PREFIX = 'no process was killed: ';

/**
 * What was killed, in words, for any event: the victim process when the kernel named it, the
 * Kubernetes container when only kubectl's `OOMKilled` status showed the kill (no pid is printed
 * there), or null when the kill line is not in the input.
 */
export function eventSubject(e: OomEvent): string | null {
  if (e.victim !== null) return `${e.victim.comm} (pid ${e.victim.pid})`;
  if (isKubernetesStatusEvent(e)) return e.memcg?.taskPath ?? 'a Kubernetes container';
  return null;
}

/** A kill known only from Kubernetes' container status (`Reason: OOMKilled`), not from the kernel log. */
export function isKubernetesStatusEvent(e: OomEvent): boolean {
  return e.victim === null && e.trigger === null && e.evidence.some((ev) => ev.text.includes('OOMKilled'));
}
