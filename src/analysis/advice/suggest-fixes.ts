/**
 * All suggestions for one event, most relevant first: the fix for the cause, then the victim's own
 * settings, then the contributing factors, then how to steer the OOM killer, then strict overcommit.
 */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { suggestCgroup, suggestKmemFromSlab } from './suggest-cgroup.js';
import { suggestNuma } from './suggest-numa.js';
import { suggestFragmentation } from './suggest-fragmentation.js';
import { suggestSystem, suggestOvercommit } from './suggest-system.js';
import { suggestVictimProgram } from './suggest-victim-program.js';
import { suggestOomScore } from './suggest-oom-score.js';
import { suggestInvestigation } from './suggest-investigation.js';

/** More than this many suggestions stops being read. */
export const MAX_SUGGESTIONS = 8;

export function suggestFixes(ctx: SuggestionContext): SuggestionDraft[] {
  const all = [
    ...suggestInvestigation(ctx),
    ...suggestKmemFromSlab(ctx),
    ...suggestCgroup(ctx),
    ...suggestNuma(ctx),
    ...suggestFragmentation(ctx),
    ...suggestVictimProgram(ctx),
    ...suggestSystem(ctx),
    ...suggestOomScore(ctx),
    ...suggestOvercommit(ctx),
  ];
  // Swap already full comes before any program's settings: it says the machine had nothing left to give.
  const swapFull = all.findIndex((s) => s.id === 'swap-full');
  if (swapFull > 0) {
    const [entry] = all.splice(swapFull, 1);
    const firstFix = all.findIndex((s) => s.id !== 'find-full-dump' && s.id !== 'find-sysrq-user');
    all.splice(firstFix === -1 ? all.length : firstFix, 0, entry!);
  }
  const seen = new Set<string>();
  return all.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true))).slice(0, MAX_SUGGESTIONS);
}
