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
  end(key: string, time: string | null, at: LineRef): void;
  pending(count: number, time: string | null, at: LineRef): void;
  readonly records: Iterable<CancelRecord>;
  readonly pendings: readonly PendingCancel[];
}

export function createCancelLog(): CancelLog {
  const tasks = new Map<string, CancelRecord>();
  const pendings: PendingCancel[] = [];
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
      if (tasks.size > MAX_TASKS) tasks.delete(tasks.keys().next().value!);
    },
    end(key, time, at) {
      const known = tasks.get(key);
      if (known !== undefined && known.endAt === null) {
        known.endTime = time;
        known.endAt = at;
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
  };
}
