import type { LineConsumer } from '../line-consumer.js';
import type { InputLine } from '../input/input-line.js';
import type { DorisReport } from '../report-schema.js';

export interface DorisFinishOptions {
  /** Times (ISO, as on InputLine.time) of doris_be kills found in the kernel log of the same input. */
  killTimes: string[];
  /** `--kill-time` from the user; wins over killTimes. */
  killTimeOverride: string | null;
}

/** PLACEHOLDER (owned by the Doris work). */
export function createDorisParser(): LineConsumer & { finish(opts: DorisFinishOptions): DorisReport | null } {
  return {
    keywords: ['Memory Tracker Summary', 'Process Memory Summary', '[MemoryGC]'],
    lookbehindLines: 1,
    push(_line: InputLine) {},
    wantsMore: () => false,
    finish: () => null,
  };
}
