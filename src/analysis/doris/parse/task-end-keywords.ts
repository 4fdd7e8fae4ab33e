/**
 * The keywords that bring a cancelled task's end line to the Doris parser.
 *
 * A busy BE logs a query-end line every few lines (`Query X deconstructed, , deregister
 * query/load memory tracker, queryId=X, …`, reference §4d, or the older `Deregister query/load
 * memory tracker, queryId=X, …`), but only the ends of cancelled tasks matter ("cancel stuck",
 * reference §7 rule 6). So instead of asking for every end line, the parser asks (through the
 * driver's dynamicKeywords) for the end lines of the tasks it is waiting for: `queryId=X`, for the
 * id as the cancel line printed it and as the lower-case key it is matched by. Both end formats
 * hold it, and a task cancelled for its memory always had a tracker to deregister. (Not also
 * `Query X deconstructed`: the search's cost grows with the distinct byte pairs at the start of
 * its keywords, and every `queryId=…` shares all but one of them.) Beyond MAX_AWAITED_TASKS tasks
 * the list would slow the search, so it falls back to every end line.
 */
import type { CancelRecord } from './cancel-log.js';

/** Tasks waited for by name; more than this and every end line is asked for. */
export const MAX_AWAITED_TASKS = 64;

/** What every end line holds (both formats above). */
export const ANY_TASK_END = [' deconstructed', 'egister query/load memory tracker'] as const;

/** `Query#Id=5F1C…` → `5F1C…`: the id as the end line prints it. */
function printedId(task: string): string {
  const at = task.indexOf('#Id=');
  return (at === -1 ? task : task.slice(at + 4)).trim();
}

export function taskEndKeywords(awaiting: Iterable<CancelRecord>, count: number): readonly string[] {
  if (count > MAX_AWAITED_TASKS) return ANY_TASK_END;
  const keywords = new Set<string>();
  for (const record of awaiting) {
    for (const id of new Set([printedId(record.task), record.key])) {
      // An id the end line cannot print as one token: only the generic search finds its end.
      if (id.length === 0 || /[\s,]/.test(id)) return ANY_TASK_END;
      keywords.add(`queryId=${id}`);
    }
  }
  return [...keywords];
}
