/**
 * The dispatch stage of the line driver (line-driver.ts): decodes one line, strips its prefix
 * into InputLines and pushes them to the consumers chosen for it, each of which gets a line at
 * most once, in order. A consumer whose dynamic keywords changed makes the search be rebuilt.
 */
import { toInputLines } from '../input/to-input-lines.js';
import { MAX_LINE_BYTES, type LineDriverState } from './line-driver-state.js';
import { rebuildSearch } from './keyword-routing.js';

/** Decodes one line and pushes it to the consumers in `mask` that have not had it yet. */
export function dispatchLine(d: LineDriverState, mask: number, line: number, data: Buffer, start: number, end: number): void {
  const { consumers, lastPushed } = d;
  let targets = 0;
  for (let i = 0; i < consumers.length; i++) if (mask & (1 << i) && lastPushed[i]! < line) targets |= 1 << i;
  if (targets === 0) return;
  let stop = end;
  if (stop > start && data[stop - 1] === 0x0d) stop--;
  if (stop - start > MAX_LINE_BYTES) stop = start + MAX_LINE_BYTES;
  const raw = data.toString('utf8', start, stop);
  for (const input of toInputLines(line, raw)) {
    if (input.format !== 'plain') d.formats.add(input.format);
    for (let i = 0; i < consumers.length; i++) if (targets & (1 << i)) consumers[i]!.push(input);
  }
  let changed = false;
  for (let i = 0; i < consumers.length; i++) {
    if (!(targets & (1 << i))) continue;
    lastPushed[i] = line;
    const dynamic = consumers[i]!.dynamicKeywords?.();
    if (dynamic !== d.dynamicSeen[i]) {
      d.dynamicSeen[i] = dynamic;
      changed = true;
    }
  }
  if (changed) rebuildSearch(d);
}
