/**
 * The first stage of the line driver (line-driver.ts): a chunk's complete lines go on as one
 * region, its unfinished last line is carried (copied, capped at MAX_LINE_BYTES) to the next chunk
 * or to the end of the source. The carried line is finished on its own, so a large chunk is
 * never copied.
 */
import { EMPTY, MAX_LINE_BYTES, NL, type LineDriverState } from './line-driver-state.js';
import { processComplete } from './scan-region.js';

const NL_BUFFER = Buffer.from([NL]);

export function feedChunk(d: LineDriverState, chunk: Buffer): void {
  d.bytes += chunk.length;
  let from = 0;
  if (d.carry.length > 0) {
    const nl = chunk.indexOf(NL);
    if (nl === -1) {
      keepCarry(d, Buffer.concat([d.carry, chunk.subarray(0, MAX_LINE_BYTES + 1)]), 0, d.carryOverflow || chunk.length > MAX_LINE_BYTES + 1);
      return;
    }
    const room = Math.max(0, MAX_LINE_BYTES - d.carry.length);
    const line = Buffer.concat([d.carry.subarray(0, MAX_LINE_BYTES), chunk.subarray(0, Math.min(nl, room)), NL_BUFFER]);
    // A line cut at the cap: only its start was searched and can be read.
    if (d.carryOverflow || d.carry.length > MAX_LINE_BYTES || nl > room) d.longLines++;
    d.carry = EMPTY;
    d.carryOverflow = false;
    processComplete(d, line, 0, line.length - 1);
    from = nl + 1;
  }
  const end = chunk.lastIndexOf(NL);
  if (end < from) {
    keepCarry(d, chunk, from, false);
    return;
  }
  processComplete(d, chunk, from, end);
  keepCarry(d, chunk, end + 1, false);
}

/** The source ended: its unterminated last line is a line of its own. */
export function finishSource(d: LineDriverState): void {
  if (d.carry.length === 0) return;
  const data = Buffer.concat([d.carry.subarray(0, MAX_LINE_BYTES), NL_BUFFER]);
  if (d.carryOverflow || d.carry.length > MAX_LINE_BYTES) d.longLines++;
  d.carry = EMPTY;
  d.carryOverflow = false;
  processComplete(d, data, 0, data.length - 1);
}

function keepCarry(d: LineDriverState, data: Buffer, from: number, overflowBefore: boolean): void {
  const len = data.length - from;
  if (len <= 0) {
    d.carry = EMPTY;
    d.carryOverflow = false;
    return;
  }
  // Copy, so the caller's chunk can be reused; keep one byte over the cap to know it overflowed.
  const keep = Math.min(len, MAX_LINE_BYTES + 1);
  d.carry = Buffer.from(data.subarray(from, from + keep));
  d.carryOverflow = overflowBefore || len > keep;
}
