/**
 * Cheap test for "this message contains an OOM signature", run on every message a listener sees.
 * Plain substring search (no regex): a 40 000-character paste costs microseconds, and messages
 * without a signature get no reaction and no reply.
 */
const SIGNATURES = [
  'invoked oom-killer', // the header line, every kernel since 2.6
  'Killed process', // the kill line
  'oom-kill:', // cgroup v2 / 4.19+ one-line summary
  'Out of memory', // "Out of memory: Kill process" (older) / "Out of memory: Killed process"
  'Memory cgroup out of memory',
  'oom_reaper:',
  'OOMKilled', // kubectl / containerd
  'Memory Tracker Summary', // Apache Doris be.INFO
  'Process Memory Summary',
  'sysrq: Manual OOM execution',
];

export function looksLikeOomLog(text: string): boolean {
  for (const signature of SIGNATURES) if (text.includes(signature)) return true;
  return false;
}
