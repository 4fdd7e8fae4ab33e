/**
 * The state machine of one host's kernel log: it turns classified lines into RawOomEvents.
 *
 *   Idle ──header / sysrq / oom-kill: / "Memory limit reached"──▶ InDump
 *   Idle ──Task in … / memory: usage / Memory cgroup stats / task-table header──▶ InDump (an excerpt that starts after the header)
 *   Idle ──oom_reaper line naming a pid no kill named──▶ Idle (a victim known from the reaper only)
 *   Idle ──Mem-Info: with no OOM line before it, or "page allocation failure"──▶ InDump (SysRq m, an allocation-failure warning: a memory dump only)
 *   Idle ──SLUB: Unable to allocate──▶ AfterSlabFailure ──cache line(s)──▶ Idle (the failures join the next dump)
 *   InDump / AwaitKilled ──BUG:, Oops, Kernel panic──▶ (same state; the dump is marked interrupted unless its kill still comes)
 *   InDump ⇄ InMemInfo (Mem-Info counters) ⇄ InMemcgStats (v2 memory.stat lines) ⇄ InTaskTable
 *   InDump ──Kill process … (≤5.0)──▶ AwaitKilled ──Killed process──▶ AfterKill
 *   InDump ──Killed process──▶ AfterKill
 *   InDump / AwaitKilled ──"no killable processes", panic_on_oom, "OOM victim … is already exiting"──▶ Idle (a dump without a kill)
 *   Idle ──Kill process / Killed process (no dump before it: rate-limited header)──▶ AwaitKilled / AfterKill
 *   AfterKill ──oom_reaper / memory.oom.group kills──▶ AfterKill ──a few lines──▶ Idle
 *   AwaitKilled ──the same selection again──▶ AwaitKilled; AfterKill ──the same pid killed again at once──▶ AfterKill
 *     (concurrent 2.6 OOM runs print the same choice and kill twice: one kill)
 *
 * A dump whose kill never comes is emitted with truncated=true when the next dump starts, the
 * input ends, the host is silent for a minute, or no dump line arrives for DUMP_SILENCE_LINES.
 */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { emptyRawEvent, MM_SHARERS_KEPT, SLAB_FAILURES_KEPT, type RawOomEvent } from './raw-event.js';
import { createTaskTableReader, type TaskTableReader } from './parse-task-table.js';
import { addCounters, addIssue, addSlabCache, addStatValue, fillDumpLine, lineRef } from './fill-raw-event.js';
import { createSecondsApart } from '../../input/seconds-apart.js';

export type DumpState = 'Idle' | 'InDump' | 'InMemInfo' | 'InMemcgStats' | 'InTaskTable' | 'AwaitKilled' | 'AfterKill' | 'AfterSlabFailure';

/** A dump with no line of its own for this many physical lines is closed (truncated). */
export const DUMP_SILENCE_LINES = 2000;
/** A later line of the same host this many seconds after the dump's last line closes it. */
export const DUMP_GAP_SECONDS = 60;
/** Lines of this host after a kill during which oom_reaper and memory.oom.group lines still attach. */
const AFTER_KILL_LINES = 8;
/** Lines after a kill-select line during which its `Killed process` line is awaited. */
const AWAIT_KILLED_LINES = 16;
/** Physical lines after which an AwaitKilled/AfterKill state is given up even if the host went silent. */
const KILL_SILENCE_LINES = 64;
/** Members of a memory.oom.group are killed in one pass; a kill later than this is a new OOM. */
const GROUP_KILL_SECONDS = 1;
/** Kills of one memory.oom.group held together (waiting for their reaper lines) before they are emitted. */
const MAX_PENDING_KILLS = 32;
/** Lines after a SLUB failure during which its `cache:` line (and further failures) are read. */
const AFTER_SLAB_LINES = 8;
/** A dump that begins this many physical lines after the last SLUB failure still gets it (the failures precede the OOM they cause). */
const SLAB_ATTACH_LINES = 256;
/** Victims remembered so that a later oom_reaper line about one of them is not taken for a new kill. */
const RECENT_VICTIMS = 64;

export interface DumpMachine {
  readonly state: DumpState;
  push(line: InputLine, k: KernelLine): void;
  /** Closes whatever is open if nothing arrived for too long (`lineNo` is the current physical line). */
  expire(lineNo: number): void;
  /** Emits whatever is open (end of input, or the host is evicted). */
  close(): void;
  /** Counts wrapped lines joined back into the line just pushed (wrapped-records.ts) on the event that took it. */
  addRejoined(lines: number): void;
}

export function createDumpMachine(onEvent: (event: RawOomEvent) => void): DumpMachine {
  const secondsApart = createSecondsApart();
  let state: DumpState = 'Idle';
  /** The dump being read (InDump…AwaitKilled). */
  let event: RawOomEvent | null = null;
  let table: TaskTableReader | null = null;
  /** Kills read but not yet emitted (AfterKill), and the dump they came from (for group kills). */
  let pending: RawOomEvent[] = [];
  let groupBase: RawOomEvent | null = null;
  /** Time of the first kill of the group: members are killed in the same instant. */
  let groupTime: string | null = null;
  let lastLine = 0;
  let lastTime: string | null = null;
  let linesInState = 0;
  /** SLUB failures read while Idle, waiting for the dump they lead to. */
  let slabFailures: RawOomEvent['slabFailures'] = [];
  let slabLine = 0;
  /** Pids this host's kills (and reaper-only victims) named, most recent last. */
  const recentVictims: number[] = [];
  /** `pid@time` of this host's recent kill lines: the same kill pasted twice (a quoted mail, a log given twice) is one kill. */
  const recentKills: string[] = [];
  const rememberVictim = (pid: number): void => {
    if (recentVictims.includes(pid)) return;
    recentVictims.push(pid);
    if (recentVictims.length > RECENT_VICTIMS) recentVictims.shift();
  };

  const open = (line: InputLine, headerMissing: boolean): RawOomEvent => {
    const e = emptyRawEvent(line.line);
    e.time = line.time;
    e.host = line.host;
    e.format = line.format;
    e.headerMissing = headerMissing;
    if (slabFailures.length > 0 && line.line - slabLine <= SLAB_ATTACH_LINES) e.slabFailures = slabFailures;
    slabFailures = [];
    event = e;
    return e;
  };

  const touch = (e: RawOomEvent, line: InputLine): void => {
    if (line.line > e.lastLine) e.lastLine = line.line;
    lastLine = line.line;
    if (line.time !== null) lastTime = line.time;
  };

  const finishTable = (): void => {
    if (table !== null && event !== null) event.taskTable = table.result();
    table = null;
  };

  /** Emits the open dump (a dump without its kill line is truncated). */
  const emitDump = (): void => {
    finishTable();
    if (event !== null) {
      if (event.killed === null && event.noKillable === null && event.victimExiting === null) event.truncated = true;
      onEvent(event);
    }
    event = null;
    state = 'Idle';
  };

  const flushPending = (): void => {
    for (const e of pending) onEvent(e);
    pending = [];
    groupBase = null;
    state = 'Idle';
  };

  const closeAll = (): void => {
    if (state === 'AfterKill') flushPending();
    else if (state === 'AfterSlabFailure') state = 'Idle';
    else if (state !== 'Idle') emitDump();
  };

  const toAfterKill = (e: RawOomEvent): void => {
    finishTable();
    event = null;
    pending = [e];
    groupBase = e;
    groupTime = lastTime;
    linesInState = 0;
    state = 'AfterKill';
  };

  const applyKilled = (e: RawOomEvent, line: InputLine, k: Extract<KernelLine, { kind: 'killed' }>): void => {
    const { kind: _kind, ...fields } = k;
    e.killed = { at: lineRef(line), ...fields };
    e.interrupted = null; // the kill came after all
    rememberVictim(k.pid);
    if (line.time !== null) {
      recentKills.push(`${k.pid}@${line.time}`);
      if (recentKills.length > RECENT_VICTIMS) recentKills.shift();
    }
    touch(e, line);
  };

  /**
   * An oom_reaper line with no kill line before it (a grep for `oom_reaper`, or an excerpt that
   * starts after the kill): the reaper works only on OOM victims, so it names one. A pid a kill
   * already named is the same victim (the reaper retries, and reaps each thread group once).
   */
  const reaperOnly = (line: InputLine, k: Extract<KernelLine, { kind: 'reaper' | 'reaperUnable' }>): void => {
    if (k.pid === null || k.comm === null || recentVictims.includes(k.pid)) return;
    rememberVictim(k.pid);
    const e = open(line, false);
    e.reaper = { at: lineRef(line), pid: k.pid, comm: k.comm, anonRssKb: null, fileRssKb: null, shmemRssKb: null };
    touch(e, line);
    event = null;
    onEvent(e);
  };

  /** A dump line that the kernel prints after the header: an excerpt that starts late opens its event here. */
  const startLate = (line: InputLine, k: KernelLine): void => {
    open(line, false);
    touch(event!, line);
    state = 'InDump';
    inDump(event!, line, k);
  };

  /** Idle: only lines that can begin an event matter. */
  const start = (line: InputLine, k: KernelLine): void => {
    switch (k.kind) {
      case 'header':
      case 'summary':
      case 'memcgLimitReached':
      case 'allocFailure':
        fillDumpLine(open(line, false), line, k);
        touch(event!, line);
        state = 'InDump';
        return;
      case 'sysrq': {
        const e = open(line, false);
        e.sysrq = lineRef(line);
        touch(e, line);
        state = 'InDump';
        return;
      }
      case 'killSelect': {
        const e = open(line, true);
        e.killSelect = { at: lineRef(line), pid: k.pid, comm: k.comm, score: k.score, message: k.message };
        touch(e, line);
        linesInState = 0;
        state = 'AwaitKilled';
        return;
      }
      case 'killed': {
        const e = open(line, true);
        applyKilled(e, line, k);
        toAfterKill(e);
        return;
      }
      case 'noKillable': {
        const e = open(line, false);
        e.noKillable = { at: lineRef(line), why: k.why };
        touch(e, line);
        emitDump();
        return;
      }
      case 'taskIn':
      case 'usage':
      case 'memcgStats':
      case 'taskHeader':
      case 'memInfo':
        return startLate(line, k);
      case 'slubFailure':
        slabFailures = slabFailures.length < SLAB_FAILURES_KEPT ? [...slabFailures, { at: lineRef(line), cache: null, cgroup: null }] : slabFailures;
        slabLine = line.line;
        linesInState = 0;
        state = 'AfterSlabFailure';
        return;
      case 'reaper':
      case 'reaperUnable':
        return reaperOnly(line, k);
      default:
        return;
    }
  };

  /** True when the open dump already holds more than a SysRq line (a new header starts a new dump). */
  const hasContent = (e: RawOomEvent): boolean =>
    e.header !== null || e.summary !== null || e.meminfoAt !== null || e.zones.length > 0 || e.taskTable !== null || table !== null || e.memcgMemory !== null || e.taskIn !== null;

  const inDump = (e: RawOomEvent, line: InputLine, k: KernelLine): void => {
    // Leaving a sub-state: any dump line that is not a continuation of it.
    if (k.kind !== 'other' && k.kind !== 'dumpNoise') {
      if (state === 'InTaskTable' && k.kind !== 'taskRow') finishTable();
      if (state !== 'InDump' && !(state === 'InMemInfo' && k.kind === 'counters') && !(state === 'InMemcgStats' && k.kind === 'statValue') && !(state === 'InTaskTable' && k.kind === 'taskRow')) {
        state = 'InDump';
      }
    }
    switch (k.kind) {
      case 'header':
        if (hasContent(e)) return restart(line, k);
        break;
      case 'summary':
        if (e.summary !== null) return restart(line, k);
        break;
      case 'allocFailure':
        if (hasContent(e) || e.allocFailure !== null) return restart(line, k);
        break;
      case 'sysrq':
      case 'noKillable':
        if (k.kind === 'noKillable') {
          e.noKillable = { at: lineRef(line), why: k.why };
          touch(e, line);
          return emitDump();
        }
        return restart(line, k);
      case 'memInfo':
        state = 'InMemInfo';
        break;
      case 'counters':
        if (state === 'InMemInfo') {
          addCounters(e, line, k.values);
          touch(e, line);
        }
        return;
      case 'memcgStats':
        if (k.values === null) state = 'InMemcgStats';
        break;
      case 'statValue':
        if (state === 'InMemcgStats') {
          addStatValue(e, k.key, k.value);
          touch(e, line);
        }
        return;
      case 'taskHeader':
        finishTable();
        table = createTaskTableReader(lineRef(line), k.columns, e.pageSizeKb);
        state = 'InTaskTable';
        touch(e, line);
        return;
      case 'taskRow':
        if (table === null) addIssue(e, line.line, 'a task row before any task-table header');
        else {
          const problem = table.addRow(k.pid, k.rest, lineRef(line));
          if (problem !== null) addIssue(e, line.line, problem);
        }
        touch(e, line);
        return;
      case 'killSelect':
        if (e.killSelect !== null) return restart(line, k);
        finishTable();
        e.killSelect = { at: lineRef(line), pid: k.pid, comm: k.comm, score: k.score, message: k.message };
        touch(e, line);
        linesInState = 0;
        state = 'AwaitKilled';
        return;
      case 'killed':
        applyKilled(e, line, k);
        return toAfterKill(e);
      case 'victimExiting':
        return endWithoutKill(e, line, k);
      case 'oops':
        if (e.interrupted === null) e.interrupted = lineRef(line);
        touch(e, line);
        return;
      case 'malformed':
        addIssue(e, line.line, k.reason);
        touch(e, line);
        return;
      case 'other':
        if (line.line - lastLine > DUMP_SILENCE_LINES) {
          emitDump();
          start(line, k);
        }
        return;
      default:
        break;
    }
    if (fillDumpLine(e, line, k)) touch(e, line);
  };

  /** The chosen victim was already exiting: the kernel skips the kill, and the dump is complete without one. */
  const endWithoutKill = (e: RawOomEvent, line: InputLine, k: Extract<KernelLine, { kind: 'victimExiting' }>): void => {
    e.victimExiting = { at: lineRef(line), pid: k.pid, comm: k.comm };
    touch(e, line);
    emitDump();
  };

  /** The open dump ends where a new one begins. */
  const restart = (line: InputLine, k: KernelLine): void => {
    closeAll();
    start(line, k);
  };

  const awaitKilled = (e: RawOomEvent, line: InputLine, k: KernelLine): void => {
    switch (k.kind) {
      case 'killSelect':
        // Two OOM runs on two CPUs (2.6 kernels had no OOM lock) may both choose the same task and
        // print the same selection line: one choice, whose kill line follows.
        if (e.killSelect !== null && e.killSelect.pid === k.pid && e.killSelect.comm === k.comm) {
          lastLine = line.line;
          return;
        }
        return restart(line, k);
      case 'killed':
        applyKilled(e, line, k);
        return toAfterKill(e);
      case 'victimExiting':
        return endWithoutKill(e, line, k);
      case 'oops':
        if (e.interrupted === null) e.interrupted = lineRef(line);
        touch(e, line);
        return;
      default:
        if (beginsAnotherOom(k)) return restart(line, k);
        if (++linesInState > AWAIT_KILLED_LINES) emitDump();
    }
  };

  const afterKill = (line: InputLine, k: KernelLine): void => {
    switch (k.kind) {
      case 'reaper': {
        const victim = pending.find((p) => p.killed?.pid === k.pid);
        if (victim !== undefined) {
          const { kind: _kind, ...fields } = k;
          victim.reaper = { at: lineRef(line), ...fields };
          touch(victim, line);
        }
        return;
      }
      case 'mmSharerKilled': {
        // 2.6.32–4.5: the victim's memory is shared with these processes; they die with it, in the same kill.
        const victim = pending[pending.length - 1];
        if (victim !== undefined) {
          victim.mmSharers.count++;
          if (victim.mmSharers.first.length < MM_SHARERS_KEPT) victim.mmSharers.first.push({ at: lineRef(line), pid: k.pid, comm: k.comm });
          touch(victim, line);
        }
        linesInState = 0;
        return;
      }
      case 'oomGroup':
        // 4.19+: printed after the first victim's kill line, before the other members' kill lines.
        {
          const pass = { kills: pending.length };
          pending.forEach((p, i) => (p.oomGroup = { at: lineRef(line), path: k.path, member: i + 1, pass }));
        }
        lastLine = line.line;
        return;
      case 'killed': {
        const base = groupBase;
        const apart = secondsApart(groupTime, line.time);
        if ((apart === null || apart <= GROUP_KILL_SECONDS) && pending.some((p) => p.killed?.pid === k.pid)) {
          // The same pid killed again at once: the kernel printed its kill line a second time (the
          // memory.oom.group pass walks the victim again; concurrent 2.6 OOM runs each kill it): one kill.
          lastLine = line.line;
          return;
        }
        if (base === null || base.oomGroup === null || (apart !== null && apart > GROUP_KILL_SECONDS)) {
          return restart(line, k);
        }
        // memory.oom.group: one event per member, sharing the dump that selected the group.
        // It keeps the dump's kill-select line: the cause is the same OOM's (the verdict does not call a member a "child").
        const pass = base.oomGroup.pass;
        pass.kills++;
        const member: RawOomEvent = { ...base, oomGroup: { ...base.oomGroup, member: pass.kills }, reaper: null, mmSharers: { count: 0, first: [] }, issues: [...base.issues] };
        applyKilled(member, line, k);
        if (pending.length >= MAX_PENDING_KILLS) onEvent(pending.shift()!);
        pending.push(member);
        linesInState = 0;
        return;
      }
      default:
        if (beginsAnotherOom(k)) return restart(line, k);
        if (++linesInState > AFTER_KILL_LINES) flushPending();
    }
  };


  /** AfterSlabFailure: the failure's `cache:` line and further failures; anything that opens an event ends it. */
  const afterSlabFailure = (line: InputLine, k: KernelLine): void => {
    switch (k.kind) {
      case 'slubFailure':
        return start(line, k);
      case 'slubCache':
        addSlabCache(slabFailures, k);
        slabLine = line.line;
        return;
      default:
        state = 'Idle';
        if (k.kind !== 'other' && k.kind !== 'dumpNoise') return start(line, k);
        if (++linesInState <= AFTER_SLAB_LINES) state = 'AfterSlabFailure';
    }
  };

  return {
    get state() {
      return state;
    },
    push(line, k) {
      // A kill line with the pid and stamp of one already read is the same kill printed again.
      if (k.kind === 'killed' && line.time !== null && recentKills.includes(`${k.pid}@${line.time}`)) return;
      if (state !== 'Idle' && line.time !== null) {
        const gap = secondsApart(lastTime, line.time);
        if (gap !== null && gap > DUMP_GAP_SECONDS) closeAll();
      }
      switch (state) {
        case 'Idle':
          return start(line, k);
        case 'AwaitKilled':
          return awaitKilled(event!, line, k);
        case 'AfterKill':
          return afterKill(line, k);
        case 'AfterSlabFailure':
          return afterSlabFailure(line, k);
        default:
          return inDump(event!, line, k);
      }
    },
    expire(lineNo) {
      if (state === 'Idle') return;
      const limit = state === 'AfterKill' || state === 'AwaitKilled' || state === 'AfterSlabFailure' ? KILL_SILENCE_LINES : DUMP_SILENCE_LINES;
      if (lineNo - lastLine > limit) closeAll();
    },
    close: closeAll,
    addRejoined(lines) {
      // The event that took the last line (a kill line moves its event to the pending kills).
      const took = event ?? pending[pending.length - 1];
      if (took !== undefined) took.rejoined += lines;
    },
  };
}

/** Once a dump reached its kill (or awaits it), these lines can only belong to the next OOM. */
function beginsAnotherOom(k: KernelLine): boolean {
  switch (k.kind) {
    case 'header':
    case 'sysrq':
    case 'summary':
    case 'killSelect':
    case 'memcgLimitReached':
    case 'noKillable':
    case 'memInfo': // show_mem comes before a kill, never after it: a new dump (SysRq m, an allocation failure)
    case 'allocFailure':
      return true;
    default:
      return false;
  }
}

