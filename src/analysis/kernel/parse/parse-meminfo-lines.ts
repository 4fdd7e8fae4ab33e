/**
 * The global memory dump (show_mem / show_free_areas, mm/page_alloc.c then mm/show_mem.c): Mem-Info
 * counters, per-node and per-zone lines, buddy lists, hugepages, swap and page totals.
 */
import type { KernelLine } from './kernel-line-kinds.js';
import { readPairs, toInt, toKb, toKbWithUnit, words } from './read-dump-fields.js';

const ZONES = new Set(['DMA', 'DMA32', 'Normal', 'HighMem', 'Movable', 'Device']);

/**
 * A Mem-Info counters line: `active_anon:172 inactive_anon:4518735 isolated_anon:` and its
 * continuations (` active_file:…`, ` free:… free_pcp:… free_cma:…`), values in pages. Null when the
 * line is not made of such pairs (its first word must be `name:digits` or `name:`).
 */
export function parseCounters(text: string): KernelLine | null {
  const first = text.split(' ', 1)[0] ?? '';
  const colon = first.indexOf(':');
  if (colon <= 0 || !isLowerName(first.slice(0, colon))) return null;
  const tail = first.slice(colon + 1);
  if (tail !== '' && toInt(tail) === null) return null;
  const values: [string, number][] = [];
  for (const [k, v] of readPairs(text, ':')) {
    const n = toInt(v);
    if (n !== null && isLowerName(k)) values.push([k, n]);
  }
  return { kind: 'counters', values };
}

function isLowerName(s: string): boolean {
  if (s.length === 0 || s.length > 40) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x5f || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

/**
 * Lines that start with a zone name or `Node N ` (CONFIG_NUMA): the zone watermark line, the buddy
 * line, hugepages, the per-node counters, and the 3.x per-cpu heading. Null when it is none of them.
 */
export function parseZoneFamily(text: string): KernelLine | null {
  let node: number | null = null;
  let rest = text;
  if (text.startsWith('Node ')) {
    const sp = text.indexOf(' ', 5);
    node = toInt(text.slice(5, sp === -1 ? text.length : sp));
    if (node === null) return null;
    rest = sp === -1 ? '' : text.slice(sp + 1).trimStart();
  }
  const w = words(rest);
  const first = w[0] ?? '';
  if (first.startsWith('hugepages_total=')) return parseHugepages(rest, node);
  if (first.endsWith(':') && ZONES.has(first.slice(0, -1))) {
    // 2.6.1x prints `HighMem: empty` for a zone with no pages (show_free_areas).
    if (w[1] === 'empty' && w.length === 2) return { kind: 'dumpNoise' };
    return parseBuddy(rest.slice(first.length), node, first.slice(0, -1));
  }
  if (ZONES.has(first)) {
    if (w[1] === 'per-cpu:') return { kind: 'dumpNoise' };
    if ((w[1] ?? '').startsWith('free:')) return parseZone(rest.slice(first.length), node, first);
    // A buddy line pasted with the colon detached (`Normal : 1*4kB …`).
    if (w[1] === ':') return parseBuddy(rest.slice(rest.indexOf(':') + 1), node, first);
    return { kind: 'malformed', reason: `a "${first}" zone line that is neither a watermark nor a buddy line` };
  }
  if (node !== null && first.includes(':')) return { kind: 'nodeStats' };
  return node === null ? null : { kind: 'malformed', reason: 'a "Node N" line that could not be read' };
}

/**
 * `Normal free:46592kB [boost:0kB ]min:46712kB low:58388kB high:70064kB [reserved_highatomic:0KB] …
 * present:…kB managed:…kB …` (boost 5.16, reserved_highatomic with `KB` since e47b346a).
 */
function parseZone(text: string, node: number | null, zone: string): KernelLine {
  const kb = new Map<string, number | null>();
  for (const [k, v] of readPairs(text, ':')) if (!kb.has(k)) kb.set(k, toKbWithUnit(v));
  const freeKb = kb.get('free') ?? null;
  if (freeKb === null) return { kind: 'malformed', reason: `a ${zone} zone line whose free: value could not be read` };
  const get = (k: string): number | null => kb.get(k) ?? null;
  return { kind: 'zone', node, zone, freeKb, minKb: get('min'), lowKb: get('low'), highKb: get('high'), presentKb: get('present'), managedKb: get('managed') };
}

/**
 * `Normal: 1325*4kB (UME) 966*8kB (UME) … 0*4096kB = 47560kB`. Tolerates a wrapped count
 * (`0     *2048kB`, seed 001) and a missing total (`… 0*4096kB =`).
 */
function parseBuddy(text: string, node: number | null, zone: string): KernelLine {
  const blocks: { sizeKb: number; count: number }[] = [];
  let totalKb: number | null = null;
  const w = words(text);
  for (let i = 0; i < w.length; i++) {
    const token = w[i]!;
    if (token === '=') {
      totalKb = toKb(w[i + 1] ?? '');
      break;
    }
    if (token.startsWith('(')) continue; // migrate types (UME)
    let star = token.indexOf('*');
    let joined = token;
    if (star === -1 && toInt(token) !== null && (w[i + 1] ?? '').startsWith('*')) {
      joined = token + w[i + 1]!;
      star = token.length;
      i++;
    }
    const count = star > 0 ? toInt(joined.slice(0, star)) : null;
    const sizeKb = star > 0 ? toKb(joined.slice(star + 1)) : null;
    if (count === null || sizeKb === null) return { kind: 'malformed', reason: `a ${zone} buddy line with an unreadable entry "${token.slice(0, 40)}"` };
    if (blocks.length < 32) blocks.push({ sizeKb, count });
  }
  if (blocks.length === 0) return { kind: 'malformed', reason: `a ${zone} buddy line without blocks` };
  return { kind: 'buddy', node, zone, blocks, totalKb };
}

/** `Node 0 hugepages_total=360 hugepages_free=360 hugepages_surp=0 hugepages_size=1048576kB`. */
function parseHugepages(text: string, node: number | null): KernelLine {
  const v = new Map(readPairs(text, '='));
  const total = toInt(v.get('hugepages_total') ?? '');
  const free = toInt(v.get('hugepages_free') ?? '');
  const sizeKb = toKb(v.get('hugepages_size') ?? '');
  if (total === null || free === null || sizeKb === null) return { kind: 'malformed', reason: 'a hugepages line that could not be read' };
  const surp = v.has('hugepages_surp') ? toInt(v.get('hugepages_surp')!) : null;
  return { kind: 'hugepages', node, total, free, surp, sizeKb };
}

/**
 * Lines that start with a number: `%lu pages RAM`, `%lu pages reserved`, `%lu pages
 * HighMem/MovableOnly`, `… cma reserved`, `… hwpoisoned`, `… shared`, `… non-shared`, `%ld total
 * pagecache pages`, `%lu pages in swap cache`. Null when the number is not followed by one of these.
 */
export function parseNumbered(text: string): KernelLine | null {
  const sp = text.indexOf(' ');
  if (sp <= 0) return null;
  const n = toInt(text.slice(0, sp));
  if (n === null) return null;
  const what = text.slice(sp + 1).trim();
  if (what === 'pages RAM') return { kind: 'pages', counter: 'RAM', pages: n };
  if (what === 'pages reserved') return { kind: 'pages', counter: 'reserved', pages: n };
  if (what.startsWith('pages ') || what === 'total pagecache pages') return { kind: 'pages', counter: 'other', pages: n };
  return null;
}

/** `Free swap  = 0kB` (two spaces) and `Total swap = 524280kB` (show_swap_cache_info); 2.6.1x also `Free swap:       3517904kB`. */
export function parseSwap(text: string): KernelLine {
  const which = text.startsWith('Free') ? 'free' : 'total';
  const eq = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
  const kb = eq === -1 ? null : toKb(text.slice(eq + 1).trim());
  if (kb === null) return { kind: 'malformed', reason: `a "${which === 'free' ? 'Free' : 'Total'} swap" line whose size could not be read` };
  return { kind: 'swapKb', which, kb };
}
