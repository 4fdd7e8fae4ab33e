/**
 * The process the kernel killed. The kill line is the source; the task-table row of the same pid
 * fills in what an older kill line does not print (uid, page tables, oom_score_adj). When only the
 * "Kill process N … or sacrifice child" line survived, the victim is that process with unknown sizes;
 * likewise when only the 5.0+ `oom-kill:` summary names it (`task=…,pid=…,uid=…`, printed for the
 * victim already chosen). A dump that ended without a kill (panic_on_oom, nothing killable, the
 * victim already exiting) has no victim, and says so.
 */
import type { NoKillReason, Victim } from '../../report/report-schema.js';
import type { RawOomEvent, RawTask } from '../parse/raw-event.js';
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
  if (k !== null) {
    const row = rowOf(k.pid);
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
    };
    const reasons: Reason[] = [{ at: k.at, why: `the kernel killed ${k.comm} (pid ${k.pid})${rssPhrase(victim)}` }];
    if (sel !== null && sel.pid !== k.pid) {
      reasons.push({ at: sel.at, why: `the kernel selected ${sel.comm} (pid ${sel.pid}${sel.score !== null ? `, score ${sel.score}` : ''}) but killed its child ${k.comm} (pid ${k.pid}) instead ("sacrifice child", kernels before 5.1)` });
    } else if (sel !== null && sel.score !== null) {
      reasons.push({ at: sel.at, why: `the kernel chose ${sel.comm} (pid ${sel.pid}) with badness score ${sel.score}` });
    }
    return { victim, row, reasons, noKill: null };
  }
  if (raw.interrupted !== null && raw.victimExiting === null && raw.noKillable === null) {
    // The kill line never came: an oops or panic stopped the kernel first (a chosen victim is not a killed one).
    const chose = sel !== null ? `; the kernel had chosen ${sel.comm} (pid ${sel.pid}) but its "Killed process" line never came` : '';
    return { victim: null, row: null, reasons: [{ at: raw.interrupted, why: `${NO_KILL_PREFIX}a kernel oops or panic interrupted the OOM report before any kill${chose}` }], noKill: 'interrupted' };
  }
  if (sel !== null) {
    const row = rowOf(sel.pid);
    const victim = victimWithoutSizes(sel.pid, sel.comm, null, row);
    return { victim, row, reasons: [{ at: sel.at, why: `the kernel chose ${sel.comm} (pid ${sel.pid}) to kill; the "Killed process" line with its sizes is not in the input` }], noKill: null };
  }
  const noKill = noKillReason(raw);
  if (noKill !== null) return { victim: null, row: null, reasons: [noKill.reason], noKill: noKill.id };
  const s = raw.summary;
  if (s !== null && s.pid !== null && s.task !== null && s.task !== '') {
    const row = rowOf(s.pid);
    const victim = victimWithoutSizes(s.pid, s.task, s.uid, row);
    return { victim, row, reasons: [{ at: s.at, why: `the kernel's oom-kill: summary names ${s.task} (pid ${s.pid}) as the victim; the "Killed process" line with its sizes is not in the input` }], noKill: null };
  }
  const r = raw.reaper;
  if (r !== null) {
    const row = rowOf(r.pid);
    const victim = victimWithoutSizes(r.pid, r.comm, null, row);
    return { victim, row, reasons: [{ at: r.at, why: `the oom_reaper, which frees the memory of OOM-killer victims only, names ${r.comm} (pid ${r.pid}): it was killed by the OOM killer; the "Killed process" line with its sizes is not in the input` }], noKill: null };
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

/** A victim known by name only (kill-select line or oom-kill: summary): its sizes come from the task dump, if any. */
function victimWithoutSizes(pid: number, comm: string, uid: number | null, row: RawTask | null): Victim {
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

/** Resident memory of the victim as the kill line prints it (anon + file + shmem), null when unknown. */
export function victimRssKb(v: Victim): number | null {
  if (v.anonRssKb === null && v.fileRssKb === null && v.shmemRssKb === null) return null;
  return (v.anonRssKb ?? 0) + (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0);
}

function rssPhrase(v: Victim): string {
  const parts: string[] = [];
  if (v.anonRssKb !== null) parts.push(`anon-rss ${formatKb(v.anonRssKb)}`);
  if (v.fileRssKb !== null && v.fileRssKb > 0) parts.push(`file-rss ${formatKb(v.fileRssKb)}`);
  if (v.shmemRssKb !== null && v.shmemRssKb > 0) parts.push(`shmem-rss ${formatKb(v.shmemRssKb)}`);
  if (v.totalVmKb !== null) parts.push(`total-vm ${formatKb(v.totalVmKb)}`);
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
