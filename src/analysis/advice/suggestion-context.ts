/** What every suggestion family reads: the decided verdict and the facts it was decided from. */
import type { FactorId } from '../report/report-schema.js';
import type { VerdictFacts } from '../kernel/verdict/verdict-facts.js';
import { isUnlimitedKb, formatKb } from '../units.js';

export type SuggestionContext = VerdictFacts;

/** The memory the victim competed for: the cgroup limit of a memcg OOM, else RAM; null when the log shows neither. */
export function memoryBudget(ctx: SuggestionContext): { kb: number; what: string } | null {
  const limit = ctx.memcg.isMemcgOom ? ctx.memcg.memcg?.limitKb ?? null : null;
  if (limit !== null && !isUnlimitedKb(limit)) {
    return { kb: limit, what: `the ${formatKb(limit)} limit of cgroup ${ctx.memcg.memcg?.oomPath ?? ''}`.replace(/ $/, '') };
  }
  if (ctx.totals.ramKb !== null) return { kb: ctx.totals.ramKb, what: `the ${formatKb(ctx.totals.ramKb)} of RAM` };
  return null;
}

export function has(ctx: SuggestionContext, factor: FactorId): boolean {
  return ctx.factors.includes(factor);
}
