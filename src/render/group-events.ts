/**
 * Several kills: a reader needs the pattern, not 1000 identical sections. Events are grouped by
 * cause (the order of first appearance); each group is shown once through its first event.
 */
import { eventSubject } from '../analysis/report/event-subject.js';
import type { CauseId, OomEvent } from '../analysis/report/report-schema.js';

export interface CauseGroup {
  cause: CauseId;
  events: OomEvent[];
  /** The event whose details stand for the group: the first one. */
  example: OomEvent;
  /** Victim names (the container for kubectl-only kills) and how often each was killed, most frequent first. */
  victims: { comm: string; count: number }[];
}

export function groupEventsByCause(events: readonly OomEvent[]): CauseGroup[] {
  const groups = new Map<CauseId, OomEvent[]>();
  for (const e of events) {
    const list = groups.get(e.cause);
    if (list) list.push(e);
    else groups.set(e.cause, [e]);
  }
  return [...groups.entries()].map(([cause, list]) => {
    const counts = new Map<string, number>();
    for (const e of list) {
      const comm = e.victim?.comm ?? eventSubject(e) ?? 'unknown';
      counts.set(comm, (counts.get(comm) ?? 0) + 1);
    }
    const victims = [...counts.entries()].map(([comm, count]) => ({ comm, count })).sort((a, b) => b.count - a.count);
    return { cause, events: list, example: list[0]!, victims };
  });
}
