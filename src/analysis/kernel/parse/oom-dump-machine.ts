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
 *
 * Each state's lines are read in its own file (dump-state-*.ts), the moves several states share in
 * dump-transitions.ts, and what the machine remembers between lines is one DumpContext object
 * (dump-context.ts) handed to each of them: this file only routes a line to its state.
 */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import type { RawOomEvent } from './raw-event.js';
import { createDumpContext, type DumpContext, type DumpState } from './dump-context.js';
import { DUMP_GAP_SECONDS, DUMP_SILENCE_LINES, KILL_SILENCE_LINES } from './dump-limits.js';
import { closeAll } from './dump-transitions.js';
import { readIdle } from './dump-state-idle.js';
import { readInDump } from './dump-state-in-dump.js';
import { readAwaitKilled } from './dump-state-await-killed.js';
import { readAfterKill } from './dump-state-after-kill.js';
import { readAfterSlabFailure } from './dump-state-after-slab-failure.js';

export type { DumpState } from './dump-context.js';
export { DUMP_GAP_SECONDS, DUMP_SILENCE_LINES } from './dump-limits.js';

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
  const m = createDumpContext(onEvent);
  return {
    get state() {
      return m.state;
    },
    push(line, k) {
      // A kill line with the pid and stamp of one already read is the same kill printed again.
      if (k.kind === 'killed' && line.time !== null && m.recentKills.includes(`${k.pid}@${line.time}`)) return;
      if (m.state !== 'Idle' && line.time !== null) {
        const gap = m.secondsApart(m.lastTime, line.time);
        if (gap !== null && gap > DUMP_GAP_SECONDS) closeAll(m);
      }
      // A state that hands the line on (a new dump begins where the open one ended) has moved to
      // the state that reads it: at most twice per line (InDump → Idle, or Idle → InDump).
      while (readInState(m, line, k));
    },
    expire(lineNo) {
      if (m.state === 'Idle') return;
      const limit = m.state === 'AfterKill' || m.state === 'AwaitKilled' || m.state === 'AfterSlabFailure' ? KILL_SILENCE_LINES : DUMP_SILENCE_LINES;
      if (lineNo - m.lastLine > limit) closeAll(m);
    },
    close: () => closeAll(m),
    addRejoined(lines) {
      // The event that took the last line (a kill line moves its event to the pending kills).
      const took = m.event ?? m.pending[m.pending.length - 1];
      if (took !== undefined) took.rejoined += lines;
    },
  };
}

/** Reads one line in the machine's current state; true when the line must be read again in the state it moved to. */
function readInState(m: DumpContext, line: InputLine, k: KernelLine): boolean {
  switch (m.state) {
    case 'Idle':
      return readIdle(m, line, k);
    case 'AwaitKilled':
      return readAwaitKilled(m, m.event!, line, k);
    case 'AfterKill':
      return readAfterKill(m, line, k);
    case 'AfterSlabFailure':
      return readAfterSlabFailure(m, line, k);
    default:
      return readInDump(m, m.event!, line, k);
  }
}
