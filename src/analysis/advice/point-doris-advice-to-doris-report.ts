/**
 * When be.INFO is part of the same input, the Doris report computes mem_limit and the low water
 * mark from the physical memory the BE itself printed (doris-suggestions.ts), which is what Doris
 * sizes them from. The kernel event's own `doris-mem-limit` advice, sized from the kernel's RAM (or
 * unsized), would then be a second, different version of the same be.conf change; it becomes a
 * pointer to the Doris suggestions and keeps only what the kernel log alone tells: what the BE held
 * when it was killed.
 */
import type { DorisReport, OomEvent, Suggestion } from '../report/report-schema.js';
import { victimRssKb } from '../kernel/verdict/victim-facts.js';
import { formatBytes } from '../units.js';
import { heldWhenKilled } from './programs/known-program.js';
import { DORIS_CONF_GREP } from './programs/doris-be.js';
import { DORIS_BE_COMM } from '../doris/doris-be-comm.js';

const KERNEL_ID = 'doris-mem-limit';

export function pointDorisAdviceToDorisReport(events: OomEvent[], doris: DorisReport | null): OomEvent[] {
  const physical = doris?.physicalBytes ?? null;
  // Only computed values replace the kernel's: without the physical memory the Doris advice is generic.
  if (doris === null || physical === null || physical <= 0 || !doris.suggestions.some((s) => s.id === 'doris-mem-limit')) return events;
  return events.map((event) => {
    const victim = event.victim;
    if (victim === null || !DORIS_BE_COMM.test(victim.comm) || !event.suggestions.some((s) => s.id === KERNEL_ID)) return event;
    const rssKb = victimRssKb(victim);
    const held = heldWhenKilled(victim.comm, victim.pid, rssKb);
    const pointer: Suggestion = {
      id: KERNEL_ID,
      title: 'Lower Doris BE mem_limit and raise its low water mark: see the be.conf values from be.INFO',
      detail: `${held}. The be.INFO in this input shows the BE's physical memory (${formatBytes(physical)}), so the Doris BE suggestions compute mem_limit and max_sys_mem_available_low_water_mark_bytes from it; they are not repeated here. Set those in be.conf so memory GC and query cancellation start before the kernel steps in.`,
      commands: [{ run: DORIS_CONF_GREP, effect: 'read' }],
    };
    return { ...event, suggestions: event.suggestions.map((s) => (s.id === KERNEL_ID ? pointer : s)) };
  });
}
