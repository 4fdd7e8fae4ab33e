/**
 * Which zones an allocation could use, and what their watermarks and buddy lists say.
 * Shared by the NUMA, fragmentation and system-exhaustion rules.
 */
import type { RawBuddy, RawOomEvent, RawZone } from '../parse/raw-event.js';
import { parseNodeList } from './node-list.js';

/** mems_allowed from the 5.0+ summary or the pre-5.0 cpuset line, as node numbers (null when absent). */
export function allowedNodes(raw: RawOomEvent): { nodes: number[]; text: string } | null {
  const text = raw.summary?.memsAllowed ?? raw.cpuset?.memsAllowed ?? null;
  if (text === null) return null;
  const nodes = parseNodeList(text);
  return nodes === null ? null : { nodes, text };
}

/** Every NUMA node the dump mentions (zone, buddy and hugepages lines). */
export function knownNodes(raw: RawOomEvent): number[] {
  const nodes = new Set<number>();
  for (const z of raw.zones) if (z.node !== null) nodes.add(z.node);
  for (const b of raw.buddy) if (b.node !== null) nodes.add(b.node);
  for (const h of raw.hugepages) if (h.node !== null) nodes.add(h.node);
  return [...nodes].sort((a, b) => a - b);
}

/**
 * The zones the failed allocation could have used: on the allowed nodes (when known), never ZONE_DMA
 * beside other zones (lowmem_reserve keeps ordinary allocations out of its 16 MB), and HighMem/Movable only when the
 * GFP flags allow them (__GFP_HIGHMEM / __GFP_MOVABLE, both in GFP_HIGHUSER_MOVABLE) or are not printed.
 */
export function usableZones(raw: RawOomEvent): RawZone[] {
  const allowed = allowedNodes(raw);
  const flags = raw.header?.gfpFlags ?? null;
  const mask = zoneBits(raw);
  // GFP_HIGHUSER may use HighMem but not ZONE_MOVABLE; only __GFP_MOVABLE (GFP_HIGHUSER_MOVABLE) reaches that.
  // Without printed flags the zone bits of the hex mask say the same (__GFP_HIGHMEM 0x02, __GFP_MOVABLE 0x08).
  const highOk = flags !== null ? /HIGHMEM|HIGHUSER|MOVABLE/.test(flags) : mask === null || (mask & 0x02) !== 0 || (mask & 0x08) !== 0;
  const movableOk = flags !== null ? /MOVABLE/.test(flags) : mask === null || (mask & 0x08) !== 0;
  if (dmaOnly(raw)) return raw.zones.filter((z) => z.zone === 'DMA' && z.presentKb !== 0 && (allowed === null || z.node === null || allowed.nodes.includes(z.node)));
  // Some ARM boards put all memory in one zone named DMA: there it is the zone every allocation uses.
  const onlyDma = (node: number | null): boolean => raw.zones.every((z) => z.node !== node || z.zone === 'DMA');
  return raw.zones.filter((z) => {
    // A zone with no memory (present:0kB, e.g. HighMem on 64-bit 2.6) prints free 0 below min 128kB: it proves nothing.
    if (z.presentKb === 0) return false;
    if (z.zone === 'DMA' && !onlyDma(z.node)) return false;
    if (z.zone === 'HighMem' && !highOk) return false;
    if (z.zone === 'Movable' && !movableOk) return false;
    if (allowed !== null && z.node !== null && !allowed.nodes.includes(z.node)) return false;
    return true;
  });
}

/**
 * The allowed nodes when every zone the dump shows on them is Movable and the allocation is known
 * not to be movable (its flags printed or decoded without __GFP_MOVABLE); null otherwise.
 */
export function movableOnlyAllowedNodes(raw: RawOomEvent): { nodes: number[]; zones: RawZone[]; flags: string } | null {
  const allowed = allowedNodes(raw);
  const flags = raw.header?.gfpFlags ?? null;
  if (allowed === null || flags === null || /MOVABLE/.test(flags)) return null;
  const zones = raw.zones.filter((z) => z.node !== null && allowed.nodes.includes(z.node));
  if (zones.length === 0 || !zones.every((z) => z.zone === 'Movable')) return null;
  const seen = new Set(zones.map((z) => z.node));
  if (!allowed.nodes.every((n) => seen.has(n))) return null;
  return { nodes: allowed.nodes, zones, flags };
}

/** The zone-modifier bits of the header's hex gfp_mask (the same values in every era), or null. */
function zoneBits(raw: RawOomEvent): number | null {
  const hex = raw.header?.gfpMask ?? null;
  if (hex === null || !/^0x[0-9a-f]{1,8}$/i.test(hex)) return null;
  return Number.parseInt(hex.slice(2), 16) & 0x0f;
}

/** `__GFP_DMA` (0x01; GFP_DMA in printed flags): only ZONE_DMA, the first 16 MB, can serve the allocation. */
export function dmaOnly(raw: RawOomEvent): boolean {
  const flags = raw.header?.gfpFlags ?? null;
  if (flags !== null) return /(^|\|)(__)?GFP_DMA($|\|)/.test(flags);
  const mask = zoneBits(raw);
  return mask !== null && (mask & 0x01) !== 0;
}

export function buddyFor(raw: RawOomEvent, zone: RawZone): RawBuddy | null {
  return raw.buddy.find((b) => b.node === zone.node && b.zone === zone.zone) ?? null;
}

/**
 * True when the buddy line shows, for every block size ≥ needKb, zero free blocks — and prints at
 * least one such size (a line cut short proves nothing).
 */
export function buddyHasNoBlockOf(buddy: RawBuddy, needKb: number): boolean {
  const big = buddy.blocks.filter((b) => b.sizeKb >= needKb);
  return big.length > 0 && big.every((b) => b.count === 0);
}

export function zoneName(z: RawZone): string {
  return z.node === null ? z.zone : `Node ${z.node} ${z.zone}`;
}
