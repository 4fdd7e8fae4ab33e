/**
 * What the verdict decided and the facts it decided from: the advice stage reads this to make
 * suggestions that use the log's own numbers.
 */
import type { CauseId, FactorId, TopTask, Trigger, Victim } from '../../report/report-schema.js';
import type { RawOomEvent } from '../parse/raw-event.js';
import type { MemcgFacts } from './memcg-facts.js';
import type { MemoryTotals } from './memory-totals.js';
import type { UnknownBecause } from './classify-cause.js';

export interface VerdictFacts {
  raw: RawOomEvent;
  cause: CauseId;
  /** Why the cause is `unknown` (null for every other cause). */
  unknownBecause: UnknownBecause | null;
  factors: FactorId[];
  victim: Victim | null;
  trigger: Trigger | null;
  memcg: MemcgFacts;
  totals: MemoryTotals;
  topTasks: TopTask[];
}
