/**
 * What the dump machine (oom-dump-machine.ts) remembers between lines: one plain object per host,
 * passed to each state's handler, so that every state reads and changes the same variables
 * without a closure holding them all.
 */
import type { RawOomEvent } from './raw-event.js';
import type { TaskTableReader } from './parse-task-table.js';
import { createSecondsApart, type SecondsApart } from '../../input/seconds-apart.js';

export type DumpState = 'Idle' | 'InDump' | 'InMemInfo' | 'InMemcgStats' | 'InTaskTable' | 'AwaitKilled' | 'AfterKill' | 'AfterSlabFailure';

export interface DumpContext {
  readonly onEvent: (event: RawOomEvent) => void;
  readonly secondsApart: SecondsApart;
  state: DumpState;
  /** The dump being read (InDump…AwaitKilled). */
  event: RawOomEvent | null;
  table: TaskTableReader | null;
  /** Kills read but not yet emitted (AfterKill), and the dump they came from (for group kills). */
  pending: RawOomEvent[];
  groupBase: RawOomEvent | null;
  /** Time of the first kill of the group: members are killed in the same instant. */
  groupTime: string | null;
  lastLine: number;
  lastTime: string | null;
  linesInState: number;
  /** SLUB failures read while Idle, waiting for the dump they lead to. */
  slabFailures: RawOomEvent['slabFailures'];
  slabLine: number;
  /** Pids this host's kills (and reaper-only victims) named, most recent last. */
  readonly recentVictims: number[];
  /** `pid@time` of this host's recent kill lines: the same kill pasted twice (a quoted mail, a log given twice) is one kill. */
  readonly recentKills: string[];
}

export function createDumpContext(onEvent: (event: RawOomEvent) => void): DumpContext {
  return {
    onEvent,
    secondsApart: createSecondsApart(),
    state: 'Idle',
    event: null,
    table: null,
    pending: [],
    groupBase: null,
    groupTime: null,
    lastLine: 0,
    lastTime: null,
    linesInState: 0,
    slabFailures: [],
    slabLine: 0,
    recentVictims: [],
    recentKills: [],
  };
}
