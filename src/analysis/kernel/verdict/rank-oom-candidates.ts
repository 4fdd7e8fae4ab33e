/**
 * The task dump as the OOM killer saw it: the largest tasks with their share of the dumped RSS, and
 * each one's oom_badness(), to explain why the victim won.
 *
 *   points = rss + page-table pages + swap entries + oom_score_adj × (totalpages / 1000)
 *
 * (mm/oom_kill.c; `adj *= totalpages / 1000` is integer division). The kill line's `score S`
 * (2.6.36 to 5.0) is not these points but points × 1000 / totalpages. totalpages is RAM + swap
 * (totalram_pages(), i.e. `pages RAM` − `pages reserved`, + total_swap_pages) for a global OOM and, for a memcg OOM, the limit plus the
 * swap the cgroup may use (mem_cgroup_get_max: v1 memsw − memory, v2 swap.max, each capped by the
 * machine's swap, which a memcg dump does not print) — so it is known only when that swap part is
 * printed as zero. Kernels before 4.17 take 30 off the adj of CAP_SYS_ADMIN tasks (3% of
 * totalpages); UID 0 stands in for the capability, so for those the score is a range. Before
 * 2.6.36 badness was a different heuristic (total_vm, nice, runtime): no score is recomputed there.
 * A recomputed score is printed only when it agrees with the score the kernel printed, if any.
 */
import type { TopTask, Victim } from '../../report/report-schema.js';
import type { RawOomEvent, RawTask } from '../parse/raw-event.js';
import type { Reason } from './classify-cause.js';
import type { MemcgFacts } from './memcg-facts.js';
import type { MemoryTotals } from './memory-totals.js';
import { formatKb, isUnlimitedKb } from '../../units.js';

export const TOP_TASKS = 10;
export const OOM_SCORE_ADJ_MIN = -1000;

export interface Candidate {
  task: RawTask;
  /** oom_badness points; null when oom_score_adj ≠ 0 and totalpages is unknown. 0 for adj −1000. */
  points: number | null;
}

export interface Ranking {
  topTasks: TopTask[];
  /** Eligible tasks by points, highest first. */
  candidates: Candidate[];
  totalPages: number | null;
  reasons: Reason[];
}

/**
 * totalpages as oom_badness used it, or null when the log does not show it exactly. A memcg OOM
 * counts the cgroup's swap allowance too; only an allowance printed as zero pins it to the limit.
 */
export function totalPagesFor(memcg: MemcgFacts, totals: MemoryTotals, reservedPages: number | null = null): number | null {
  if (memcg.isMemcgOom) {
    const m = memcg.memcg;
    const limit = m?.limitKb ?? null;
    if (limit === null || isUnlimitedKb(limit)) return null;
    if (m?.swapLimitKb !== 0) return null;
    return Math.floor(limit / totals.pageSizeKb);
  }
  // totalram_pages() counts the pages the kernel manages: `pages RAM` less `pages reserved`.
  if (totals.ramKb === null || totals.totalSwapKb === null || reservedPages === null) return null;
  return Math.floor(totals.ramKb / totals.pageSizeKb) - reservedPages + Math.floor(totals.totalSwapKb / totals.pageSizeKb);
}

/** How the log's kernel turns points into the kill line's score. */
export type ScoreEra = 'pre-2.6.36' | 'root-discount' | 'plain' | 'unknown';

export function scoreEra(kernelVersion: string | null): ScoreEra {
  const m = kernelVersion === null ? null : /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(kernelVersion);
  if (m === null) return 'unknown';
  const v = Number(m[1]) * 1_000_000 + Number(m[2]) * 1000 + Number(m[3] ?? 0);
  if (v < 2_006_036) return 'pre-2.6.36';
  return v < 4_017_000 ? 'root-discount' : 'plain';
}

/**
 * The kill line's score for a task: [low, high] (a range when a root discount may apply), or null
 * when totalpages is unknown or the era computes badness differently.
 */
export function normalisedScore(task: RawTask, totalPages: number | null, pageSizeKb: number, era: ScoreEra): [number, number] | null {
  if (totalPages === null || totalPages <= 0 || era === 'pre-2.6.36') return null;
  const points = badnessPoints(task, totalPages, pageSizeKb);
  if (points === null) return null;
  const score = Math.floor((points * 1000) / totalPages);
  const rootMaybe = era !== 'plain' && (task.uid === 0 || task.uid === null);
  if (!rootMaybe || points === 0) return [score, score];
  const discounted = Math.max(1, points - 30 * Math.floor(totalPages / 1000));
  const low = Math.floor((discounted * 1000) / totalPages);
  return era === 'root-discount' && task.uid === 0 ? [low, low] : [low, score];
}

export function badnessPoints(task: RawTask, totalPages: number | null, pageSizeKb: number): number | null {
  const adj = task.oomScoreAdj ?? 0;
  if (adj === OOM_SCORE_ADJ_MIN) return 0;
  const base = task.rssPages + Math.ceil((task.pgtablesKb ?? 0) / pageSizeKb) + (task.swapents ?? 0);
  if (adj === 0) return base;
  if (totalPages === null) return null;
  return Math.max(1, base + adj * Math.floor(totalPages / 1000));
}

export function rankOomCandidates(raw: RawOomEvent, memcg: MemcgFacts, totals: MemoryTotals, victim: Victim | null): Ranking {
  const era = scoreEra(raw.kernelVersion);
  const printed = raw.killSelect !== null && victim !== null && raw.killSelect.pid === victim.pid ? raw.killSelect.score : null;
  const table = raw.taskTable;
  if (table === null || table.tasks.length === 0) return { topTasks: [], candidates: [], totalPages: null, reasons: [] };
  const pageKb = totals.pageSizeKb;
  const totalRss = table.totalRssPages;
  const topTasks: TopTask[] = [...table.tasks]
    .sort((a, b) => b.rssPages - a.rssPages)
    .slice(0, TOP_TASKS)
    .map((t) => ({
      pid: t.pid,
      comm: t.name,
      rssKb: t.rssPages * pageKb,
      oomScoreAdj: t.oomScoreAdj,
      share: totalRss > 0 ? Math.round((t.rssPages / totalRss) * 10000) / 10000 : 0,
    }));
  const totalPages = totalPagesFor(memcg, totals, raw.pagesReserved?.pages ?? null);
  const candidates = table.tasks
    .map((task) => ({ task, points: badnessPoints(task, totalPages, pageKb) }))
    .sort((a, b) => (b.points ?? b.task.rssPages) - (a.points ?? a.task.rssPages));
  const scoring = scoringFor(candidates, victim, totalPages, pageKb, era, printed);
  return { topTasks, candidates, totalPages, reasons: explain(candidates, victim, scoring, pageKb, table.rowCount) };
}

/** How tasks are described: by the kill line's score when it can be recomputed (and agrees), else by pages. */
interface Scoring {
  score: ((c: Candidate) => [number, number] | null) | null;
  totalPages: number | null;
  /** Why no score is shown, when none is. */
  without: string;
}

function scoringFor(candidates: Candidate[], victim: Victim | null, totalPages: number | null, pageKb: number, era: ScoreEra, printed: number | null): Scoring {
  if (era === 'pre-2.6.36') return { score: null, totalPages, without: 'kernels before 2.6.36 score by a different heuristic' };
  if (totalPages === null) return { score: null, totalPages, without: 'the log does not show totalpages, the RAM + swap or cgroup limit + swap the kernel divides by' };
  const score = (c: Candidate): [number, number] | null => normalisedScore(c.task, totalPages, pageKb, era);
  const mine = victim !== null ? candidates.find((c) => c.task.pid === victim.pid) : undefined;
  const range = mine !== undefined ? score(mine) : null;
  // The kernel's own number wins: a recomputation that disagrees means the dump does not show what the kernel counted.
  if (printed !== null && range !== null && (printed < range[0] - 1 || printed > range[1] + 1)) {
    return { score: null, totalPages, without: `recomputed from the dump it would not match the score ${printed} the kernel printed, so the dump does not show all the kernel counted` };
  }
  return { score, totalPages, without: '' };
}

function explain(candidates: Candidate[], victim: Victim | null, scoring: Scoring, pageKb: number, rowCount: number): Reason[] {
  if (victim === null) return [];
  const mine = candidates.find((c) => c.task.pid === victim.pid);
  if (mine === undefined) {
    const first = candidates[0]!;
    return [{ at: first.task.at, why: `${victim.comm} (pid ${victim.pid}) is not among the ${rowCount > candidates.length ? `${candidates.length} largest of ${rowCount}` : rowCount} rows of the task dump, so its oom_badness cannot be compared` }];
  }
  const reasons: Reason[] = [];
  const text = (c: Candidate): string => describeCandidate(c, scoring, pageKb);
  const scale = scoring.score !== null ? ` (totalpages ${scoring.totalPages})` : '';
  const passedOver = candidates
    .filter((c) => c.task.pid !== victim.pid && c.task.rssPages > mine.task.rssPages && (c.task.oomScoreAdj ?? 0) < (mine.task.oomScoreAdj ?? 0))
    .sort((a, b) => b.task.rssPages - a.task.rssPages)
    .slice(0, 2);
  const rival = candidates.find((c) => c.task.pid !== victim.pid && c.points !== 0 && !passedOver.includes(c));
  const mineText = text(mine);
  const noScore = scoring.score === null ? ` (no score: ${scoring.without})` : '';
  if (rival === undefined) {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} had ${mineText}${scale}${noScore}; no other task in the dump came close` });
  } else if (mine.points === null || rival.points === null) {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} had ${mineText}; the runner-up ${rival.task.name} (pid ${rival.task.pid}) ${text(rival)} — without RAM or the cgroup limit the oom_score_adj part cannot be weighed` });
  } else if (mine.points >= rival.points) {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} had ${mineText}${scale}, the highest${noScore}` });
    reasons.push({ at: rival.task.at, why: `runner-up ${rival.task.name} (pid ${rival.task.pid}) had ${text(rival)}` });
  } else {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} had ${mineText}${scale}, yet ${rival.task.name} (pid ${rival.task.pid}) had ${text(rival)}${noScore}: the kernel chose from a different set (before 5.1 a child of the chosen process, oom_kill_allocating_task, or a dump taken before the task sizes changed)` });
  }
  for (const c of passedOver) {
    const adj = c.task.oomScoreAdj ?? 0;
    const how = adj === OOM_SCORE_ADJ_MIN ? 'oom_score_adj=-1000 makes it unkillable' : `oom_score_adj=${adj} lowered it to ${text(c)}`;
    reasons.push({ at: c.task.at, why: `${c.task.name} (pid ${c.task.pid}) held more memory (rss ${formatKb(c.task.rssPages * pageKb)}) but was passed over: ${how}` });
  }
  return reasons;
}

/** "score 651 (rss … + page tables … + swap … pages, × 1000 / totalpages)" or, without a score, the pages. */
function describeCandidate(c: Candidate, scoring: Scoring, pageKb: number): string {
  const t = c.task;
  const adj = t.oomScoreAdj ?? 0;
  // A column the table does not print (early 2.6 tables have no page tables or swap) is said to be missing, not 0.
  const pgtables = t.pgtablesKb === null ? 'page tables (not printed)' : `page tables ${Math.ceil(t.pgtablesKb / pageKb)}`;
  const swap = t.swapents === null ? 'swap (not printed)' : `swap ${t.swapents}`;
  const parts = `rss ${t.rssPages} + ${pgtables} + ${swap} pages${adj !== 0 ? `, oom_score_adj ${adj}` : ''}`;
  const range = scoring.score !== null ? scoring.score(c) : null;
  if (range !== null) {
    const [low, high] = range;
    const score = low === high ? `score ${low}` : `score ${low}–${high} (${low} if it ran as root: 3% off before 4.17)`;
    return `${score} (${parts}; × 1000 / totalpages, the scale of the kill line's score)`;
  }
  const sum = t.rssPages + Math.ceil((t.pgtablesKb ?? 0) / pageKb) + (t.swapents ?? 0);
  return `${sum} pages (${parts})`;
}
