/**
 * The kernel's kill line when an alert carries it verbatim: node-problem-detector's `OOMKilling`
 * event message is the matched kernel log text (`Memory cgroup out of memory: Killed process 3504804
 * (kubectl) total-vm:753508kB, anon-rss:58776kB, …`; before Linux 5.1 two lines, `Kill process …
 * score … or sacrifice child` then `Killed process …`). The victim is the `Killed process` one.
 */
import type { KilledProcess } from './alert-facts.js';

export interface KernelKill {
  /** `kernel-unknown` when only the `Killed process` line is there, without the reason line. */
  kind: 'kernel-memcg' | 'kernel-global' | 'kernel-unknown';
  process: KilledProcess | null;
  evidence: string;
}

const KILLED_PROCESS = /Killed process (\d{1,10}) \(([^()\n]{1,64})\)/;
const ANON_RSS = /anon-rss:(\d{1,15})kB/;

export function readKernelKillLine(lines: readonly string[]): KernelKill | null {
  let kind: 'kernel-memcg' | 'kernel-global' | null = null;
  let evidence: string | null = null;
  let victim: KilledProcess | null = null;
  for (const line of lines) {
    const lower = line.toLowerCase();
    const memcg = lower.indexOf('memory cgroup out of memory');
    const global = lower.indexOf('out of memory: kill');
    if (kind === null && memcg !== -1) {
      kind = 'kernel-memcg';
      evidence = line.slice(memcg, memcg + 'memory cgroup out of memory'.length);
    } else if (kind === null && global !== -1) {
      kind = 'kernel-global';
      evidence = line.slice(global, global + 'out of memory'.length);
    }
    // The 5.x summary line names the constraint even when the "out of memory" line was cut off.
    if (kind === null && lower.includes('oom-kill:constraint=constraint_memcg')) {
      kind = 'kernel-memcg';
      evidence = 'oom-kill:constraint=CONSTRAINT_MEMCG';
    }
    const killed: RegExpExecArray | null = victim === null ? KILLED_PROCESS.exec(line) : null;
    if (killed !== null) {
      const rss = ANON_RSS.exec(line.slice(killed.index));
      victim = {
        pid: Number(killed[1]),
        comm: killed[2]!,
        anonRssBytes: rss === null ? null : Number(rss[1]) * 1024,
      };
    }
  }
  if (kind === null && victim === null) return null;
  return { kind: kind ?? 'kernel-unknown', process: victim, evidence: evidence ?? 'Killed process' };
}
