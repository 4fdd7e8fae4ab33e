/**
 * Whether an alert names an OOM kill, and which kind. Only words that mean a kill count:
 * `OOMKilled`, `OOMKilling`, `OOMKill`, `oom_kill`, `OOM killer`, `Out-Of-Memory Killed`, the
 * kernel's own lines, an `OOM` in the alert's name. "Memory usage above 80%" and
 * "CrashLoopBackOff" do not: an alert that names no OOM kill is not ours to explain.
 * Links are not read: a dashboard URL with "oom" in it says nothing about this alert.
 */
import type { OomKind } from './alert-facts.js';
import { stripPunctuation } from './match-phrase.js';
import type { KernelKill } from './read-kernel-kill-line.js';

export interface OomEvidence {
  evidence: string;
  kind: OomKind;
}

/**
 * Words that name a kill, compared whole (punctuation around them aside): a pod called
 * `oom-kill-test` or a dashboard `oom-kills` is not evidence, `(OOMKilled).` is.
 */
const KILL_WORDS = new Set([
  'oomkilled', 'oomkilling', 'oomkill', 'oomkiller', 'oomkills',
  'oom-killed', 'oom-kill', 'oom-killer', 'oom-killing', 'oom_kill', 'oom_killer',
]);
/** Two words: `OOM killed`, `OOM killer`, `oom kill`. */
const KILL_SECOND_WORDS = new Set(['kill', 'killed', 'killer', 'killing', 'kills']);
/** Inside a CamelCase alert name: `KubernetesContainerOomKiller`, `KubeContainerOOMKillSurge`. */
const OOM_KILL_CAMEL = /(?:Oom|OOM)[-_ ]?[Kk]ill/;
const OUT_OF_MEMORY = /\bout[- ]of[- ]memory\b/i;

export interface EvidenceInput {
  lines: readonly string[];
  alertName: string | null;
  reason: string | null;
  kernel: KernelKill | null;
}

export function findOomEvidence(input: EvidenceInput): OomEvidence | null {
  const reason = input.reason?.toLowerCase() ?? null;
  const words = firstOomWords(input.lines);
  const nameSaysOom = input.alertName !== null && nameNamesOom(input.alertName);
  const evidence =
    input.kernel?.evidence ??
    (reason === 'oomkilled' || reason === 'oomkilling' ? `reason ${input.reason}` : null) ??
    words ??
    (nameSaysOom ? input.alertName : null);
  if (evidence === null) return null;
  return { evidence, kind: kindOf(input, reason) };
}

function kindOf(input: EvidenceInput, reason: string | null): OomKind {
  if (input.kernel !== null) return input.kernel.kind;
  // Kubernetes' reason string is the most specific thing an alert without a kernel line can say.
  if (reason === 'oomkilled' || input.lines.some((l) => l.toLowerCase().includes('oomkilled'))) return 'kubernetes-oomkilled';
  if (reason === 'oomkilling' || (input.alertName ?? '').toLowerCase().includes('oomkilling')) return 'kernel-unknown';
  return 'unspecified';
}

/** The first word (or kernel phrase) in the text that names an OOM kill, as written. */
function firstOomWords(lines: readonly string[]): string | null {
  for (const raw of lines) {
    const words = withoutLinks(raw).split(' ').map(stripPunctuation).filter((w) => w !== '');
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!.toLowerCase();
      if (KILL_WORDS.has(w)) return words[i]!;
      const next = words[i + 1]?.toLowerCase();
      if (w === 'oom' && next !== undefined && KILL_SECOND_WORDS.has(next)) return `${words[i]} ${words[i + 1]}`;
    }
    const line = withoutLinks(raw);
    const oom = OUT_OF_MEMORY.exec(line);
    // "Out of memory: Killed process", "Out-Of-Memory Killed", "killed … because they ran out of memory".
    if (oom !== null && line.toLowerCase().includes('kill')) return line.slice(oom.index).trim().slice(0, 80);
  }
  return null;
}

/** An alert named with an `OOM` part: `ContainerOOMEvents`, `HostOomKillDetected`, `OOM`. */
function nameNamesOom(name: string): boolean {
  if (KILL_WORDS.has(name.toLowerCase()) || OOM_KILL_CAMEL.test(name)) return true;
  for (const part of ['OOM', 'Oom']) {
    for (let at = name.indexOf(part); at !== -1; at = name.indexOf(part, at + 1)) {
      const before = at === 0 ? '' : name[at - 1]!;
      const after = name[at + part.length] ?? '';
      const partStarts = before === '' || !(before >= 'A' && before <= 'Z');
      const partEnds = after === '' || !(after >= 'a' && after <= 'z');
      if (partStarts && partEnds) return true;
    }
  }
  return false;
}

function withoutLinks(line: string): string {
  return line
    .split(' ')
    .filter((w) => !(w.startsWith('http://') || w.startsWith('https://')))
    .join(' ');
}
