/**
 * Per-program memory settings when the victim (or the task that dominated the dump) is a known
 * server, with numbers computed from the memory it competed for (the cgroup limit of a memcg OOM,
 * else RAM) and its resident size in the log. The programs and their advice are in the program
 * table (programs/known-programs.ts), which the Kubernetes advice reads too.
 */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { memoryBudget } from './suggestion-context.js';
import { victimRssKb } from '../kernel/verdict/victim-facts.js';
import { adviceForProcess, programForComm } from './programs/known-programs.js';

/**
 * A program holding less than this share of the memory it competed for (or, with no size in the
 * log, less than SMALL_PROGRAM_KB) did not cause the shortage: sizing its caches from the machine
 * (a 3.7 MiB mysqld told to take 60% of RAM) would be advice about the wrong process.
 */
export const MIN_PROGRAM_SHARE = 0.1;
export const SMALL_PROGRAM_KB = 64 * 1024;

export function isSmallForBudget(rssKb: number | null, budget: { kb: number } | null): boolean {
  if (rssKb === null) return false;
  return budget !== null ? rssKb < budget.kb * MIN_PROGRAM_SHARE : rssKb < SMALL_PROGRAM_KB;
}

export function suggestVictimProgram(ctx: SuggestionContext): SuggestionDraft[] {
  const budget = memoryBudget(ctx);
  const seen = new Set<string>();
  const out: SuggestionDraft[] = [];
  const consider = (comm: string, pid: number, rssKb: number | null): void => {
    if (isSmallForBudget(rssKb, budget)) return;
    const s = adviceForProcess({ comm, pid, rssKb, budget });
    if (s === null || seen.has(s.id)) return;
    seen.add(s.id);
    out.push(s);
  };
  if (ctx.victim !== null) consider(ctx.victim.comm, ctx.victim.pid, victimRssKb(ctx.victim));
  const top = ctx.topTasks[0];
  if (top !== undefined && ctx.factors.includes('single_dominant_consumer')) consider(top.comm, top.pid, top.rssKb);
  return out;
}

export function isKnownProgram(comm: string): boolean {
  return programForComm(comm) !== null;
}
