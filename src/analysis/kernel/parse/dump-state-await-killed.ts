/** AwaitKilled (oom-dump-machine.ts): a kill-select line (≤5.0) was read; its `Killed process` line follows within a few lines. */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import type { RawOomEvent } from './raw-event.js';
import type { DumpContext } from './dump-context.js';
import { AWAIT_KILLED_LINES } from './dump-limits.js';
import { beginsAnotherOom, DONE, emitDump, readKillOutcome, restart } from './dump-transitions.js';

export function readAwaitKilled(m: DumpContext, e: RawOomEvent, line: InputLine, k: KernelLine): boolean {
  switch (k.kind) {
    case 'killSelect':
      // Two OOM runs on two CPUs (2.6 kernels had no OOM lock) may both choose the same task and
      // print the same selection line: one choice, whose kill line follows.
      if (e.killSelect !== null && e.killSelect.pid === k.pid && e.killSelect.comm === k.comm) {
        m.lastLine = line.line;
        return DONE;
      }
      return restart(m);
    case 'killed':
    case 'victimExiting':
    case 'oops':
      readKillOutcome(m, e, line, k);
      return DONE;
    default:
      if (beginsAnotherOom(k)) return restart(m);
      if (++m.linesInState > AWAIT_KILLED_LINES) emitDump(m);
      return DONE;
  }
}
