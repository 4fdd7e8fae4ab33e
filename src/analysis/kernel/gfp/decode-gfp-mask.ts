/**
 * Decodes a bare hex gfp_mask (kernels before 4.8 print no names) into flag names for the kernel
 * era of the log, the way the kernel's %pGg does: composite names first, widest match first,
 * then the single flags left, then any bits no name covers as hex.
 */
import { GFP_ERAS, type GfpEra } from './gfp-eras.js';

/** The era whose bit table applies to a kernel version such as `3.10.0-514.el7.x86_64`; null when unknown or between eras. */
export function gfpEraFor(kernelVersion: string | null): GfpEra | null {
  if (kernelVersion === null) return null;
  const m = /^(\d{1,2})\.(\d{1,3})/.exec(kernelVersion);
  if (!m) return null;
  const v: [number, number] = [Number(m[1]), Number(m[2])];
  const atLeast = (a: readonly [number, number]): boolean => v[0] > a[0] || (v[0] === a[0] && v[1] >= a[1]);
  return GFP_ERAS.find((e) => atLeast(e.from) && (e.until === null || !atLeast(e.until))) ?? null;
}

/** Flag names for `mask` (e.g. `0x201da`) under the kernel version's era; empty when the mask or the era is unknown. */
export function decodeGfpMask(mask: string | null, kernelVersion: string | null): string[] {
  if (mask === null || !/^0x[0-9a-f]{1,8}$/i.test(mask)) return [];
  const era = gfpEraFor(kernelVersion);
  if (era === null) return [];
  let left = Number.parseInt(mask.slice(2), 16);
  if (left === 0) return [];
  const names: string[] = [];
  const maskOf = (flags: readonly string[]): number => flags.reduce((acc, f) => acc | (era.bits[f] ?? 0), 0);
  for (const [name, flags] of era.composites) {
    const m = maskOf(flags);
    if (m !== 0 && (left & m) === m) {
      names.push(name);
      left &= ~m;
    }
  }
  for (const [name, bit] of Object.entries(era.bits)) {
    if ((left & bit) !== 0) {
      names.push(name);
      left &= ~bit;
    }
  }
  if (left !== 0) names.push(`0x${(left >>> 0).toString(16)}`);
  return names;
}
