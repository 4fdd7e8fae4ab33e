/**
 * The verdict: one RawOomEvent (what the parser read) → one OomEvent with its cause, factors,
 * victim, top tasks and evidence, and the facts it was decided from (which the advice reads).
 * Suggestions are not made here: the advice stage adds them. Pure; never throws on a well-typed event.
 */
import type { OomEvent } from '../../report/report-schema.js';
import type { LineRef, RawOomEvent } from '../parse/raw-event.js';
import { readMemoryTotals } from './memory-totals.js';
import { readMemcg } from './memcg-facts.js';
import { classifyCause } from './classify-cause.js';
import { readConstraint, readTrigger } from './trigger-facts.js';
import { readVictim } from './victim-facts.js';
import { rankOomCandidates } from './rank-oom-candidates.js';
import { detectFactors, type FactorFinding } from './detect-factors.js';
import { createEvidenceCollector, MAX_EVIDENCE, Weight } from './collect-evidence.js';
import type { VerdictFacts } from './verdict-facts.js';
import { readMemoryPicture } from './memory-picture.js';

export interface KernelVerdict {
  event: OomEvent;
  facts: VerdictFacts;
  /** The kill line (or kill-select line), quoted by other events of the same input. */
  killLine: LineRef | null;
  /** Each factor found with the lines it rests on (a lone kill just before this dump borrows its memory factors). */
  findings: FactorFinding[];
}

export function buildOomEvent(raw: RawOomEvent): KernelVerdict {
  const totals = readMemoryTotals(raw);
  const memcg = readMemcg(raw);
  const evidence = createEvidenceCollector();

  const verdict = classifyCause({ raw, memcg, totals });
  for (const r of verdict.reasons) evidence.add(r.at, r.why, Weight.cause);

  const read = readConstraint(raw, memcg);
  // 4.9–4.19: a header nodemask that leaves out a node with memory is what constrained_alloc() calls CONSTRAINT_MEMORY_POLICY.
  const constraint = read.constraint ?? (verdict.cause === 'mempolicy_restricted' ? 'CONSTRAINT_MEMORY_POLICY' : null);
  const constraintReason = read.reason;
  if (constraintReason !== null) evidence.add(constraintReason.at, constraintReason.why, Weight.context);

  const victimFacts = readVictim(raw);
  for (const r of victimFacts.reasons) evidence.add(r.at, r.why, Weight.victim);

  const ranking = rankOomCandidates(raw, memcg, totals, victimFacts.victim);
  for (const r of ranking.reasons) evidence.add(r.at, r.why, Weight.badness);

  const { factors, reasons, findings } = detectFactors({ raw, memcg, totals, victim: victimFacts.victim });
  for (const r of reasons) evidence.add(r.at, r.why, Weight.factor);

  for (const issue of raw.issues.slice(0, 2)) {
    evidence.add({ line: issue.line, text: '' }, `could not read this line: ${issue.reason}`, Weight.context);
  }
  if (raw.truncated && raw.header !== null && raw.interrupted === null) {
    evidence.add(raw.header.at, 'the input ends (or the next dump starts) before this dump\'s kill line', Weight.context);
  }

  const trigger = readTrigger(raw);
  const event: OomEvent = {
    source: 'kernel',
    noKill: victimFacts.noKill,
    rejoined: raw.rejoined,
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
    suggestions: [],
    ...readMemoryPicture(raw, totals),
  };
  return {
    event,
    facts: { raw, cause: verdict.cause, unknownBecause: verdict.unknownBecause ?? null, factors, victim: victimFacts.victim, trigger, memcg, totals, topTasks: ranking.topTasks },
    killLine: raw.killed?.at ?? raw.killSelect?.at ?? null,
    findings,
  };
}

/**
 * Factors that need every event of the input: `repeated_kills` when the input holds more than one
 * kill (`totalKills` also counts kills beyond the kept events). Each event then quotes the nearest
 * other kill.
 */
export function applyCrossEventFactors(verdicts: readonly KernelVerdictLike[], totalKills: number): OomEvent[] {
  const events = verdicts.map((v) => v.event);
  // A dump cut off before its kill line is an event but not a kill; kills beyond the kept events are counted as kills.
  const kills = countKills(events, totalKills);
  if (kills < 2) return events;
  return events.map((event, i) => {
    if (event.factors.includes('repeated_kills')) return event;
    const neighbour = verdicts[i - 1] ?? verdicts[i + 1];
    const other = neighbour?.killLine ?? null;
    const evidence = [...event.evidence];
    if (other !== null && neighbour !== undefined) {
      const victim = neighbour.event.victim;
      const who = victim !== null ? `${victim.comm} (pid ${victim.pid})` : 'another process';
      const entry = { file: null, line: other.line, text: other.text, why: `${kills} OOM kills in this input; the ${i > 0 ? 'previous' : 'next'} one killed ${who}` };
      evidence.splice(Math.min(evidence.length, MAX_EVIDENCE - 1), evidence.length, entry);
    }
    return { ...event, factors: [...event.factors, 'repeated_kills'], evidence };
  });
}

/** An event with the kill line other events quote (a kubectl event has none). */
export interface KernelVerdictLike {
  event: OomEvent;
  killLine: LineRef | null;
  /** Factors with their lines (kernel events only). */
  findings?: FactorFinding[];
}

/** Kills in the input: events that name a victim, plus kills counted beyond the kept events. */
export function countKills(events: readonly OomEvent[], totalKills: number): number {
  return events.filter((e) => e.victim !== null).length + Math.max(0, totalKills - events.length);
}
