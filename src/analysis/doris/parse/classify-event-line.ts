/**
 * The single-line be.INFO messages the advisor counts (reference §4, §4g), and the kernel kill
 * line of a doris_be (so a summary before it can be kept while reading). Each kind is found by a
 * fixed marker with indexOf and its fields cut around it; no regex runs over the message.
 */
import { readInteger, readPrettySize, sizeAfter } from './read-byte-size.js';
import { parseStatusLine } from './parse-status-line.js';

export type EventLine =
  /** `[MemoryGC] start full GC, …` / `start minor GC, …` (daemon.cpp, 2.0+); master's `start MemoryReclamation::revoke_process_memory, …`. */
  | { kind: 'gc-start'; gc: 'minor' | 'full' }
  /** A task cancelled to free process memory: the cancel reason (§4d) or `canceled asyn` (§4e). */
  | { kind: 'cancel'; task: string; key: string; consumptionBytes: number | null }
  /** `Query X deconstructed, , deregister …, queryId=X` / older `Deregister …, queryId=X` (§4d). */
  | { kind: 'task-end'; key: string }
  /** `… N tasks is being canceled and has not been completed yet;` with N > 0 (§4c). */
  | { kind: 'cancel-pending'; count: number }
  /** `Physical Memory: …, Mem Limit: …, origin config value: 90%, …` (mem_info.cpp, at start-up). */
  | { kind: 'startup'; physicalBytes: number | null; limitBytes: number | null; memLimitConfig: string | null }
  /** Kernel `Killed process N (doris_be)` (or the older `palo_be` name). */
  | { kind: 'kill' };

const CANCEL_MARKERS = ['cancel top memory used ', 'cancel top memory overcommit '];

/** `Query#Id=5f1c…-8a9b…` → `5f1c…-8a9b…`; other labels are their own key. */
export function taskKey(label: string): string {
  const at = label.indexOf('#Id=');
  return (at === -1 ? label : label.slice(at + 4)).trim().toLowerCase();
}

/** The text from `from` up to the next comma or space (or the end). */
function untilCommaOrSpace(text: string, from: number): string {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x2c /* , */ || c === 0x20) break;
    i++;
  }
  return text.slice(from, i);
}

function readCancel(body: string): EventLine | null {
  for (const marker of CANCEL_MARKERS) {
    const at = body.indexOf(marker);
    if (at === -1) continue;
    const open = body.indexOf(': <', at);
    const close = open === -1 ? -1 : body.indexOf('>', open);
    if (close === -1) return null;
    const task = body.slice(open + 3, close);
    const consumption = body.startsWith(' consumption ', close + 1) ? readPrettySize(body, close + 1 + ' consumption '.length) : null;
    return { kind: 'cancel', task, key: taskKey(task), consumptionBytes: consumption?.bytes ?? null };
  }
  // `Query:{id} canceled asyn, after waiting for memory {}ms, …` (allocator.cpp; 3.x `Task:{id}`).
  const asyn = body.indexOf(' canceled asyn');
  if (asyn !== -1) {
    const colon = body.lastIndexOf(':', asyn);
    if (colon === -1) return null;
    const id = body.slice(colon + 1, asyn).trim();
    if (id.length === 0 || id.includes(' ')) return null;
    return { kind: 'cancel', task: `Query#Id=${id}`, key: taskKey(id), consumptionBytes: null };
  }
  return null;
}

function readTaskEnd(body: string): EventLine | null {
  const q = body.indexOf('egister query/load memory tracker, queryId=');
  if (q !== -1) {
    const id = untilCommaOrSpace(body, q + 'egister query/load memory tracker, queryId='.length);
    return id.length > 0 ? { kind: 'task-end', key: taskKey(id) } : null;
  }
  const d = body.indexOf(' deconstructed');
  const start = body.lastIndexOf('Query ', d);
  if (d !== -1 && start !== -1) {
    const id = body.slice(start + 6, d).trim();
    return id.length > 0 && !id.includes(' ') ? { kind: 'task-end', key: taskKey(id) } : null;
  }
  return null;
}

function readStartup(body: string): EventLine | null {
  if (!body.startsWith('Physical Memory: ')) return null;
  const config = body.indexOf('origin config value: ');
  return {
    kind: 'startup',
    physicalBytes: sizeAfter(body, 'Physical Memory: '),
    limitBytes: sizeAfter(body, 'Mem Limit: '),
    memLimitConfig: config === -1 ? null : untilCommaOrSpace(body, config + 'origin config value: '.length) || null,
  };
}

/**
 * master (reference §4b): `[MemoryGC] start MemoryReclamation::revoke_process_memory, {process_mem_log_str}, need free size: {}.`
 * names neither GC; it is a full one by daemon.cpp's rule (§6) when the status it prints has the
 * process at its limit or sys available memory under the low water mark, else a minor one.
 */
function revokeGc(body: string): EventLine {
  const s = parseStatusLine(body);
  if (s === null) return MINOR_GC;
  const overLimit = s.processUsedBytes !== null && s.limitBytes !== null && s.processUsedBytes >= s.limitBytes;
  const underLow = s.sysAvailableBytes !== null && s.lowWaterMarkBytes !== null && s.sysAvailableBytes < s.lowWaterMarkBytes;
  return overLimit || underLow ? FULL_GC : MINOR_GC;
}

const FULL_GC: EventLine = { kind: 'gc-start', gc: 'full' };
const MINOR_GC: EventLine = { kind: 'gc-start', gc: 'minor' };
const KILL: EventLine = { kind: 'kill' };

/**
 * Most lines are none of these, and the common task-end lines none of the others, so each marker
 * family is looked for once: `[MemoryGC] start ` for both GC starts, `cancel` for the pending count
 * and every cancel shape (all of them hold it), before the specific searches.
 */
export function classifyEventLine(body: string): EventLine | null {
  if (body.includes('[MemoryGC] start ')) {
    if (body.includes('[MemoryGC] start full GC')) return FULL_GC;
    if (body.includes('[MemoryGC] start minor GC')) return MINOR_GC;
    if (body.includes('[MemoryGC] start MemoryReclamation::revoke_process_memory, ')) return revokeGc(body);
  }
  const mentionsCancel = body.includes('cancel');
  if (mentionsCancel) {
    const pending = body.indexOf(' tasks is being canceled and has not been completed yet');
    if (pending !== -1) {
      let from = pending;
      while (from > 0 && body.charCodeAt(from - 1) >= 48 && body.charCodeAt(from - 1) <= 57) from--;
      const count = readInteger(body, from);
      if (count !== null && count.bytes > 0) return { kind: 'cancel-pending', count: count.bytes };
    }
  }
  if (body.includes('Killed process ') && (body.includes('(doris_be)') || body.includes('(palo_be)'))) return KILL;
  return (mentionsCancel ? readCancel(body) : null) ?? readTaskEnd(body) ?? readStartup(body);
}
