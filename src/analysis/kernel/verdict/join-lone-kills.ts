/**
 * A kill line with no dump of its own (the kernel rate-limited it, or the paste starts at the kill)
 * followed within a second by a full dump from the same host: the two are one incident — the next
 * OOM ran while the memory picture was the same — so the dump's memory factors (slab, shmem, page
 * tables, HugeTLB, swap) apply to the lone kill too, quoting the dump's lines. The events stay two:
 * each is its own run of the OOM killer.
 */
import type { FactorId, OomEvent } from '../../report/report-schema.js';
import { createSecondsApart } from '../../input/seconds-apart.js';
import type { KernelVerdictLike } from './build-oom-event.js';
import { MAX_EVIDENCE } from './collect-evidence.js';

/** Seconds between a lone kill and the dump that still describes its memory. */
export const INCIDENT_SECONDS = 1;

/** Factors about the machine's memory, not about one allocation or one victim. */
const MEMORY_FACTORS: readonly FactorId[] = ['swap_exhausted', 'no_swap', 'slab_unreclaimable_high', 'shmem_high', 'page_tables_high', 'hugepages_reserved'];

export function applyIncidentMemoryFactors(verdicts: readonly KernelVerdictLike[]): OomEvent[] {
  const secondsApart = createSecondsApart();
  return verdicts.map((v, i) => {
    const e = v.event;
    const next = verdicts[i + 1];
    if (next === undefined || !e.factors.includes('header_rate_limited') || e.memInfo !== null || next.event.memInfo === null) return e;
    if (e.host !== next.event.host || e.time === null || next.event.time === null) return e;
    const apart = secondsApart(e.time, next.event.time);
    if (apart === null || apart > INCIDENT_SECONDS) return e;
    const borrowed = (next.findings ?? []).filter((f) => MEMORY_FACTORS.includes(f.factor) && !e.factors.includes(f.factor));
    if (borrowed.length === 0) return e;
    const evidence = [...e.evidence];
    for (const f of borrowed) {
      const r = f.reasons[0];
      if (r === undefined || evidence.length >= MAX_EVIDENCE) continue;
      evidence.push({ file: null, line: r.at.line, text: r.at.text, why: `the dump printed ${apart === 0 ? 'in the same second' : `${apart} s later`} on the same host shows the memory of this incident: ${r.why}` });
    }
    return { ...e, factors: [...e.factors, ...borrowed.map((f) => f.factor)], evidence };
  });
}
