/**
 * The lines that name the victim: the kill-select line (removed in 5.1), the `Killed process`
 * line in every era, and the oom_reaper lines that follow it.
 */
import type { KernelLine } from './kernel-line-kinds.js';
import { MAX_COMM, readPairs, readParenthesised, toInt, toKbWithUnit } from './read-dump-fields.js';

/** Digits at `from` (after optional spaces); the number and the index after it. */
function readNumberAt(text: string, from: number): { n: number; end: number } | null {
  let i = from;
  while (text.charCodeAt(i) === 0x20) i++;
  const start = i;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === start || i - start > 12) return null;
  return { n: Number(text.slice(start, i)), end: i };
}

/** The kernel's own messages before `: Kill…` (none ends with another, so their order does not matter). */
const KILL_MESSAGES = ['Memory cgroup out of memory', 'Out of memory (oom_kill_allocating_task)', 'Out of memory', 'Out of Memory'];

/**
 * The text before `: Kill…` (`Out of memory`, `Memory cgroup out of memory`, …), or null. When the
 * text ends with one of the kernel's messages, only that message: a wrapper may precede it on the
 * line, e.g. GKE's node-problem-detector event `kernel-monitor, <node>\t\t\tWarning\t\tOOMKilling\t`
 * (kubernetes/kubernetes#60492).
 */
function messageBefore(body: string, at: number): string | null {
  const head = body.slice(0, at).trimEnd();
  if (head === '') return null;
  const message = head.endsWith(':') ? head.slice(0, -1).trim() : head;
  return KILL_MESSAGES.find((m) => message.endsWith(m)) ?? message;
}

/**
 * Kill-select, before the kill (mm/oom_kill.c oom_kill_process):
 * - early 2.6: `Out of Memory: Kill process %d (%s) score %li and children.`
 * - 2.6.2x–2.6.3x: `%s: kill process %d (%s) score %li or a child`
 * - 3.x–5.0 (removed in 5.1, bbbe4802): `%s: Kill process %d (%s) score %u or sacrifice child`
 */
export function parseKillSelect(body: string, at: number): KernelLine {
  const num = readNumberAt(body, at + 'Kill process '.length);
  if (num === null) return { kind: 'malformed', reason: 'a "Kill process" line without a pid' };
  const open = body.indexOf('(', num.end);
  if (body.endsWith(') sharing same memory')) {
    // oom_kill_task, 2.6.32–4.5: after the victim's `Killed process` line, each other process that
    // shares its memory (clone(CLONE_VM) without CLONE_THREAD) is killed too: the same kill, not a new choice.
    const shared = open === -1 ? null : readParenthesised(body, open, body.length - ' sharing same memory'.length);
    if (shared !== null) return { kind: 'mmSharerKilled', pid: num.n, comm: shared.comm };
  }
  const scoreAt = body.lastIndexOf(' score ');
  const paren = open === -1 ? null : readParenthesised(body, open, scoreAt > open ? scoreAt : body.length);
  if (paren === null) return { kind: 'malformed', reason: 'a "Kill process" line without the (comm) of the process' };
  const score = scoreAt > open ? readNumberAt(body, scoreAt + ' score '.length) : null;
  return { kind: 'killSelect', message: messageBefore(body, at), pid: num.n, comm: paren.comm, score: score === null ? null : score.n };
}

const SIZE_KEYS: Record<string, 'totalVmKb' | 'anonRssKb' | 'fileRssKb' | 'shmemRssKb' | 'pgtablesKb'> = {
  'total-vm': 'totalVmKb',
  vsz: 'totalVmKb', // 2.6.32–3.3: `vsz:%lukB` before it became total-vm in 3.4 (647f2bdf)
  'anon-rss': 'anonRssKb',
  'file-rss': 'fileRssKb',
  'shmem-rss': 'shmemRssKb', // 4.5 (eca56ff9)
  pgtables: 'pgtablesKb', // 5.4 (70cb6d26)
};

/**
 * `Killed process` in every era:
 * - early 2.6: `Out of Memory: Killed process %d (%s).` / `%s: Killed process %d (%s).`
 * - 2.6.32: `Killed process %d (%s) vsz:%lukB, anon-rss:%lukB, file-rss:%lukB`
 * - RHEL 6 kernels: `Killed process 9682, UID 27, (mysqld) total-vm:…` (seed 003)
 * - 3.4: `Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB`; 4.5 `, shmem-rss:`
 * - 5.4+: `%s: Killed process %d (%s) total-vm:…, shmem-rss:…kB, UID:%u pgtables:%lukB oom_score_adj:%hd`
 */
export function parseKilled(body: string, at: number): KernelLine {
  const num = readNumberAt(body, at + 'Killed process '.length);
  if (num === null) return { kind: 'malformed', reason: 'a "Killed process" line without a pid' };
  const open = body.indexOf('(', num.end);
  let uid: number | null = null;
  const between = body.slice(num.end, open === -1 ? body.length : open);
  const uidAt = between.indexOf('UID ');
  if (uidAt !== -1) uid = readNumberAt(between, uidAt + 4)?.n ?? null;
  let stop = open === -1 ? -1 : body.indexOf(') total-vm:', open);
  if (stop === -1 && open !== -1) stop = body.indexOf(') vsz:', open);
  const paren = open === -1 ? null : readParenthesised(body, open, stop === -1 ? body.length : stop + 1);
  if (paren === null) return cutKilled(body, at, num, open, uid);
  const line = killedLine(messageBefore(body, at), num.n, paren.comm, null, uid);
  for (const [key, value] of readPairs(ungroupThousands(body.slice(paren.end)), ':')) {
    const field = SIZE_KEYS[key];
    if (field !== undefined) line[field] = toKbWithUnit(value);
    else if (key === 'UID') line.uid = toInt(value);
    else if (key === 'oom_score_adj') line.oomScoreAdj = toInt(value);
  }
  return line;
}

/** Sizes a paste grouped in thousands (`total-vm:26,184,840kB`); a group that is not three digits (`153,700,88kB`) stays unreadable. */
const GROUPED_KB = /\b\d{1,3}(?:,\d{3})+(?=kB)/g;

function ungroupThousands(text: string): string {
  return text.replace(GROUPED_KB, (n) => n.replaceAll(',', ''));
}

/**
 * A kill line cut after its pid (`Killed process 4526`) or inside the name (`Killed process 4526
 * (dhcl`): the pid is certain, the name is not. A name cut inside its parentheses is kept as
 * `nameCut` only when nothing follows it on the line (at most TASK_COMM_LEN - 1 characters): then
 * it is the start of the real name. Anything longer is another record glued on, never a name. The
 * parser names the victim from the rest of the dump (parse-oom-dump.ts).
 */
function cutKilled(body: string, at: number, num: { n: number; end: number }, open: number, uid: number | null): KernelLine {
  const rest = open === -1 ? '' : body.slice(open + 1);
  if (open !== -1 && (rest.length > MAX_COMM || rest.includes(')'))) {
    return { kind: 'malformed', reason: 'a "Killed process" line without the (comm) of the process' };
  }
  // Cut after the pid: only the RHEL 6 `, UID 27,` may follow it.
  const afterPid = body.slice(num.end).trim();
  if (open === -1 && afterPid !== '' && !afterPid.startsWith(',')) {
    return { kind: 'malformed', reason: 'a "Killed process" line without the (comm) of the process' };
  }
  return killedLine(messageBefore(body, at), num.n, '', rest, uid);
}

/** A kill line whose sizes are still to be read. */
function killedLine(message: string | null, pid: number, comm: string, nameCut: string | null, uid: number | null): Extract<KernelLine, { kind: 'killed' }> {
  return { kind: 'killed', message, pid, comm, nameCut, uid, totalVmKb: null, anonRssKb: null, fileRssKb: null, shmemRssKb: null, pgtablesKb: null, oomScoreAdj: null };
}

/**
 * 4.6+ (bc448e8): `oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB`
 * and `oom_reaper: unable to reap pid:%d (%s)`.
 */
export function parseReaper(body: string): KernelLine {
  const reaped = body.indexOf('reaped process ');
  if (reaped !== -1) {
    const num = readNumberAt(body, reaped + 'reaped process '.length);
    const open = num === null ? -1 : body.indexOf('(', num.end);
    const nowAt = body.lastIndexOf('), now ');
    const paren = open === -1 ? null : readParenthesised(body, open, nowAt === -1 ? body.length : nowAt + 1);
    if (num === null || paren === null) return { kind: 'malformed', reason: 'an "oom_reaper: reaped process" line whose pid or comm could not be read' };
    const sizes: Record<string, number | null> = {};
    for (const [key, value] of readPairs(body.slice(paren.end), ':')) sizes[key] = toKbWithUnit(value);
    return { kind: 'reaper', pid: num.n, comm: paren.comm, anonRssKb: sizes['anon-rss'] ?? null, fileRssKb: sizes['file-rss'] ?? null, shmemRssKb: sizes['shmem-rss'] ?? null };
  }
  const unable = body.indexOf('pid:');
  const num = unable === -1 ? null : readNumberAt(body, unable + 4);
  const open = num === null ? -1 : body.indexOf('(', num.end);
  const paren = open === -1 ? null : readParenthesised(body, open, body.length);
  return { kind: 'reaperUnable', pid: num?.n ?? null, comm: paren?.comm ?? null };
}

const EXITING = 'OOM victim ';

/**
 * `%s: OOM victim %d (%s) is already exiting. Skip killing the task` (mm/oom_kill.c
 * __oom_kill_process, 4.x–6.x): the chosen victim lost its mm after the dump was printed, so no
 * `Killed process` line follows; its memory is being freed anyway.
 */
export function parseVictimExiting(body: string): KernelLine {
  const at = body.indexOf(EXITING);
  const num = at === -1 ? null : readNumberAt(body, at + EXITING.length);
  const open = num === null ? -1 : body.indexOf('(', num.end);
  const end = body.lastIndexOf(') is already exiting');
  const paren = open === -1 || end === -1 ? null : readParenthesised(body, open, end + 1);
  if (num === null || paren === null) return { kind: 'malformed', reason: 'an "OOM victim … is already exiting" line whose pid or comm could not be read' };
  return { kind: 'victimExiting', pid: num.n, comm: paren.comm };
}
