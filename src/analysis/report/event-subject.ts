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

/**
 * An OOM of which the input holds only the first lines of its report ("X invoked oom-killer", the
 * cpuset and CPU lines): no call trace that names a cause, no memory, cgroup or task lines and no
 * kill, because the input ends there (or the next report starts). Such an event says that it
 * happened and who asked for memory, nothing more: its cause is unknown, it has no factors of its own.
 */
export function isHeaderOnly(e: OomEvent): boolean {
  return (
    e.source === 'kernel' && e.noKill === 'input_ends' && e.victim === null && e.trigger !== null && e.cause === 'unknown' &&
    e.constraint === null && e.memcg === null && e.memInfo === null && e.zones.length === 0 && e.tasks.length === 0 && e.topTasks.length === 0 &&
    // Every line it quotes is its first one (a call-trace frame it quotes, say, is more than the header).
    new Set(e.evidence.map((x) => `${x.file ?? ''}:${x.line}`)).size <= 1
  );
}

/** "b.out (pid 812) invoked the OOM killer": who the header says asked for memory. */
export function headerWho(e: OomEvent): string {
  const t = e.trigger;
  if (t === null) return 'a process invoked the OOM killer';
  return `${t.pid !== null ? `${t.comm} (pid ${t.pid})` : t.comm} invoked the OOM killer`;
}
