/**
 * Tasks cancelled to free process memory, and when each one finally ended (its tracker was
 * deregistered), for "cancel stuck" (reference §7 rule 6: more than 3 s from cancel to end).
 * Bounded: the MAX_TASKS most recently cancelled tasks, each with its first cancel (a task's
 * fragments repeat the cancel reason; the first is when it was cancelled). Task-end lines are kept
 * only for tasks already cancelled.
 */
import type { LineRef } from './summary-block.js';

export const MAX_TASKS = 512;
export const MAX_PENDING = 64;

export interface CancelRecord {
  task: string;
  key: string;
  time: string | null;
  at: LineRef;
  consumptionBytes: number | null;
  endTime: string | null;
  endAt: LineRef | null;
}

export interface PendingCancel {
  time: string | null;
  at: LineRef;
  count: number;
}

export interface CancelLog {
  cancel(task: string, key: string, consumptionBytes: number | null, time: string | null, at: LineRef): void;
  /** True when `key` is a cancelled task whose end has not been seen: only then does `end` record anything. */
  awaitsEnd(key: string): boolean;
  end(key: string, time: string | null, at: LineRef): void;
  pending(count: number, time: string | null, at: LineRef): void;
  readonly records: Iterable<CancelRecord>;
  readonly pendings: readonly PendingCancel[];
  /** The cancelled tasks whose end has not been seen yet, and how many they are. */
  awaiting(): Iterable<CancelRecord>;
  readonly awaitingCount: number;
  /** Changes whenever the set of tasks awaiting their end changes. */
  readonly version: number;
}

export function createCancelLog(): CancelLog {
  const tasks = new Map<string, CancelRecord>();
  const pendings: PendingCancel[] = [];
  let version = 0;
  let awaitingCount = 0;
  return {
    cancel(task, key, consumptionBytes, time, at) {
      const known = tasks.get(key);
      if (known !== undefined && known.endAt === null) {
        if (known.consumptionBytes === null) known.consumptionBytes = consumptionBytes;
        return;
      }
      // A new task, or the same id cancelled again after it ended (ids are unique, but be safe).
      tasks.delete(key);
      tasks.set(key, { task, key, time, at, consumptionBytes, endTime: null, endAt: null });
      awaitingCount++;
      if (tasks.size > MAX_TASKS) {
        const oldest = tasks.keys().next().value!;
        if (tasks.get(oldest)!.endAt === null) awaitingCount--;
        tasks.delete(oldest);
      }
      version++;
    },
    awaitsEnd(key) {
      const known = tasks.get(key);
      return known !== undefined && known.endAt === null;
    },
    end(key, time, at) {
      const known = tasks.get(key);
      if (known !== undefined && known.endAt === null) {
        known.endTime = time;
        known.endAt = at;
        awaitingCount--;
        version++;
      }
    },
    pending(count, time, at) {
      pendings.push({ count, time, at });
      if (pendings.length > MAX_PENDING) pendings.shift();
    },
    get records() {
      return tasks.values();
    },
    get pendings() {
      return pendings;
    },
    *awaiting() {
      for (const record of tasks.values()) if (record.endAt === null) yield record;
    },
    get awaitingCount() {
      return awaitingCount;
    },
    get version() {
      return version;
    },
  };
}
