/**
 * What the program table holds for each known program: how to recognise it — by the process name the
 * kernel printed, or by a container's image and command — and its advice for either case. The id is
 * the row's, not the builder's, so a program's advice has one id whichever way it was found.
 */
import type { SuggestionDraft } from '../suggestion-draft.js';
import type { SuggestionId } from '../suggestion-ids.js';
import { formatKb } from '../../units.js';
import { hostMeminfo } from '../host-meminfo.js';

/** A suggestion without its id: the table row supplies it. */
export type ProgramAdvice = Omit<SuggestionDraft, 'id'>;

/** A process the kernel killed (or that dominated the dump), and the memory it competed for. */
export interface ProcessInput {
  comm: string;
  pid: number;
  rssKb: number | null;
  /** The cgroup limit of a memcg OOM, else RAM; null when the log shows neither. */
  budget: { kb: number; what: string } | null;
}

/** A container killed at its memory limit (kubectl OOMKilled status), with its commands pre-filled. */
export interface ContainerInput {
  limitBytes: number | null;
  /** The limit as the pod spec wrote it (`1536Mi`). */
  limitText: string | null;
  /** `kubectl -n ns set env deployment/x -c c <env>`. */
  setEnv(env: string): string;
  /** `kubectl -n ns exec deploy/x -c c -- <command>`. */
  execIn(command: string): string;
}

export interface KnownProgram {
  /** The advice's one id, however the program was recognised. */
  id: SuggestionId;
  /** Process names as the kernel prints them: comm is at most 15 characters (TASK_COMM_LEN 16). */
  comm?: RegExp;
  /** Words in a container's image or command (lower-cased) that name it. */
  image?: RegExp;
  /** Advice for a killed process, sized from the memory it competed for. */
  forProcess?(p: ProcessInput): ProgramAdvice;
  /** Advice for a container killed at its limit. */
  forContainer?(c: ContainerInput): ProgramAdvice;
}

export const mib = (kb: number): number => Math.floor(kb / 1024);

/** "mysqld (pid 1234) held 3.2 GiB when killed", the opening of every program's advice. */
export const heldWhenKilled = (comm: string, pid: number, rssKb: number | null): string =>
  rssKb !== null ? `${comm} (pid ${pid}) held ${formatKb(rssKb)} when killed` : `${comm} (pid ${pid}) was killed`;
export const held = (p: ProcessInput): string => heldWhenKilled(p.comm, p.pid, p.rssKb);
/** That share of the budget, in kB; null without a budget. */
export const share = (p: ProcessInput, f: number): number | null => (p.budget !== null ? p.budget.kb * f : null);
export const of = (p: ProcessInput, f: number): string =>
  p.budget !== null ? `${Math.round(f * 100)}% of ${p.budget.what}` : `${Math.round(f * 100)}% of the machine's or container's memory (the log shows neither)`;
/**
 * Without a size in the log, the commands compute the setting on the host itself, so what a user
 * pastes is complete: MemTotal (kB) in POSIX sh arithmetic, integer steps in the same order as
 * the log-sized numbers (mib(kb × 0.6) is MemTotal × 6 / 10 / 1024), so both give the same value.
 */
export const MEM_TOTAL_KB = hostMeminfo('MemTotal');
export const ofHost = (p: ProcessInput, f: number): string => (p.budget !== null ? of(p, f) : `${Math.round(f * 100)}% of the host's RAM, computed from MemTotal`);

/** A runtime's heap at 75% of the container limit, in MiB: the rest is its native memory. Null without a limit. */
export const heapMiWithin = (c: ContainerInput): number | null => (c.limitBytes === null ? null : Math.floor((c.limitBytes * 0.75) / 2 ** 20));
