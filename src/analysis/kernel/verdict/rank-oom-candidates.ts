/**
 * The task dump as the OOM killer saw it: the largest tasks with their share of the dumped RSS, and
 * each one's oom_badness() points, to explain why the victim won (seed 003).
 *
 *   points = rss + page-table pages + swap entries + oom_score_adj × (totalpages / 1000)
 *
 * (mm/oom_kill.c; `adj *= totalpages / 1000` is integer division). totalpages is the memcg limit in
 * pages for a memcg OOM (mem_cgroup_get_max; its swap part is left out here), else RAM + swap pages
 * (totalram_pages() + total_swap_pages). oom_score_adj −1000 means "never kill". Kernels before
 * 4.17 also took 30 adj off root-capable tasks; that is not modelled (UID 0 is not the capability).
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

export function totalPagesFor(memcg: MemcgFacts, totals: MemoryTotals): number | null {
  const limit = memcg.isMemcgOom ? memcg.memcg?.limitKb ?? null : null;
  if (limit !== null && !isUnlimitedKb(limit)) return Math.floor(limit / totals.pageSizeKb);
  if (memcg.isMemcgOom) return null;
  if (totals.ramKb === null) return null;
  return Math.floor((totals.ramKb + (totals.totalSwapKb ?? 0)) / totals.pageSizeKb);
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
  const totalPages = totalPagesFor(memcg, totals);
  const candidates = table.tasks
    .map((task) => ({ task, points: badnessPoints(task, totalPages, pageKb) }))
    .sort((a, b) => (b.points ?? b.task.rssPages) - (a.points ?? a.task.rssPages));
  return { topTasks, candidates, totalPages, reasons: explain(candidates, victim, totalPages, pageKb, table.rowCount) };
}

function explain(candidates: Candidate[], victim: Victim | null, totalPages: number | null, pageKb: number, rowCount: number): Reason[] {
  if (victim === null) return [];
  const mine = candidates.find((c) => c.task.pid === victim.pid);
  if (mine === undefined) {
    const first = candidates[0]!;
    return [{ at: first.task.at, why: `${victim.comm} (pid ${victim.pid}) is not among the ${rowCount > candidates.length ? `${candidates.length} largest of ${rowCount}` : rowCount} rows of the task dump, so its oom_badness cannot be compared` }];
  }
  const reasons: Reason[] = [];
  const scale = totalPages !== null ? ` (totalpages ${totalPages})` : '';
  const passedOver = candidates
    .filter((c) => c.task.pid !== victim.pid && c.task.rssPages > mine.task.rssPages && (c.task.oomScoreAdj ?? 0) < (mine.task.oomScoreAdj ?? 0))
    .sort((a, b) => b.task.rssPages - a.task.rssPages)
    .slice(0, 2);
  const rival = candidates.find((c) => c.task.pid !== victim.pid && c.points !== 0 && !passedOver.includes(c));
  const mineText = pointsText(mine, pageKb);
  if (rival === undefined) {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} scored ${mineText}${scale}; no other task in the dump came close` });
  } else if (mine.points === null || rival.points === null) {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} had ${mineText}; the runner-up ${rival.task.name} (pid ${rival.task.pid}) ${pointsText(rival, pageKb)} — without RAM or the cgroup limit the oom_score_adj part cannot be weighed` });
  } else if (mine.points >= rival.points) {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} scored ${mineText}${scale}, the highest` });
    reasons.push({ at: rival.task.at, why: `runner-up ${rival.task.name} (pid ${rival.task.pid}) scored ${pointsText(rival, pageKb)}` });
  } else {
    reasons.push({ at: mine.task.at, why: `oom_badness: ${victim.comm} scored ${mineText}${scale}, yet ${rival.task.name} (pid ${rival.task.pid}) scored ${pointsText(rival, pageKb)}: the kernel chose from a different set (a sacrificed child, oom_kill_allocating_task, or a dump taken before the task sizes changed)` });
  }
  for (const c of passedOver) {
    const adj = c.task.oomScoreAdj ?? 0;
    const how = adj === OOM_SCORE_ADJ_MIN ? 'oom_score_adj=-1000 makes it unkillable' : `oom_score_adj=${adj} lowered it to ${pointsText(c, pageKb)}`;
    reasons.push({ at: c.task.at, why: `${c.task.name} (pid ${c.task.pid}) held more memory (rss ${formatKb(c.task.rssPages * pageKb)}) but was passed over: ${how}` });
  }
  return reasons;
}

function pointsText(c: Candidate, pageKb: number): string {
  const t = c.task;
  const adj = t.oomScoreAdj ?? 0;
  const parts = `rss ${t.rssPages} + page tables ${Math.ceil((t.pgtablesKb ?? 0) / pageKb)} + swap ${t.swapents ?? 0} pages${adj !== 0 ? `, oom_score_adj ${adj}` : ''}`;
  if (c.points === null) return `${t.rssPages} pages before oom_score_adj ${adj} (totalpages unknown; ${parts})`;
  return `${c.points} point${c.points === 1 ? "" : "s"} (${parts})`;
}
