/**
 * The program table: every program with advice of its own, in one list, consulted by the kernel
 * event's advice (by the victim's process name) and by the Kubernetes advice (by the container's
 * image and command). To add a program: a file here with its `KnownProgram`, a row below, its id in
 * suggestion-ids.ts. The order matters only for images: the first row whose words match wins.
 */
import type { SuggestionDraft } from '../suggestion-draft.js';
import type { ContainerInput, KnownProgram, ProcessInput } from './known-program.js';
import { MYSQL } from './mysql.js';
import { MONGOD } from './mongod.js';
import { SEARCH_ENGINES } from './search-engines.js';
import { JAVA } from './java.js';
import { POSTGRES } from './postgres.js';
import { REDIS } from './redis.js';
import { NODE } from './node.js';
import { DORIS_BE } from './doris-be.js';
import { CLICKHOUSE } from './clickhouse.js';
import { PYTHON } from './python.js';

export const KNOWN_PROGRAMS: readonly KnownProgram[] = [MYSQL, MONGOD, SEARCH_ENGINES, JAVA, POSTGRES, REDIS, NODE, DORIS_BE, CLICKHOUSE, PYTHON];

/** The program a process name (comm) belongs to, when it has advice for a killed process. */
export function programForComm(comm: string): KnownProgram | null {
  return KNOWN_PROGRAMS.find((p) => p.comm?.test(comm) === true && p.forProcess !== undefined) ?? null;
}

/** The advice for a killed process of a known program; null for any other process. */
export function adviceForProcess(p: ProcessInput): SuggestionDraft | null {
  const program = programForComm(p.comm);
  return program?.forProcess ? { id: program.id, ...program.forProcess(p) } : null;
}

/** The advice for a container whose image or command names a known program; null otherwise. */
export function adviceForContainer(image: string | null, command: string, c: ContainerInput): SuggestionDraft | null {
  const words = `${image ?? ''} ${command}`.toLowerCase();
  const program = KNOWN_PROGRAMS.find((p) => p.image?.test(words) === true && p.forContainer !== undefined);
  return program?.forContainer ? { id: program.id, ...program.forContainer(c) } : null;
}
