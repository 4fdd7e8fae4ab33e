import type { LineConsumer } from '../line-consumer.js';
import type { InputLine } from '../input/input-line.js';
import type { RawOomEvent } from './raw-event.js';

export interface OomParserOptions {
  onEvent(event: RawOomEvent): void;
}

/** PLACEHOLDER (owned by the kernel-parser work). */
export function createOomParser(_opts: OomParserOptions): LineConsumer & { end(): void } {
  return {
    keywords: ['invoked oom-killer', 'Killed process', 'Out of memory', 'Out of Memory', 'oom-kill:', 'oom_reaper', 'Manual OOM'],
    lookbehindLines: 0,
    push(_line: InputLine) {},
    wantsMore: () => false,
    end() {},
  };
}
