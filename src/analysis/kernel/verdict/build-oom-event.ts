/**
 * The verdict: one RawOomEvent (what the parser read) → one OomEvent (DESIGN §2) with its cause,
 * factors, victim, top tasks, evidence and suggestions. Pure; never throws on a well-typed event.
 */
import type { OomEvent } from '../../report/report-schema.js';
import type { RawOomEvent } from '../parse/raw-event.js';
import { readMemoryTotals } from './memory-totals.js';
import { readMemcg } from './memcg-facts.js';
import { classifyCause } from './classify-cause.js';
import { readConstraint, readTrigger } from './trigger-facts.js';
import { readVictim } from './victim-facts.js';
import { rankOomCandidates } from './rank-oom-candidates.js';
import { detectFactors } from './detect-factors.js';
import { createEvidenceCollector, MAX_EVIDENCE, Weight } from './collect-evidence.js';
import { suggestFixes } from '../../advice/suggest-fixes.js';
import { panicOnOomSuggestion } from '../../advice/suggest-oom-score.js';

/** The kill line of each built event, for cross-event evidence (kept off the public OomEvent shape). */
const killLines = new WeakMap<OomEvent, { line: number; text: string }>();

export function buildOomEvent(raw: RawOomEvent): OomEvent {
  const totals = readMemoryTotals(raw);
  const memcg = readMemcg(raw);
  const evidence = createEvidenceCollector();

  const verdict = classifyCause({ raw, memcg, totals });
  for (const r of verdict.reasons) evidence.add(r.at, r.why, Weight.cause);

  const { constraint, reason: constraintReason } = readConstraint(raw, memcg);
  if (constraintReason !== null) evidence.add(constraintReason.at, constraintReason.why, Weight.context);

  const victimFacts = readVictim(raw);
  for (const r of victimFacts.reasons) evidence.add(r.at, r.why, Weight.victim);

  const ranking = rankOomCandidates(raw, memcg, totals, victimFacts.victim);
  for (const r of ranking.reasons) evidence.add(r.at, r.why, Weight.badness);

  const { factors, reasons } = detectFactors({ raw, memcg, totals, victim: victimFacts.victim });
  for (const r of reasons) evidence.add(r.at, r.why, Weight.factor);

  for (const issue of raw.issues.slice(0, 2)) {
    evidence.add({ line: issue.line, text: '' }, `could not read this line: ${issue.reason}`, Weight.context);
  }
  if (raw.truncated && raw.header !== null) {
    evidence.add(raw.header.at, 'the input ends (or the next dump starts) before this dump\'s kill line', Weight.context);
  }

  const trigger = readTrigger(raw);
  const event: OomEvent = {
    time: raw.time,
    host: raw.host,
    kernelVersion: raw.kernelVersion,
    trigger,
    constraint,
    cause: verdict.cause,
    factors,
    memcg: memcg.memcg,
    victim: victimFacts.victim,
    topTasks: ranking.topTasks,
    evidence: evidence.list(),
    suggestions: suggestFixes({ raw, cause: verdict.cause, factors, victim: victimFacts.victim, trigger, memcg, totals, topTasks: ranking.topTasks }),
  };
  const kill = raw.killed?.at ?? raw.killSelect?.at ?? null;
  if (kill !== null) killLines.set(event, kill);
  return event;
}

/**
 * Factors that need every event of the input: `repeated_kills` when the input holds more than one
 * kill (`totalKills` also counts kills beyond the kept events). Each event then quotes the nearest
 * other kill, and a non-cgroup one gets seed 003's panic-and-reboot option
 * (a cgroup kill loop is the container's problem, not a reason to reboot the host).
 */
export function applyCrossEventFactors(events: OomEvent[], totalKills: number): OomEvent[] {
  // A dump cut off before its kill line is an event but not a kill; kills beyond the kept events are counted as kills.
  const kills = events.filter((e) => e.victim !== null).length + Math.max(0, totalKills - events.length);
  if (kills < 2) return events;
  return events.map((event, i) => {
    if (event.factors.includes('repeated_kills')) return event;
    const neighbour = events[i - 1] ?? events[i + 1];
    const other = neighbour !== undefined ? killLines.get(neighbour) ?? null : null;
    const evidence = [...event.evidence];
    if (other !== null && neighbour !== undefined) {
      const who = neighbour.victim !== null ? `${neighbour.victim.comm} (pid ${neighbour.victim.pid})` : 'another process';
      const entry = { line: other.line, text: other.text, why: `${kills} OOM kills in this input; the ${i > 0 ? 'previous' : 'next'} one killed ${who}` };
      evidence.splice(Math.min(evidence.length, MAX_EVIDENCE - 1), evidence.length, entry);
    }
    const memcgCause = event.cause === 'cgroup_limit' || event.cause === 'parent_cgroup_limit';
    const suggestions = event.cause === 'manual_trigger' || memcgCause || event.suggestions.some((s) => s.id === 'panic-on-oom')
      ? event.suggestions
      : [...event.suggestions, panicOnOomSuggestion(kills)];
    const next: OomEvent = { ...event, factors: [...event.factors, 'repeated_kills'], evidence, suggestions };
    const own = killLines.get(event);
    if (own !== undefined) killLines.set(next, own);
    return next;
  });
}
