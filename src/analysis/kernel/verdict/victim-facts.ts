/**
 * The process the kernel killed. The kill line is the source; the task-table row of the same pid
 * fills in what an older kill line does not print (uid, page tables, oom_score_adj). When only the
 * "Kill process N … or sacrifice child" line survived, the victim is that process with unknown sizes;
 * likewise when only the 5.0+ `oom-kill:` summary names it (`task=…,pid=…,uid=…`, printed for the
 * victim already chosen). A dump that ended without a kill (panic_on_oom, nothing killable, the
 * victim already exiting) has no victim, and says so.
 */
import type { NoKillReason, Victim } from '../../report/report-schema.js';
import type { RawKilled, RawKillSelect, RawOomEvent, RawTask } from '../parse/raw-event.js';
import type { Reason } from './classify-cause.js';
import { formatKb } from '../../units.js';

/** How the evidence of a dump that ended without a kill begins. */
const NO_KILL_PREFIX = 'no process was killed: ';

export interface VictimFacts {
  victim: Victim | null;
  /** The victim's row in the task dump, when kept. */
  row: RawTask | null;
  reasons: Reason[];
  /** Why no victim is named, when none is. */
  noKill: NoKillReason | null;
}

export function readVictim(raw: RawOomEvent): VictimFacts {
  const k = raw.killed;
  const sel = raw.killSelect;
  const rowOf = (pid: number): RawTask | null => raw.taskTable?.tasks.find((t) => t.pid === pid) ?? null;
  const pageSizeKb = raw.pageSizeKb > 0 ? raw.pageSizeKb : 4;
  if (k !== null) {
    const row = rowOf(k.pid);
    const printsSizes = k.totalVmKb !== null || k.anonRssKb !== null || k.fileRssKb !== null || k.shmemRssKb !== null;
    const victim: Victim = {
      pid: k.pid,
      comm: k.comm,
      totalVmKb: k.totalVmKb,
      anonRssKb: k.anonRssKb,
      fileRssKb: k.fileRssKb,
      shmemRssKb: k.shmemRssKb,
      uid: k.uid ?? row?.uid ?? null,
      pgtablesKb: k.pgtablesKb ?? row?.pgtablesKb ?? null,
      oomScoreAdj: k.oomScoreAdj ?? row?.oomScoreAdj ?? null,
      fromTaskTable: printsSizes ? null : sizesFromRow(row, pageSizeKb),
    };
    const reasons: Reason[] = [{ at: k.at, why: `the kernel killed ${k.comm} (pid ${k.pid})${rssPhrase(victim)}` }];
    const chosen = sel?.pid ?? raw.summary?.pid ?? null;
    if (raw.oomGroup !== null && chosen !== null && chosen !== k.pid) {
      const who = sel !== null ? `${sel.comm} (pid ${sel.pid})` : `${raw.summary?.task ?? 'another task'} (pid ${chosen})`;
      reasons.push({ at: raw.oomGroup.at, why: `the OOM killer chose ${who}; memory.oom.group is set on ${raw.oomGroup.path}, so the kernel killed ${k.comm} (pid ${k.pid}) with every other task of that cgroup in the same OOM` });
    } else if (raw.oomGroup !== null && raw.oomGroup.pass.kills > 1) {
      reasons.push({ at: raw.oomGroup.at, why: `memory.oom.group is set on ${raw.oomGroup.path}: with ${k.comm} the kernel killed every task of that cgroup, ${raw.oomGroup.pass.kills} kills for this one OOM (not repeated OOMs)` });
    } else if (sel !== null && sel.pid !== k.pid) {
      reasons.push({ at: sel.at, why: selectedButKilled(sel, k, row) });
    } else if (sel !== null && sel.score !== null) {
      reasons.push({ at: sel.at, why: `the kernel chose ${sel.comm} (pid ${sel.pid}) with badness score ${sel.score}` });
    }
    if (raw.mmSharers.count > 0) reasons.push(sharersReason(raw, k));
    return { victim, row, reasons, noKill: null };
  }
  if (raw.interrupted !== null && raw.victimExiting === null && raw.noKillable === null) {
    // The kill line never came: an oops or panic stopped the kernel first (a chosen victim is not a killed one).
    const chose = sel !== null ? `; the kernel had chosen ${sel.comm} (pid ${sel.pid}) but its "Killed process" line never came` : '';
    return { victim: null, row: null, reasons: [{ at: raw.interrupted, why: `${NO_KILL_PREFIX}a kernel oops or panic interrupted the OOM report before any kill${chose}` }], noKill: 'interrupted' };
  }
  if (sel !== null) {
    const row = rowOf(sel.pid);
    const victim = victimWithoutSizes(sel.pid, sel.comm, null, row, pageSizeKb);
    return { victim, row, reasons: [{ at: sel.at, why: `the kernel chose ${sel.comm} (pid ${sel.pid}) to kill; ${killLineMissing(victim)}` }], noKill: null };
  }
  const noKill = noKillReason(raw);
  if (noKill !== null) return { victim: null, row: null, reasons: [noKill.reason], noKill: noKill.id };
  const s = raw.summary;
  if (s !== null && s.pid !== null && s.task !== null && s.task !== '') {
    const row = rowOf(s.pid);
    const victim = victimWithoutSizes(s.pid, s.task, s.uid, row, pageSizeKb);
    return { victim, row, reasons: [{ at: s.at, why: `the kernel's oom-kill: summary names ${s.task} (pid ${s.pid}) as the victim; ${killLineMissing(victim)}` }], noKill: null };
  }
  const r = raw.reaper;
  if (r !== null) {
    const row = rowOf(r.pid);
    const victim = victimWithoutSizes(r.pid, r.comm, null, row, pageSizeKb);
    return { victim, row, reasons: [{ at: r.at, why: `the oom_reaper, which frees the memory of OOM-killer victims only, names ${r.comm} (pid ${r.pid}): it was killed by the OOM killer; ${killLineMissing(victim)}` }], noKill: null };
  }
  if (isMemoryDumpOnly(raw)) {
    const a = raw.allocFailure;
    const why = a !== null
      ? `an allocation-failure warning, not an OOM: ${a.comm} could not get ${a.order !== null ? `an order-${a.order} allocation` : 'memory'}${a.gfpFlags !== null ? ` (${a.gfpFlags})` : a.gfpMask !== null ? ` (mode ${a.gfpMask})` : ''}; the allocation failed (or was retried) and the kernel printed its memory dump, but it did not run the OOM killer, so no process was killed with it`
      : 'a memory dump (show_mem) with no OOM-killer header or kill of its own: SysRq m, or an allocation-failure warning, printed it; it shows the memory at that moment, and no process was killed with it';
    return { victim: null, row: null, reasons: [{ at: a?.at ?? raw.meminfoAt!, why }], noKill: 'memory_dump_only' };
  }
  // The dump's kill line is not in the text (the paste or the log stops before it).
  return { victim: null, row: null, reasons: [], noKill: 'input_ends' };
}

/**
 * Before 5.1 the kernel may kill another task than the one it selected (oom_kill_process): a child
 * of it with its own memory ("sacrifice child"), or, when the selected process's main thread had
 * exited, another of its threads (find_lock_task_mm). The task-table row of the killed pid tells
 * which when its tgid is printed, and a different name points to a child; otherwise both are
 * possible and both are said.
 */
function selectedButKilled(sel: RawKillSelect, k: RawKilled, row: RawTask | null): string {
  const picked = `the kernel selected ${sel.comm} (pid ${sel.pid}${sel.score !== null ? `, score ${sel.score}` : ''})`;
  if (row?.tgid === sel.pid) return `${picked} and killed it through its thread ${k.comm} (pid ${k.pid}, thread group ${sel.pid} in the task dump): the same process, not a child`;
  // A task of its own (tgid = pid), or one named differently (threads keep the process's name unless renamed): a child.
  if ((row !== null && row.tgid === row.pid) || k.comm !== sel.comm) return `${picked} but killed its child ${k.comm} (pid ${k.pid}) instead ("sacrifice child", kernels before 5.1)`;
  return `${picked} but killed ${k.comm} (pid ${k.pid}): a child of it ("sacrifice child", kernels before 5.1) or, if its main thread had exited, another of its threads; the log does not say which`;
}

/** `Kill process N (x) sharing same memory` lines: the same kill reaching the processes that share the victim's memory. */
function sharersReason(raw: RawOomEvent, k: RawKilled): Reason {
  const { count, first } = raw.mmSharers;
  const names = first.slice(0, 3).map((p) => `${p.comm} (pid ${p.pid})`).join(', ');
  const more = count > 3 ? ` and ${count - 3} more` : '';
  return {
    at: first[0]!.at,
    why: `the kernel also killed the processes sharing ${k.comm}'s memory (${count} "sharing same memory" line${count === 1 ? '' : 's'} follow the kill: ${names}${more}): processes created with clone(CLONE_VM) use the victim's address space and die with it; this is one kill, not further OOMs, and they are not children it chose instead`,
  };
}

/** What the missing kill line costs: its sizes, unless the victim's task-table row gives them. */
function killLineMissing(v: Victim): string {
  const t = v.fromTaskTable;
  if (t === null) return 'the "Killed process" line with its sizes is not in the input';
  return `the "Killed process" line is not in the input; its row in the task dump gives rss ${formatKb(t.rssKb)}${t.swapKb !== null ? `, swap ${formatKb(t.swapKb)}` : ''} (pages × the ${formatKb(t.pageSizeKb)} page size)`;
}

/** The victim's sizes from its task-table row, pages × page size; null without a row. */
function sizesFromRow(row: RawTask | null, pageSizeKb: number): Victim['fromTaskTable'] {
  if (row === null) return null;
  return {
    rssKb: row.rssPages * pageSizeKb,
    swapKb: row.swapents === null ? null : row.swapents * pageSizeKb,
    totalVmKb: row.totalVmPages === null ? null : row.totalVmPages * pageSizeKb,
    pageSizeKb,
  };
}

/** A victim known by name only (kill-select line or oom-kill: summary): its sizes come from the task dump, if any. */
function victimWithoutSizes(pid: number, comm: string, uid: number | null, row: RawTask | null, pageSizeKb: number): Victim {
  return {
    pid,
    comm,
    totalVmKb: null,
    anonRssKb: null,
    fileRssKb: null,
    shmemRssKb: null,
    uid: uid ?? row?.uid ?? null,
    pgtablesKb: row?.pgtablesKb ?? null,
    oomScoreAdj: row?.oomScoreAdj ?? null,
    fromTaskTable: sizesFromRow(row, pageSizeKb),
  };
}

/** Why a dump has no kill, when the kernel said so (mm/oom_kill.c, 6.6.14 wording; older kernels alike). */
function noKillReason(raw: RawOomEvent): { id: NoKillReason; reason: Reason } | null {
  const x = raw.victimExiting;
  if (x !== null) {
    return { id: 'victim_exiting', reason: { at: x.at, why: `${NO_KILL_PREFIX}the chosen victim ${x.comm} (pid ${x.pid}) was already exiting, so the kernel skipped the kill: its memory is being freed anyway` } };
  }
  if (raw.noKillable === null) return null;
  const { at, why } = raw.noKillable;
  if (why === 'panic-compulsory') {
    return { id: 'panic_on_oom', reason: { at, why: `${NO_KILL_PREFIX}the kernel panicked (vm.panic_on_oom=2, which panics on every OOM, cgroup ones included) instead of killing` } };
  }
  if (why === 'panic-system') {
    return { id: 'panic_on_oom', reason: { at, why: `${NO_KILL_PREFIX}the kernel panicked (vm.panic_on_oom=1) instead of killing` } };
  }
  // out_of_memory() panics ("System is deadlocked on memory") only for a global OOM: a memcg or SysRq OOM just returns.
  const memcgOrSysrq = raw.sysrq !== null || raw.memcgMemory !== null || raw.summary?.constraint === 'CONSTRAINT_MEMCG' || raw.taskIn !== null && raw.taskIn.limitPath !== 'host';
  const then = memcgOrSysrq
    ? ', so nothing was killed; for a cgroup (or SysRq) OOM the kernel does not panic: the allocation fails or waits until memory is freed'
    : ', so the kernel panics: System is deadlocked on memory';
  return { id: 'no_killable_process', reason: { at, why: `${NO_KILL_PREFIX}no process was eligible (every candidate exempt with oom_score_adj -1000, unkillable or already dying)${then}` } };
}

/**
 * Why a victim's rss can exceed its cgroup's limit: rss counts every page the process maps, but a
 * page-cache page is charged to the cgroup that first read it (another container, the host), so the
 * file part of rss need not be charged to this cgroup at all.
 */
export const RSS_ABOVE_LIMIT_WHY = 'its rss counts every file page it maps, and a page-cache page is charged to the cgroup that first read it, which may be another one, so rss can exceed what this cgroup is charged';

/** Resident memory of the victim as the kill line prints it (anon + file + shmem), null when unknown. */
export function victimRssKb(v: Victim): number | null {
  if (v.anonRssKb === null && v.fileRssKb === null && v.shmemRssKb === null) return v.fromTaskTable?.rssKb ?? null;
  return (v.anonRssKb ?? 0) + (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0);
}

function rssPhrase(v: Victim): string {
  const parts: string[] = [];
  if (v.anonRssKb !== null) parts.push(`anon-rss ${formatKb(v.anonRssKb)}`);
  if (v.fileRssKb !== null && v.fileRssKb > 0) parts.push(`file-rss ${formatKb(v.fileRssKb)}`);
  if (v.shmemRssKb !== null && v.shmemRssKb > 0) parts.push(`shmem-rss ${formatKb(v.shmemRssKb)}`);
  if (v.totalVmKb !== null) parts.push(`total-vm ${formatKb(v.totalVmKb)}`);
  const t = v.fromTaskTable;
  if (parts.length === 0 && t !== null) {
    // The kill line prints no sizes: say where these come from, and that rss there is anon + file + shmem together.
    parts.push(`rss ${formatKb(t.rssKb)}${t.swapKb !== null ? `, swap ${formatKb(t.swapKb)}` : ''} from its row in the task dump (pages × the ${formatKb(t.pageSizeKb)} page size; the kill line prints no sizes)`);
  }
  return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}

/**
 * A memory dump with no OOM context: Mem-Info (and zones, swap) or an allocation-failure warning,
 * but no line that only an OOM prints — no header, summary, kill, cgroup block, task table or SysRq f.
 */
export function isMemoryDumpOnly(raw: RawOomEvent): boolean {
  return (
    (raw.meminfoAt !== null || raw.allocFailure !== null) &&
    raw.header === null &&
    raw.summary === null &&
    raw.sysrq === null &&
    raw.killed === null &&
    raw.killSelect === null &&
    raw.reaper === null &&
    raw.noKillable === null &&
    raw.victimExiting === null &&
    raw.taskIn === null &&
    raw.memcgLimitReached === null &&
    raw.memcgMemory === null &&
    raw.taskTable === null
  );
}
