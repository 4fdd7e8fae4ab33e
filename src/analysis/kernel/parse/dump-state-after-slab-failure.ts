/** AfterSlabFailure (oom-dump-machine.ts): a SLUB allocation failure was read; its `cache:` line and further failures follow. Anything that opens an event ends it. */
import type { InputLine } from '../../input/input-line.js';
import type { KernelLine } from './kernel-line-kinds.js';
import { addSlabCache } from './fill-raw-event.js';
import type { DumpContext } from './dump-context.js';
import { AFTER_SLAB_LINES } from './dump-limits.js';
import { DONE, READ_AGAIN } from './dump-transitions.js';

export function readAfterSlabFailure(m: DumpContext, line: InputLine, k: KernelLine): boolean {
  switch (k.kind) {
    case 'slubFailure':
      // Idle reads a further failure (it joins the list and this state starts again).
      m.state = 'Idle';
      return READ_AGAIN;
    case 'slubCache':
      addSlabCache(m.slabFailures, k);
      m.slabLine = line.line;
      return DONE;
    default:
      m.state = 'Idle';
      if (k.kind !== 'other' && k.kind !== 'dumpNoise') return READ_AGAIN;
      if (++m.linesInState <= AFTER_SLAB_LINES) m.state = 'AfterSlabFailure';
      return DONE;
  }
}
