/**
 * GC starts per second, bucketed by minute, so "how many GCs in the N minutes before time T" can be
 * answered at the end for any T, in bounded memory: at most MAX_MINUTES minutes that had a GC are
 * kept (the oldest are dropped first; a be.INFO is in time order).
 */
import { parseLogTime, secondsBetween, type LogTime } from '../../input/doris-log-time.js';
import type { LineRef } from './summary-block.js';

/** ≈ 2.8 days of minutes with GC activity; 4096 × ≈300 bytes. */
export const MAX_MINUTES = 4096;

interface Bucket {
  start: LogTime;
  minor: Uint16Array;
  full: Uint16Array;
  first: { at: LineRef; time: LogTime };
  last: { at: LineRef; time: LogTime };
}

export interface GcCount {
  minor: number;
  full: number;
  /** The first and the last GC start line in the window (evidence). */
  first: LineRef | null;
  last: LineRef | null;
}

export interface GcHistogram {
  add(gc: 'minor' | 'full', time: string | null, at: LineRef): void;
  /** GC starts in (`end` − `minutes`, `end`]. */
  countBefore(end: string, minutes: number): GcCount;
  /** Time of the last GC start seen. */
  readonly lastTime: string | null;
}

export function createGcHistogram(): GcHistogram {
  const buckets = new Map<string, Bucket>();
  let lastTime: string | null = null;

  return {
    add(gc, time, at) {
      const t = parseLogTime(time);
      if (t === null) return;
      lastTime = time;
      const minute = Math.floor(t.seconds / 60);
      const key = `${t.year ?? ''}-${t.month}-${t.day}-${minute}`;
      let b = buckets.get(key);
      if (b === undefined) {
        b = {
          start: { year: t.year, month: t.month, day: t.day, seconds: minute * 60 },
          minor: new Uint16Array(60),
          full: new Uint16Array(60),
          first: { at, time: t },
          last: { at, time: t },
        };
        buckets.set(key, b);
        if (buckets.size > MAX_MINUTES) buckets.delete(buckets.keys().next().value!);
      }
      const second = Math.floor(t.seconds) % 60;
      const counts = gc === 'full' ? b.full : b.minor;
      if (counts[second]! < 0xffff) counts[second]!++;
      b.last = { at, time: t };
    },
    countBefore(end, minutes) {
      const result: GcCount = { minor: 0, full: 0, first: null, last: null };
      const at = parseLogTime(end);
      if (at === null) return result;
      let firstTime: LogTime | null = null;
      let lastSeen: LogTime | null = null;
      const inWindow = (t: LogTime): boolean => {
        const d = secondsBetween(t, at);
        return d >= 0 && d < minutes * 60;
      };
      for (const b of buckets.values()) {
        const sinceStart = secondsBetween(b.start, at);
        if (sinceStart < -60 || sinceStart > minutes * 60 + 60) continue;
        for (let s = 0; s < 60; s++) {
          if (b.minor[s] === 0 && b.full[s] === 0) continue;
          const d = sinceStart - s;
          if (d < 0 || d >= minutes * 60) continue;
          result.minor += b.minor[s]!;
          result.full += b.full[s]!;
        }
        for (const edge of [b.first, b.last]) {
          if (!inWindow(edge.time)) continue;
          if (firstTime === null || secondsBetween(edge.time, firstTime) > 0) {
            firstTime = edge.time;
            result.first = edge.at;
          }
          if (lastSeen === null || secondsBetween(lastSeen, edge.time) >= 0) {
            lastSeen = edge.time;
            result.last = edge.at;
          }
        }
      }
      return result;
    },
    get lastTime() {
      return lastTime;
    },
  };
}
