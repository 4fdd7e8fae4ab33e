/**
 * Doris' low water mark arithmetic (reference §6, be/src/util/mem_info.cpp `MemInfo::init`),
 * P = physical memory, L = mem_limit in bytes:
 * - up to 2.1.4: low = max(min(P − L, P × 10%, cap), 0), cap = max_sys_mem_available_low_water_mark_bytes, default 1.6 GB;
 * - 2.1.5+ (apache/doris#37525): low = max(min(P − L, P × 5%, cap), 0), cap default 6.4 GB;
 * warning water mark = 2 × low in both.
 */
const GiB = 1024 ** 3;

export interface WaterMarkFormula {
  name: '2.1.5+' | 'up to 2.1.4';
  share: number;
  defaultCap: number;
}

export const FORMULA_NEW: WaterMarkFormula = { name: '2.1.5+', share: 0.05, defaultCap: 6871947673 };
export const FORMULA_OLD: WaterMarkFormula = { name: 'up to 2.1.4', share: 0.1, defaultCap: 1717986918 };

export function lowWaterMark(f: WaterMarkFormula, physical: number, limit: number, cap = f.defaultCap): number {
  return Math.max(Math.min(physical - limit, physical * f.share, cap), 0);
}

/**
 * Which formula printed `observed` (pretty-printed to 0.01 of its unit, so allow 1% or 0.02 GiB),
 * trying the version hint first; null when neither matches (a custom cap, or another revision).
 */
export function matchFormula(physical: number, limit: number, observed: number, preferOld: boolean): WaterMarkFormula | null {
  const order = preferOld ? [FORMULA_OLD, FORMULA_NEW] : [FORMULA_NEW, FORMULA_OLD];
  for (const f of order) {
    const expected = lowWaterMark(f, physical, limit);
    if (Math.abs(expected - observed) <= Math.max(0.01 * expected, 0.02 * GiB)) return f;
  }
  return null;
}
