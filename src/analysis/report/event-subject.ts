import type { OomEvent } from './report-schema.js';

/**
 * What was killed, in words, for any event: the victim process when the kernel named it, the
 * Kubernetes container when only kubectl's `OOMKilled` status showed the kill (no pid is printed
 * there), or null when the kill line is not in the input.
 */
export function eventSubject(e: OomEvent): string | null {
  if (e.victim !== null) return `${e.victim.comm} (pid ${e.victim.pid})`;
  if (e.source === 'kubectl') return e.memcg?.taskPath ?? 'a Kubernetes container';
  return null;
}
