/**
 * Several kills: a reader needs the pattern, not 1000 identical sections. Events are grouped by
 * cause (the order of first appearance); each group is shown once through its first event.
 */
import { eventSubject } from '../analysis/report/event-subject.js';
import { killedName } from './describe-event.js';
import type { CauseId, OomEvent } from '../analysis/report/report-schema.js';

export interface CauseGroup {
  cause: CauseId;
  events: OomEvent[];
  /** The event whose details stand for the group: the first one. */
  example: OomEvent;
  /** Victim names (the container for kubectl-only kills; "nothing killed" / "kill not in the input" for events without one) and how often each was killed, most frequent first. */
  victims: { comm: string; count: number; killed: boolean }[];
}

export function groupEventsByCause(events: readonly OomEvent[]): CauseGroup[] {
  const groups = new Map<CauseId, OomEvent[]>();
  for (const e of events) {
    const list = groups.get(e.cause);
    if (list) list.push(e);
    else groups.set(e.cause, [e]);
  }
  return [...groups.entries()].map(([cause, list]) => {
    const counts = new Map<string, { count: number; killed: boolean }>();
    for (const e of list) {
      const subject = e.victim?.comm ?? eventSubject(e);
      const comm = subject ?? killedName(e);
      counts.set(comm, { count: (counts.get(comm)?.count ?? 0) + 1, killed: subject !== null });
    }
    const victims = [...counts.entries()].map(([comm, c]) => ({ comm, ...c })).sort((a, b) => b.count - a.count);
    return { cause, events: list, example: list[0]!, victims };
  });
}
