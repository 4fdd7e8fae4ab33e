/**
 * One kernel for one host: a dump without its `CPU: … Not tainted <release>` line (cut from the
 * paste, or a kill line alone) runs the kernel another dump of the same input names, when the input
 * is one host's log and names one release only. Then the advice for that event can be gated by the
 * kernel's era like the others. Several hosts, several releases (a reboot into a new kernel), or
 * inputs from several files without host names: nothing is borrowed.
 */
import type { LineRef, RawOomEvent } from '../parse/raw-event.js';
import type { KernelVerdict } from './build-oom-event.js';
import { MAX_EVIDENCE } from './collect-evidence.js';

export interface HostKernel {
  version: string;
  /** The line that names it, quoted as evidence by the events that borrow it. */
  at: LineRef;
}

/** Remembers, dump by dump, the hosts and kernel releases an input names (a few strings, whatever its size). */
export interface HostKernelTracker {
  see(raw: RawOomEvent): void;
  /**
   * The release every dump of this input runs, or null. `sources` is how many inputs (files) were
   * read: without host names only a single input counts as one host.
   */
  result(sources: number): HostKernel | null;
}

export function createHostKernelTracker(): HostKernelTracker {
  const hosts = new Set<string>();
  const versions = new Map<string, LineRef>();
  return {
    see(raw) {
      if (raw.host !== null && hosts.size < 2) hosts.add(raw.host);
      if (raw.kernelVersion !== null && raw.kernelVersionAt !== null && !versions.has(raw.kernelVersion) && versions.size < 2) versions.set(raw.kernelVersion, raw.kernelVersionAt);
    },
    result(sources) {
      if (hosts.size > 1 || (hosts.size === 0 && sources > 1) || versions.size !== 1) return null;
      const [version, at] = [...versions.entries()][0]!;
      return { version, at };
    },
  };
}

/** The verdict of a dump that does not name its kernel, with the host's release and the line that names it. */
export function withHostKernelVersion(verdict: KernelVerdict, host: HostKernel): KernelVerdict {
  const raw = { ...verdict.facts.raw, kernelVersion: host.version };
  const entry = {
    file: null,
    line: host.at.line,
    text: host.at.text,
    why: `this dump does not print the kernel version; another dump of the same host names ${host.version}, the only release in this input, so its advice is for that kernel`,
  };
  const evidence = [...verdict.event.evidence];
  if (evidence.length < MAX_EVIDENCE) evidence.push(entry);
  else evidence.splice(MAX_EVIDENCE - 1, evidence.length, entry);
  return { ...verdict, event: { ...verdict.event, kernelVersion: host.version, evidence }, facts: { ...verdict.facts, raw } };
}
