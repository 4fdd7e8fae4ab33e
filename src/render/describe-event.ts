/** Plain-text phrases about one OOM event, shared by the text, markdown and Slack renderers (no markup here). */
import { CAUSE_PHRASES, CAUSE_TITLES, NO_KILL_PHRASES, NO_KILL_TITLES } from '../analysis/report/cause-phrases.js';
import { eventSubject, headerWho, isHeaderOnly } from '../analysis/report/event-subject.js';
import type { Memcg, OomEvent, Trigger, Victim } from '../analysis/report/report-schema.js';
import { formatKb, formatShare } from '../analysis/units.js';
import { FACTOR_TITLES } from './labels.js';
import { describeTime } from './describe-time.js';

/**
 * What was killed, for a table cell: "test (pid 30211)", the container of a kubectl-only kill,
 * "nothing killed" when the kernel said so (panic, nothing killable, an oops, a memory dump), or
 * "kill not in the input" when the paste stops before it.
 */
export function killedName(e: OomEvent): string {
  return eventSubject(e) ?? (e.noKill === null || e.noKill === 'input_ends' ? 'kill not in the input' : 'nothing killed');
}

/**
 * "3 OOM kills", "3 OOM events, 2 with a kill" when some name no victim, and memory dumps with no
 * OOM counted apart ("1 OOM kill, 1 memory dump with no OOM"): the counts match the events.
 */
export function eventCount(events: readonly OomEvent[]): string {
  const dumps = events.filter((e) => e.noKill === 'memory_dump_only').length;
  const ooms = events.length - dumps;
  const kills = events.filter((e) => eventSubject(e) !== null).length;
  const dumpText = `${dumps} memory dump${dumps === 1 ? '' : 's'} with no OOM`;
  if (ooms === 0) return dumpText;
  const oomText = kills === ooms ? `${kills} OOM kill${kills === 1 ? '' : 's'}` : `${ooms} OOM event${ooms === 1 ? '' : 's'}, ${kills} with a kill`;
  return dumps > 0 ? `${oomText}, ${dumpText}` : oomText;
}

/**
 * "Killed: test (pid 30211) — parent cgroup limit": the title of a kill in every renderer (CLI text,
 * markdown, Slack), naming what was killed as event-subject.ts does: the victim process, or the
 * container of a kill known only from kubectl's `OOMKilled` status.
 */
export function killTitle(e: OomEvent): string {
  if (e.noKill === 'memory_dump_only') return 'No OOM kill: a memory dump only';
  const subject = eventSubject(e);
  return `${subject ? `Killed: ${subject}` : `OOM killer ran (${NO_KILL_TITLES[e.noKill ?? 'input_ends']})`} — ${CAUSE_TITLES[e.cause]}`;
}

/** "test (pid 30211) was killed because …" (the container for kubectl-only kills), in every renderer. */
export function killSentence(e: OomEvent): string {
  if (e.noKill === 'memory_dump_only') return 'No OOM kill is in this text: it is a memory dump (Mem-Info, zones, swap), as SysRq m or an allocation-failure warning prints it.';
  const subject = eventSubject(e);
  if (subject === null && e.noKill !== null && e.noKill !== 'input_ends') return `The OOM killer ran because ${CAUSE_PHRASES[e.cause]}, but ${NO_KILL_PHRASES[e.noKill]}.`;
  if (isHeaderOnly(e)) return `Only the first lines of this OOM's report are in the input (${headerWho(e)}): the input ends, or the next report starts, before any line that shows what ran out; the kill line is not in the input.`;
  if (subject === null) return `The OOM killer ran because ${CAUSE_PHRASES[e.cause]}; ${NO_KILL_PHRASES.input_ends}.`;
  return `${subject} was killed because ${CAUSE_PHRASES[e.cause]}.`;
}

/**
 * One line per event of a cause group beyond the one shown in full, so that grouping hides no
 * event's victim, contributing factors or panic: "#3 at 10:02:11 on web-1: java (pid 812) —
 * contributing: slab unreclaimable high".
 */
export function eventDigest(e: OomEvent, index: number): string {
  const when = e.time ? ` at ${describeTime(e.time)}` : '';
  const where = e.host ? ` on ${e.host}` : '';
  const subject = eventSubject(e);
  const what = subject ?? `nothing killed (${NO_KILL_TITLES[e.noKill ?? 'input_ends']})`;
  const factors = factorList(e);
  return `#${index + 1}${when}${where}: ${what}${factors ? ` — ${factorLabel(e).toLowerCase()}: ${factors}` : ''}`;
}

/** Time, host, kernel and constraint, as far as the log shows them. */
export function eventContext(e: OomEvent): string[] {
  const parts: string[] = [];
  parts.push(e.time ? `time ${describeTime(e.time)}` : 'time not in the log');
  if (e.host) parts.push(`host ${e.host}`);
  if (e.kernelVersion) parts.push(`kernel ${e.kernelVersion}`);
  if (e.constraint) parts.push(e.constraint);
  return parts;
}

/** The label of the factor list: a memory dump with no OOM shows conditions; it has nothing they contributed to. */
export function factorLabel(e: OomEvent): string {
  return e.noKill === 'memory_dump_only' ? 'It shows' : 'Contributing';
}

/** "3 lines wrapped by a mail client were joined back": said whenever the reading rests on rejoined lines. */
export function rejoinedNote(e: OomEvent): string | null {
  if (e.rejoined <= 0) return null;
  return e.rejoined === 1
    ? '1 line wrapped by a mail client was joined back to the log line it continues'
    : `${e.rejoined} lines wrapped by a mail client were joined back to the log lines they continue`;
}

export function factorList(e: OomEvent): string | null {
  return e.factors.length > 0 ? e.factors.map((f) => FACTOR_TITLES[f]).join('; ') : null;
}

/** "anon-rss 128 MiB · file-rss 0 B · shmem-rss 0 B · total-vm 144 MiB · page tables 296 KiB". */
export function victimSizes(v: Victim): string {
  const parts: string[] = [];
  const add = (label: string, kb: number | null): void => {
    if (kb !== null) parts.push(`${label} ${formatKb(kb)}`);
  };
  add('anon-rss', v.anonRssKb);
  add('file-rss', v.fileRssKb);
  add('shmem-rss', v.shmemRssKb);
  add('total-vm', v.totalVmKb);
  const t = v.fromTaskTable;
  if (parts.length === 0 && t !== null) {
    // The kill line printed no sizes; the task table's rss is anon + file + shmem together.
    add('rss', t.rssKb);
    add('swap', t.swapKb);
    add('total-vm', t.totalVmKb);
    add('page tables', v.pgtablesKb);
    return `${parts.join(' · ')} (from its row in the task table: pages × the ${formatKb(t.pageSizeKb)} page size)`;
  }
  add('page tables', v.pgtablesKb);
  return parts.length > 0 ? parts.join(' · ') : 'sizes not in the log';
}

export function victimIdentity(v: Victim): string {
  const bits = [`pid ${v.pid}`];
  if (v.uid !== null) bits.push(`uid ${v.uid}`);
  if (v.oomScoreAdj !== null) bits.push(`oom_score_adj ${v.oomScoreAdj}`);
  return `${v.comm} (${bits.join(', ')})`;
}

/**
 * The two cgroups an event can name, kept apart. `limit` is a cause: the OOM was confined to a
 * memory cgroup (constraint=CONSTRAINT_MEMCG, a cgroup cause, oom_memcg, v1 "limit of /a", or the
 * usage/limit block printed only for a cgroup OOM). `task` is where the victim ran (4.19+ prints
 * task_memcg on every kill, global ones too): worth saying, never as the limit that was hit. The
 * root "/" of an OOM that hit no cgroup limit is left out: a task outside any cgroup lives there,
 * and "cgroup /" would read as a limit the machine does not have.
 */
export interface EventCgroups {
  /** True when the OOM was a memory cgroup's (its limit, or a parent's, was hit). */
  cgroupOom: boolean;
  /** The cgroup whose limit was hit, when the log names it. */
  limit: string | null;
  /** The cgroup the victim ran in, when worth saying (null: not printed, or the root of an OOM that hit no cgroup limit). */
  task: string | null;
}

export function eventCgroups(e: OomEvent): EventCgroups {
  const m = e.memcg;
  if (m === null) return { cgroupOom: false, limit: null, task: null };
  const cgroupOom =
    e.constraint === 'CONSTRAINT_MEMCG' || e.cause === 'cgroup_limit' || e.cause === 'parent_cgroup_limit' || m.oomPath !== null || m.usageKb !== null || m.limitKb !== null;
  // cgroup_limit: the task's own cgroup is the one at its limit.
  const limit = cgroupOom ? (m.oomPath ?? (e.cause === 'cgroup_limit' ? m.taskPath : null)) : null;
  const task = m.taskPath === null || (!cgroupOom && m.taskPath === '/') ? null : m.taskPath;
  return { cgroupOom, limit, task };
}

/**
 * The Cgroup lines of an event (text, markdown, Slack's event fields, the web page), or none: the
 * limit that was hit with its usage, or, for an OOM that hit no cgroup limit, where the victim ran
 * said as only that.
 */
export function cgroupLines(e: OomEvent): string[] {
  const m = e.memcg;
  if (m === null) return [];
  const c = eventCgroups(e);
  if (!c.cgroupOom) return c.task === null ? [] : [ranInCgroup(c.task)];
  return [memcgUsage(m), ...memcgDetails(m)];
}

/** The cgroup a victim ran in when the OOM hit no cgroup limit, said so that it cannot read as the limit. */
export function ranInCgroup(path: string): string {
  return `task in ${path} (where it ran: this OOM hit no cgroup limit)`;
}

/** "/mm_test: usage 200 MiB of limit 200 MiB (100%), failcnt 1607" (a cgroup OOM's). */
function memcgUsage(m: Memcg): string {
  const path = m.oomPath ?? m.taskPath ?? 'cgroup';
  if (m.usageKb === null && m.limitKb === null) return m.oomPath ? `${m.oomPath} (usage and limit not in the log)` : `task in ${path}`;
  let text = `${path}: usage ${formatKb(m.usageKb)} of limit ${formatKb(m.limitKb)}`;
  if (m.usageKb !== null && m.limitKb !== null && m.limitKb > 0 && m.limitKb < 2 ** 52) {
    // Above 100% is possible (a limit written below the usage); say so instead of a bare "147%".
    text += m.usageKb > m.limitKb * 1.01 ? ` (${formatShare(m.usageKb / m.limitKb)}: usage above the limit, see why)` : ` (${formatShare(m.usageKb / m.limitKb)})`;
  }
  if (m.failcnt !== null) text += `, limit hit ${m.failcnt} time${m.failcnt === 1 ? '' : 's'} (failcnt)`;
  return text;
}

function memcgDetails(m: Memcg): string[] {
  const lines: string[] = [];
  if (m.taskPath && m.oomPath && m.taskPath !== m.oomPath) lines.push(`task's own cgroup: ${m.taskPath}`);
  if (m.version === 1 && m.usageKb !== null && m.limitKb !== null && m.swapUsageKb !== null && m.swapLimitKb !== null) {
    // cgroup v1 has no swap limit of its own: memory.memsw counts memory and swap against one combined limit.
    const limit = m.swapLimitKb >= 2 ** 50 ? m.swapLimitKb : m.limitKb + m.swapLimitKb;
    lines.push(`memory+swap (one combined limit on cgroup v1): usage ${formatKb(m.usageKb + m.swapUsageKb)} of limit ${formatKb(limit)}`);
  } else if (m.version !== 1 && (m.swapUsageKb !== null || m.swapLimitKb !== null)) {
    lines.push(`swap: usage ${formatKb(m.swapUsageKb)} of limit ${formatKb(m.swapLimitKb)}`);
  }
  return lines;
}

/** "test (pid 30211) asked for an order-0 allocation (GFP_KERNEL), oom_score_adj 0". */
export function triggerLine(t: Trigger): string {
  const who = t.pid !== null ? `${t.comm} (pid ${t.pid})` : t.comm;
  const bits: string[] = [];
  if (t.order !== null) bits.push(t.order < 0 ? 'a manual (SysRq) OOM' : `an order-${t.order} allocation`);
  if (t.gfpMask) bits.push(t.gfpFlags.length > 0 ? `gfp_mask ${t.gfpMask} (${t.gfpFlags.join('|')})` : `gfp_mask ${t.gfpMask}`);
  const what = bits.length > 0 ? ` asked for ${bits.join(', ')}` : ' invoked the OOM killer';
  return `${who}${what}`;
}
