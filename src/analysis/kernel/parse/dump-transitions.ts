/**
 * The moves several states of the dump machine (oom-dump-machine.ts) share: opening a dump,
 * recording a kill, emitting what is open and going back to Idle. Each takes the machine's
 * DumpContext; none allocates beyond the event it opens or emits.
 */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { emptyRawEvent, type RawOomEvent } from './raw-event.js';
import { lineRef } from './fill-raw-event.js';
import type { DumpContext } from './dump-context.js';
import { RECENT_VICTIMS, SLAB_ATTACH_LINES } from './dump-limits.js';

/**
 * What a state's handler returns when the line it was given belongs to the state it has just
 * moved to (a new dump begins where the open one ended, an excerpt starts after the header): the
 * machine reads the same line again in the new state. Any other line ends with `DONE`.
 */
export const READ_AGAIN = true;
export const DONE = false;

export function rememberVictim(m: DumpContext, pid: number): void {
  if (m.recentVictims.includes(pid)) return;
  m.recentVictims.push(pid);
  if (m.recentVictims.length > RECENT_VICTIMS) m.recentVictims.shift();
}

/** Opens a new dump at `line` (it takes the SLUB failures that came shortly before it). */
export function openDump(m: DumpContext, line: InputLine, headerMissing: boolean): RawOomEvent {
  const e = emptyRawEvent(line.line);
  e.time = line.time;
  e.host = line.host;
  e.format = line.format;
  e.headerMissing = headerMissing;
  if (m.slabFailures.length > 0 && line.line - m.slabLine <= SLAB_ATTACH_LINES) e.slabFailures = m.slabFailures;
  m.slabFailures = [];
  m.event = e;
  return e;
}

/** `line` belongs to `e`: the dump (and the machine) last heard of this host here. */
export function touch(m: DumpContext, e: RawOomEvent, line: InputLine): void {
  if (line.line > e.lastLine) e.lastLine = line.line;
  m.lastLine = line.line;
  if (line.time !== null) m.lastTime = line.time;
}

export function finishTable(m: DumpContext): void {
  if (m.table !== null && m.event !== null) m.event.taskTable = m.table.result();
  m.table = null;
}

/** Emits the open dump (a dump without its kill line is truncated). */
export function emitDump(m: DumpContext): void {
  finishTable(m);
  const event = m.event;
  if (event !== null) {
    if (event.killed === null && event.noKillable === null && event.victimExiting === null) event.truncated = true;
    m.onEvent(event);
  }
  m.event = null;
  m.state = 'Idle';
}

/** AfterKill ends: the kills held for their reaper and group lines are emitted. */
export function flushPending(m: DumpContext): void {
  for (const e of m.pending) m.onEvent(e);
  m.pending = [];
  m.groupBase = null;
  m.state = 'Idle';
}

/** Emits whatever is open, from any state, and goes back to Idle. */
export function closeAll(m: DumpContext): void {
  if (m.state === 'AfterKill') flushPending(m);
  else if (m.state === 'AfterSlabFailure') m.state = 'Idle';
  else if (m.state !== 'Idle') emitDump(m);
}

/** What is open ends where a new dump begins: Idle reads the line again. */
export function restart(m: DumpContext): boolean {
  closeAll(m);
  return READ_AGAIN;
}

/** The kill line was read: `e` waits in AfterKill for its reaper and memory.oom.group lines. */
export function toAfterKill(m: DumpContext, e: RawOomEvent): void {
  finishTable(m);
  m.event = null;
  m.pending = [e];
  m.groupBase = e;
  m.groupTime = m.lastTime;
  m.linesInState = 0;
  m.state = 'AfterKill';
}

export function applyKilled(m: DumpContext, e: RawOomEvent, line: InputLine, k: Extract<KernelLine, { kind: 'killed' }>): void {
  const { kind: _kind, ...fields } = k;
  e.killed = { at: lineRef(line), ...fields };
  e.interrupted = null; // the kill came after all
  rememberVictim(m, k.pid);
  if (line.time !== null) {
    m.recentKills.push(`${k.pid}@${line.time}`);
    if (m.recentKills.length > RECENT_VICTIMS) m.recentKills.shift();
  }
  touch(m, e, line);
}

/** The chosen victim was already exiting: the kernel skips the kill, and the dump is complete without one. */
function endWithoutKill(m: DumpContext, e: RawOomEvent, line: InputLine, k: Extract<KernelLine, { kind: 'victimExiting' }>): void {
  e.victimExiting = { at: lineRef(line), pid: k.pid, comm: k.comm };
  touch(m, e, line);
  emitDump(m);
}

/** The selection line (≤5.0): the dump now awaits its `Killed process` line. */
export function toAwaitKilled(m: DumpContext, e: RawOomEvent, line: InputLine, k: Extract<KernelLine, { kind: 'killSelect' }>): void {
  e.killSelect = { at: lineRef(line), pid: k.pid, comm: k.comm, score: k.score, message: k.message };
  touch(m, e, line);
  m.linesInState = 0;
  m.state = 'AwaitKilled';
}

/** A BUG:, Oops or panic inside the dump: it is interrupted unless its kill still comes. */
function markInterrupted(m: DumpContext, e: RawOomEvent, line: InputLine): void {
  if (e.interrupted === null) e.interrupted = lineRef(line);
  touch(m, e, line);
}

/**
 * The lines InDump and AwaitKilled read alike: the kill (→ AfterKill), a victim already exiting
 * (the dump ends without a kill), an oops (the dump is marked interrupted). Call only for those kinds.
 */
export function readKillOutcome(m: DumpContext, e: RawOomEvent, line: InputLine, k: Extract<KernelLine, { kind: 'killed' | 'victimExiting' | 'oops' }>): void {
  switch (k.kind) {
    case 'killed':
      applyKilled(m, e, line, k);
      return toAfterKill(m, e);
    case 'victimExiting':
      return endWithoutKill(m, e, line, k);
    case 'oops':
      return markInterrupted(m, e, line);
  }
}

/** Once a dump reached its kill (or awaits it), these lines can only belong to the next OOM. */
export function beginsAnotherOom(k: KernelLine): boolean {
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
