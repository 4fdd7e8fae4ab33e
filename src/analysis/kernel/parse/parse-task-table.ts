/**
 * The task table (dump_tasks), read by its header's column names so every era works:
 * - `[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name` (2.6.3x)
 * - `… rss nr_ptes swapents oom_score_adj name` (3.x), `… nr_ptes nr_pmds swapents …` (~4.1–4.14)
 * - `… rss pgtables_bytes swapents …` (4.15, af5b0f6); `[  pid  ]` and `%7d` pids (4.19, c3b78b1)
 * - `… rss rss_anon rss_file rss_shmem pgtables_bytes swapents …` (newer kernels)
 * Memory stays bounded: only the TASKS_KEPT largest rows (rss + swap + page tables, the
 * oom_badness base) are kept; every row counts towards the totals.
 */
import { TASKS_KEPT, type LineRef, type RawTask, type RawTaskTable } from './raw-event.js';
import { intBetween, words } from './read-dump-fields.js';

export interface TaskTableReader {
  /** Reads one row; returns why it could not be read, or null. */
  addRow(pid: number, rest: string, at: LineRef): string | null;
  result(): RawTaskTable;
}

/** The header's columns (after `[ pid ]`), or why they are not a task-table header. */
export function readTaskColumns(afterPid: string): string[] | string {
  const columns = words(afterPid);
  if (columns[columns.length - 1] !== 'name') return 'a task-table header that does not end with "name"';
  if (!columns.includes('rss') && !columns.includes('rss_anon')) return 'a task-table header without an rss column';
  return columns.slice(0, -1);
}

export function createTaskTableReader(at: LineRef, columns: readonly string[], pageSizeKb: number): TaskTableReader {
  const kept: { task: RawTask; weight: number }[] = [];
  let minIndex = -1;
  let rowCount = 0;
  let totalRssPages = 0;
  let protectedCount = 0;
  /** The numbers of the row being read, reused row after row (a table can have 200,000 rows). */
  const numbers: number[] = columns.map(() => 0);
  /** A column's number in the row just read (the last such column if the header repeats it), or null without that column. */
  const column = (name: string): () => number | null => {
    const at = columns.lastIndexOf(name);
    return at === -1 ? () => null : () => numbers[at]!;
  };
  const uid = column('uid');
  const tgid = column('tgid');
  const totalVm = column('total_vm');
  const rss = column('rss');
  const rssAnon = column('rss_anon');
  const rssFile = column('rss_file');
  const rssShmem = column('rss_shmem');
  const nrPtes = column('nr_ptes');
  const nrPmds = column('nr_pmds');
  const pgtablesBytes = column('pgtables_bytes');
  const swapentsColumn = column('swapents');
  const oomScoreAdjColumn = column('oom_score_adj');

  const findMin = (): void => {
    minIndex = 0;
    for (let i = 1; i < kept.length; i++) if (kept[i]!.weight < kept[minIndex]!.weight) minIndex = i;
  };

  return {
    addRow(pid, rest, lineAt) {
      let pos = 0;
      for (let i = 0; i < columns.length; i++) {
        while (rest.charCodeAt(pos) === 0x20 || rest.charCodeAt(pos) === 0x09) pos++;
        let end = pos;
        while (end < rest.length && rest.charCodeAt(end) !== 0x20 && rest.charCodeAt(end) !== 0x09) end++;
        const n = intBetween(rest, pos, end);
        if (n === null) return `a task row whose ${columns[i]!} column is not a number`;
        numbers[i] = n;
        pos = end;
      }
      const name = rest.slice(pos).trim();
      if (name === '') return 'a task row without a process name';
      const anon = rssAnon();
      const file = rssFile();
      const shmem = rssShmem();
      const rssPages = rss() ?? (anon ?? 0) + (file ?? 0) + (shmem ?? 0);
      const ptes = nrPtes();
      const bytes = pgtablesBytes();
      const pgtablesKb = bytes !== null ? bytes / 1024 : ptes !== null ? (ptes + (nrPmds() ?? 0)) * pageSizeKb : null;
      const swapents = swapentsColumn();
      const oomScoreAdj = oomScoreAdjColumn();
      rowCount++;
      totalRssPages += rssPages;
      if (oomScoreAdj === -1000) protectedCount++;
      const weight = rssPages + (swapents ?? 0) + (pgtablesKb ?? 0) / pageSizeKb;
      if (kept.length >= TASKS_KEPT) {
        if (weight <= kept[minIndex]!.weight) return null;
      }
      const task: RawTask = {
        pid,
        uid: uid(),
        tgid: tgid(),
        totalVmPages: totalVm(),
        rssPages,
        rssAnonPages: anon,
        rssFilePages: file,
        rssShmemPages: shmem,
        pgtablesKb,
        swapents,
        oomScoreAdj,
        name,
        at: lineAt,
      };
      if (kept.length < TASKS_KEPT) kept.push({ task, weight });
      else kept[minIndex] = { task, weight };
      if (kept.length === TASKS_KEPT) findMin();
      return null;
    },
    result() {
      const tasks = [...kept].sort((a, b) => b.weight - a.weight).map((k) => k.task);
      return { at, tasks, rowCount, totalRssPages, protectedCount };
    },
  };
}
