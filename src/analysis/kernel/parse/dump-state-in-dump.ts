/**
 * InDump and its sub-states (oom-dump-machine.ts): a dump is open and its lines fill the event.
 * InMemInfo reads Mem-Info counters, InMemcgStats cgroup v2 memory.stat values, InTaskTable task
 * rows; any other dump line goes back to InDump. A kill-select line moves to AwaitKilled, a kill
 * line to AfterKill; a new header (or summary, SysRq, allocation failure) closes this dump and the
 * line begins the next one.
 */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import type { RawOomEvent } from './raw-event.js';
import { createTaskTableReader } from './parse-task-table.js';
import { addCounters, addIssue, addStatValue, fillDumpLine, lineRef } from './fill-raw-event.js';
import type { DumpContext } from './dump-context.js';
import { DUMP_SILENCE_LINES } from './dump-limits.js';
import { DONE, emitDump, finishTable, READ_AGAIN, readKillOutcome, restart, toAwaitKilled, touch } from './dump-transitions.js';

export function readInDump(m: DumpContext, e: RawOomEvent, line: InputLine, k: KernelLine): boolean {
  leaveSubState(m, k);
  switch (k.kind) {
    case 'header':
      if (hasContent(m, e)) return restart(m);
      break;
    case 'summary':
      if (e.summary !== null) return restart(m);
      break;
    case 'allocFailure':
      if (hasContent(m, e) || e.allocFailure !== null) return restart(m);
      break;
    case 'sysrq':
      return restart(m);
    case 'noKillable':
      e.noKillable = { at: lineRef(line), why: k.why };
      touch(m, e, line);
      emitDump(m);
      return DONE;
    case 'memInfo':
      m.state = 'InMemInfo';
      break;
    case 'counters':
      if (m.state === 'InMemInfo') {
        addCounters(e, line, k.values);
        touch(m, e, line);
      }
      return DONE;
    case 'memcgStats':
      if (k.values === null) m.state = 'InMemcgStats';
      break;
    case 'statValue':
      if (m.state === 'InMemcgStats') {
        addStatValue(e, k.key, k.value);
        touch(m, e, line);
      }
      return DONE;
    case 'taskHeader':
      finishTable(m);
      m.table = createTaskTableReader(lineRef(line), k.columns, e.pageSizeKb);
      m.state = 'InTaskTable';
      touch(m, e, line);
      return DONE;
    case 'taskRow':
      addTaskRow(m, e, line, k);
      return DONE;
    case 'killSelect':
      if (e.killSelect !== null) return restart(m);
      finishTable(m);
      toAwaitKilled(m, e, line, k);
      return DONE;
    case 'killed':
    case 'victimExiting':
    case 'oops':
      readKillOutcome(m, e, line, k);
      return DONE;
    case 'malformed':
      addIssue(e, line.line, k.reason);
      touch(m, e, line);
      return DONE;
    case 'other':
      if (line.line - m.lastLine > DUMP_SILENCE_LINES) {
        emitDump(m);
        return READ_AGAIN;
      }
      return DONE;
    default:
      break;
  }
  if (fillDumpLine(e, line, k)) touch(m, e, line);
  return DONE;
}

/** Leaving a sub-state: any dump line that is not a continuation of it. */
function leaveSubState(m: DumpContext, k: KernelLine): void {
  if (k.kind === 'other' || k.kind === 'dumpNoise') return;
  const state = m.state;
  if (state === 'InTaskTable' && k.kind !== 'taskRow') finishTable(m);
  if (state !== 'InDump' && !(state === 'InMemInfo' && k.kind === 'counters') && !(state === 'InMemcgStats' && k.kind === 'statValue') && !(state === 'InTaskTable' && k.kind === 'taskRow')) {
    m.state = 'InDump';
  }
}

function addTaskRow(m: DumpContext, e: RawOomEvent, line: InputLine, k: Extract<KernelLine, { kind: 'taskRow' }>): void {
  if (m.table === null) addIssue(e, line.line, 'a task row before any task-table header');
  else {
    const problem = m.table.addRow(k.pid, k.rest, lineRef(line));
    if (problem !== null) addIssue(e, line.line, problem);
  }
  touch(m, e, line);
}

/** True when the open dump already holds more than a SysRq line (a new header starts a new dump). */
function hasContent(m: DumpContext, e: RawOomEvent): boolean {
  return e.header !== null || e.summary !== null || e.meminfoAt !== null || e.zones.length > 0 || e.taskTable !== null || m.table !== null || e.memcgMemory !== null || e.taskIn !== null;
}
