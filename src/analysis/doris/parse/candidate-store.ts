/**
 * A bounded set of candidates (summary blocks, status lines) from a be.INFO of any size, such that
 * "the last one before time T" can be answered at the end for a T not known while reading.
 *
 * - the latest RECENT candidates are kept exactly (the kill is usually near the end of be.INFO);
 * - older ones are thinned so their spacing grows with their age (roughly exponential: a log of
 *   a million summaries keeps about OLDER of them spread over the whole file);
 * - the last candidate before each process restart is kept (the process died just before it);
 * - for each kill time announced while reading (`pin`), the best candidate so far is kept and
 *   replaced as better ones arrive, so the answer is exact whenever the kill was seen first or the
 *   candidate was still held when it was.
 */
import { compareLogTimes, parseLogTime, type LogTime } from '../../input/doris-log-time.js';

export interface Candidate {
  time: string | null;
  /** 1-based input line, to break ties and to know which came last. */
  line: number;
}

export const RECENT = 8;
export const OLDER = 24;
export const RESTARTS = 8;
export const PINS = 16;

interface Held<T> {
  item: T;
  seq: number;
  time: LogTime | null;
}

export interface CandidateStore<T extends Candidate> {
  add(item: T): void;
  /** The process restarted here: remember the latest candidate as "last before a restart". */
  markRestart(): void;
  /** A kill at `time` was seen: keep the best candidate before it from now on. */
  pin(time: string): void;
  /** The last candidate at or before `time`; with null, the last one added. */
  lastBefore(time: string | null): T | null;
  readonly size: number;
}

export function createCandidateStore<T extends Candidate>(): CandidateStore<T> {
  let seq = 0;
  const recent: Held<T>[] = [];
  const older: Held<T>[] = [];
  const beforeRestart: Held<T>[] = [];
  const pins = new Map<string, { at: LogTime; best: Held<T> | null }>();

  const better = (a: Held<T>, b: Held<T> | null): boolean => {
    if (b === null) return true;
    if (a.time === null || b.time === null) return a.seq > b.seq;
    const c = compareLogTimes(a.time, b.time);
    return c > 0 || (c === 0 && a.seq > b.seq);
  };

  const bestBefore = (at: LogTime, pool: Iterable<Held<T>>): Held<T> | null => {
    let best: Held<T> | null = null;
    for (const h of pool) {
      if (h.time !== null && compareLogTimes(h.time, at) <= 0 && better(h, best)) best = h;
    }
    return best;
  };

  function* everything(): Iterable<Held<T>> {
    yield* older;
    yield* recent;
    yield* beforeRestart;
    for (const p of pins.values()) if (p.best !== null) yield p.best;
  }

  /** Drops the older candidate whose neighbours are closest, relative to its age. */
  const thin = (): void => {
    let drop = -1;
    let bestScore = Infinity;
    for (let i = 1; i < older.length - 1; i++) {
      const gap = older[i + 1]!.seq - older[i - 1]!.seq;
      const score = gap / (seq - older[i]!.seq);
      if (score < bestScore) {
        bestScore = score;
        drop = i;
      }
    }
    if (drop !== -1) older.splice(drop, 1);
  };

  return {
    add(item) {
      const held: Held<T> = { item, seq: ++seq, time: parseLogTime(item.time) };
      if (held.time !== null) {
        for (const p of pins.values()) {
          if (compareLogTimes(held.time, p.at) <= 0 && better(held, p.best)) p.best = held;
        }
      }
      recent.push(held);
      if (recent.length > RECENT) {
        older.push(recent.shift()!);
        if (older.length > OLDER) thin();
      }
    },
    markRestart() {
      const last = recent[recent.length - 1];
      if (last === undefined || beforeRestart[beforeRestart.length - 1] === last) return;
      beforeRestart.push(last);
      if (beforeRestart.length > RESTARTS) beforeRestart.shift();
    },
    pin(time) {
      const at = parseLogTime(time);
      if (at === null || pins.has(time)) return;
      pins.set(time, { at, best: bestBefore(at, everything()) });
      if (pins.size > PINS) pins.delete(pins.keys().next().value!);
    },
    lastBefore(time) {
      if (time === null) return recent[recent.length - 1]?.item ?? null;
      const at = parseLogTime(time);
      if (at === null) return null;
      return bestBefore(at, everything())?.item ?? null;
    },
    get size() {
      let n = 0;
      for (const _ of new Set(everything())) n++;
      return n;
    },
  };
}
