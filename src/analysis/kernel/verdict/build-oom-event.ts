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
import { createSecondsApart } from '../../input/seconds-apart.js';
import { formatSeconds } from '../../units.js';

export interface KernelVerdict {
  event: OomEvent;
  facts: VerdictFacts;
  /** The kill line (or kill-select line), quoted by other events of the same input. */
  killLine: LineRef | null;
  /** Each factor found with the lines it rests on (a lone kill just before this dump borrows its memory factors). */
  findings: FactorFinding[];
  /** The `Tasks in … memory.oom.group set` line, shared by every kill of one group pass. */
  groupLine: number | null;
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
    oomGroup: raw.oomGroup === null ? null : { path: raw.oomGroup.path, kills: raw.oomGroup.pass.kills, member: raw.oomGroup.member },
    sharedMemoryKills: raw.mmSharers.count,
    kubernetes: null,
  };
  return {
    event,
    facts: { raw, cause: verdict.cause, unknownBecause: verdict.unknownBecause ?? null, factors, victim: victimFacts.victim, trigger, memcg, totals, topTasks: ranking.topTasks },
    killLine: raw.killed?.at ?? raw.killSelect?.at ?? null,
    findings,
    groupLine: raw.oomGroup?.at.line ?? null,
  };
}

/**
 * Factors that need every event of the input: `repeated_kills` when the event's host had more than
 * one OOM in the input (`totalKills` also counts kills beyond the kept events). OOMs of different
 * hosts in one input are not repeats of each other, and a memory.oom.group pass is one OOM however
 * many tasks it kills. Each event then quotes the nearest kill of another OOM of its host, and how
 * far apart in time the two were when the log says.
 */
export function applyCrossEventFactors(verdicts: readonly KernelVerdictLike[], totalKills: number): OomEvent[] {
  const events = verdicts.map((v) => v.event);
  const hosts = oomsByHost(events, totalKills);
  const secondsApart = createSecondsApart();
  return verdicts.map((v, i) => {
    const event = v.event;
    const host = hosts.get(hostKey(event))!;
    if (host.ooms < 2 || event.factors.includes('repeated_kills')) return event;
    const counted = host.kills === host.ooms ? `${host.kills} OOM kills ${host.where}` : `${host.ooms} OOMs ${host.where} (${host.kills} kills)`;
    const n = nearestOtherOom(verdicts, i);
    const evidence = [...event.evidence];
    if (n !== null && n.verdict.killLine !== null) {
      const other = n.verdict.killLine;
      const victim = n.verdict.event.victim;
      const who = victim !== null ? `${victim.comm} (pid ${victim.pid})` : 'another process';
      const gap = secondsApart(event.time, n.verdict.event.time);
      const when = gap !== null && gap > 0 ? ` (${formatSeconds(gap)} ${n.before ? 'earlier' : 'later'})` : '';
      const entry = { file: null, line: other.line, text: other.text, why: `${counted}; the ${n.before ? 'previous' : 'next'} one${when} killed ${who}` };
      evidence.splice(Math.min(evidence.length, MAX_EVIDENCE - 1), evidence.length, entry);
    }
    return { ...event, factors: [...event.factors, 'repeated_kills'], evidence };
  });
}

/** What one host's events add up to: its OOMs (a group pass counted once), its kills, and the seconds from its first to its last. */
export interface HostOoms {
  ooms: number;
  kills: number;
  spanSeconds: number | null;
  /** "in this input", or "on <host> in this input" when the input holds several hosts. */
  where: string;
}

/** The host an event counts for ("" when the log names none). */
export function hostKey(e: OomEvent): string {
  return e.host ?? '';
}

/**
 * OOMs per host. Kills beyond the kept events (`totalKills` − events) are counted for the host
 * only when the input names one host at most: which host they belong to is not known otherwise.
 */
export function oomsByHost(events: readonly OomEvent[], totalKills: number): Map<string, HostOoms> {
  const byHost = new Map<string, OomEvent[]>();
  for (const e of events) byHost.set(hostKey(e), [...(byHost.get(hostKey(e)) ?? []), e]);
  const beyond = byHost.size <= 1 ? Math.max(0, totalKills - events.length) : 0;
  const out = new Map<string, HostOoms>();
  for (const [host, list] of byHost) {
    const where = byHost.size > 1 && host !== '' ? `on ${host} in this input` : 'in this input';
    out.set(host, { ooms: countOoms(list, list.length + beyond), kills: countKills(list, list.length + beyond), spanSeconds: spanSeconds(list), where });
  }
  return out;
}

/** The closest event of the same host before (else after) event `i` that belongs to another OOM and has a kill line. */
function nearestOtherOom(verdicts: readonly KernelVerdictLike[], i: number): { verdict: KernelVerdictLike; before: boolean } | null {
  const mine = verdicts[i]!.groupLine;
  const host = hostKey(verdicts[i]!.event);
  const other = (v: KernelVerdictLike): boolean => v.killLine !== null && hostKey(v.event) === host && (mine === null || v.groupLine !== mine);
  for (let j = i - 1; j >= 0; j--) if (other(verdicts[j]!)) return { verdict: verdicts[j]!, before: true };
  for (let j = i + 1; j < verdicts.length; j++) if (other(verdicts[j]!)) return { verdict: verdicts[j]!, before: false };
  return null;
}

/** An event with the kill line other events quote (a kubectl event has none). */
export interface KernelVerdictLike {
  event: OomEvent;
  killLine: LineRef | null;
  /** Factors with their lines (kernel events only). */
  findings?: FactorFinding[];
  /** The `Tasks in … memory.oom.group set` line of the event's group pass: events sharing it are one OOM. */
  groupLine: number | null;
  /** What the verdict was decided from (kernel events only): the advice stage reads it. */
  facts?: VerdictFacts;
}

/** Kills in the input: events that name a victim, plus kills counted beyond the kept events. */
export function countKills(events: readonly OomEvent[], totalKills: number): number {
  return events.filter((e) => e.victim !== null).length + Math.max(0, totalKills - events.length);
}

/** OOMs in the input: its kills, less the further kills of each memory.oom.group pass (one OOM kills the whole group). */
export function countOoms(events: readonly OomEvent[], totalKills: number): number {
  return countKills(events, totalKills) - events.filter((e) => e.victim !== null && e.oomGroup !== null && e.oomGroup.member > 1).length;
}

/** Seconds from the first to the last event whose times can be compared, or null. */
export function spanSeconds(events: readonly OomEvent[]): number | null {
  const timed = events.filter((e) => e.time !== null);
  if (timed.length < 2) return null;
  return createSecondsApart()(timed[0]!.time, timed[timed.length - 1]!.time);
}
