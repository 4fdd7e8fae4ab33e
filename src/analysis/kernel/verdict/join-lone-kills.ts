/**
 * A kill line with no dump of its own (the kernel rate-limited it, or the paste starts at the kill)
 * followed within a second by a full dump from the same host: the two are one incident — the next
 * OOM ran while the memory picture was the same — so the dump's memory factors (slab, shmem, page
 * tables, HugeTLB, swap) apply to the lone kill too, quoting the dump's lines, and so does the
 * dump's memory picture in the facts the advice stage reads (its suggestions follow from the same
 * numbers, e.g. the slab-leak check). The events stay two: each is its own run of the OOM killer.
 */
import type { FactorId } from '../../report/report-schema.js';
import type { RawOomEvent } from '../parse/raw-event.js';
import { createSecondsApart } from '../../input/seconds-apart.js';
import type { KernelVerdictLike } from './build-oom-event.js';
import { MAX_EVIDENCE } from './collect-evidence.js';
import { readMemoryTotals } from './memory-totals.js';
import { formatSeconds } from '../../units.js';

/** Seconds between a lone kill and the dump that still describes its memory. */
export const INCIDENT_SECONDS = 1;

/** Factors about the machine's memory, not about one allocation or one victim. */
const MEMORY_FACTORS: readonly FactorId[] = ['swap_exhausted', 'no_swap', 'slab_unreclaimable_high', 'shmem_high', 'page_tables_high', 'hugepages_reserved'];

/**
 * Each verdict, a lone kill's with the memory factors (and, when it carries facts, the memory
 * picture) of the dump that follows it. A verdict whose `facts` changed needs its advice made again.
 */
export function applyIncidentMemoryFactors(verdicts: readonly KernelVerdictLike[]): KernelVerdictLike[] {
  const secondsApart = createSecondsApart();
  return verdicts.map((v, i) => {
    const e = v.event;
    const next = verdicts[i + 1];
    // A kill with no dump: no "invoked oom-killer" header and no memory picture of its own.
    const lone = e.source === 'kernel' && e.victim !== null && e.trigger === null && e.memInfo === null;
    if (next === undefined || !lone || next.event.source !== 'kernel' || next.event.memInfo === null) return v;
    if (e.host !== next.event.host || e.time === null || next.event.time === null) return v;
    const apart = secondsApart(e.time, next.event.time);
    if (apart === null || apart < 0 || apart > INCIDENT_SECONDS) return v;
    const borrowed = (next.findings ?? []).filter((f) => MEMORY_FACTORS.includes(f.factor) && !e.factors.includes(f.factor));
    if (borrowed.length === 0) return v;
    const evidence = [...e.evidence];
    for (const f of borrowed) {
      const r = f.reasons[0];
      if (r === undefined || evidence.length >= MAX_EVIDENCE) continue;
      evidence.push({ file: null, line: r.at.line, text: r.at.text, why: `the dump printed ${apart === 0 ? 'in the same second' : apart < 1 ? `${Math.round(apart * 1000)} ms later` : `${formatSeconds(apart)} later`} on the same host shows the memory of this incident: ${r.why}` });
    }
    const factors = [...e.factors, ...borrowed.map((f) => f.factor)];
    const event = { ...e, factors, evidence };
    if (v.facts === undefined || next.facts === undefined) return { ...v, event };
    const raw = withIncidentMemory(v.facts.raw, next.facts.raw);
    return { ...v, event, facts: { ...v.facts, factors, raw, totals: readMemoryTotals(raw) } };
  });
}

/** The lone kill's facts with the dump's machine-wide memory (Mem-Info, RAM, swap, HugeTLB): its task table and zones stay its own (none). */
function withIncidentMemory(lone: RawOomEvent, dump: RawOomEvent): RawOomEvent {
  return {
    ...lone,
    meminfo: dump.meminfo,
    meminfoAt: dump.meminfoAt,
    pagesRam: dump.pagesRam,
    pageSizeKb: dump.pageSizeKb,
    totalSwapKb: dump.totalSwapKb,
    freeSwapKb: dump.freeSwapKb,
    hugepages: dump.hugepages,
  };
}
