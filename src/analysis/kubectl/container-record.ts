/**
 * What the kubectl readers collect about one pod and one of its containers, before it becomes an
 * OomEvent. Every field is optional: pastes are often partial (only the `Last State` block, only a
 * container's section, a YAML fragment).
 */
export interface QuotedLine {
  line: number;
  text: string;
}

export interface PodContext {
  name: string | null;
  namespace: string | null;
  /** Node the pod ran on (`Node:` / `nodeName:`): the machine whose kernel did the kill. */
  node: string | null;
  /** Owning workload as `kind/name` (`Controlled By: ReplicaSet/x-7c9d8899f8`), if printed. */
  owner: string | null;
  evidence: QuotedLine | null;
}

export interface ContainerRecord {
  name: string | null;
  nameLine: QuotedLine | null;
  image: string | null;
  /** Command and arguments joined (bounded), to recognise java/node/python/go programs. */
  command: string;
  /** The `Reason: OOMKilled` / `reason: OOMKilled` line. */
  oom: QuotedLine | null;
  exitCode: number | null;
  exitLine: QuotedLine | null;
  /** Finished time of the OOMKilled termination, ISO 8601. */
  finished: string | null;
  finishedLine: QuotedLine | null;
  restarts: number | null;
  limitBytes: number | null;
  limitText: string | null;
  limitLine: QuotedLine | null;
  requestText: string | null;
  /** True once the text showed where a memory limit would be printed and it was not there. */
  noLimitShown: boolean;
}

export const MAX_COMMAND_CHARS = 512;

export function newPodContext(): PodContext {
  return { name: null, namespace: null, node: null, owner: null, evidence: null };
}

export function newContainerRecord(name: string | null = null, nameLine: QuotedLine | null = null): ContainerRecord {
  return {
    name,
    nameLine,
    image: null,
    command: '',
    oom: null,
    exitCode: null,
    exitLine: null,
    finished: null,
    finishedLine: null,
    restarts: null,
    limitBytes: null,
    limitText: null,
    limitLine: null,
    requestText: null,
    noLimitShown: false,
  };
}

export function appendCommand(record: ContainerRecord, words: string): void {
  if (record.command.length < MAX_COMMAND_CHARS) record.command = `${record.command} ${words}`.slice(0, MAX_COMMAND_CHARS);
}
