/**
 * Evidence for a verdict: the log lines that support each decision, with the reason in words.
 * Decisions add entries with a weight; the event keeps the decisive ones (the cause first), at most
 * MAX_EVIDENCE, each line quoted once (its reasons joined), in order of weight.
 */
import type { Evidence } from '../../report/report-schema.js';
import type { LineRef } from '../parse/raw-event.js';

/** A Slack section or a terminal screen holds about this many quoted lines before it stops being read. */
export const MAX_EVIDENCE = 12;

/** Quoted lines longer than this are cut (a 64 KiB line helps nobody). */
const MAX_QUOTE_CHARS = 400;

/** How decisive an entry is; lower sorts first. */
export const Weight = {
  cause: 0,
  victim: 1,
  badness: 2,
  factor: 3,
  context: 4,
} as const;
export type Weight = (typeof Weight)[keyof typeof Weight];

export interface EvidenceCollector {
  add(at: LineRef | null | undefined, why: string, weight: Weight): void;
  list(): Evidence[];
}

export function createEvidenceCollector(): EvidenceCollector {
  const entries: { e: Evidence; weight: number; seq: number }[] = [];
  let seq = 0;
  return {
    add(at, why, weight) {
      if (!at || at.line < 1) return;
      const same = entries.find((x) => x.e.line === at.line);
      if (same !== undefined) {
        // One quote per line: its reasons are joined, the more decisive first.
        if (same.e.why.includes(why)) return;
        const joined = weight < same.weight ? `${why}; ${same.e.why}` : `${same.e.why}; ${why}`;
        same.e = { ...same.e, why: joined };
        same.weight = Math.min(same.weight, weight);
        return;
      }
      entries.push({ e: { file: null, line: at.line, text: quote(at.text), why }, weight, seq: seq++ });
    },
    list() {
      return [...entries]
        .sort((a, b) => a.weight - b.weight || a.seq - b.seq)
        .slice(0, MAX_EVIDENCE)
        .map((x) => x.e);
    },
  };
}

function quote(text: string): string {
  const t = text.trimEnd();
  return t.length > MAX_QUOTE_CHARS ? `${t.slice(0, MAX_QUOTE_CHARS)}…` : t;
}
