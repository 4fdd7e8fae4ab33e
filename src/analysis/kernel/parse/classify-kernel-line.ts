/**
 * One function from a kernel message (prefixes already stripped) to a typed line kind with its
 * fields read. Dispatch is on the first character and fixed substrings; the field readers it calls
 * never use a regex that can backtrack.
 */
import type { KernelLine } from './kernel-line-kinds.js';
import { parseAllocFailure, parseCpuset, parseHeader, parseStackHeader, parseSummary } from './parse-header-lines.js';
import { parseKilled, parseKillSelect, parseReaper, parseVictimExiting } from './parse-kill-lines.js';
import { parseLimitReached, parseMemcgStats, parseOomGroup, parseStatValue, parseTaskIn, parseUsage } from './parse-memcg-lines.js';
import { parseCounters, parseNumbered, parseSwap, parseZoneFamily } from './parse-meminfo-lines.js';
import { readTaskColumns } from './parse-task-table.js';
import type { UsageCounter } from './kernel-line-kinds.js';
import { isOops, readOomPathFrame } from './parse-trace-lines.js';
import { parseSlubCache } from './parse-slab-lines.js';

const OTHER: KernelLine = { kind: 'other' };
const NOISE: KernelLine = { kind: 'dumpNoise' };

/** Headings and blocks inside a dump that the report does not use. */
const NOISE_PREFIXES = [
  'Call Trace:',
  'Hardware name:',
  'Modules linked in:',
  'lowmem_reserve[]:',
  'Swap cache stats:', // removed in 6.0 (442701e)
  'COMPACTION is disabled',
  'Unreclaimable slab info:',
  'Tasks state (memory values in pages):',
  '<TASK>',
  '</TASK>',
  'Mem-Info (',
];

const USAGE_PREFIXES: UsageCounter[] = ['memory+swap', 'memory', 'kmem', 'swap'];

export function classifyKernelLine(body: string): KernelLine {
  const text = body.trimStart();
  if (text.length === 0) return OTHER;
  const c = text.charCodeAt(0);
  if (c === 0x5b /* [ */) return classifyBracket(text);

  // Every kill, kill-select, header and summary marker holds `ill` (`Killed`, `Kill`, `oom-killer`,
  // `oom-kill:`, `killable`, `Skip killing`): one scan decides whether the searches for them can be skipped.
  if (text.includes('ill')) {
    const killed = text.indexOf('Killed process ');
    if (killed !== -1) return parseKilled(text, killed);
    const select = findKillSelect(text);
    if (select !== -1) return parseKillSelect(text, select);
    if (text.includes(' invoked oom-killer:') || text.startsWith('oom-killer: gfp_mask=')) return parseHeader(text);
    if (text.includes('oom-kill:')) return parseSummary(text);
    if (text.includes(' is already exiting. Skip killing')) return parseVictimExiting(text);
  }
  if (text.startsWith('oom_reaper: ')) return parseReaper(text);
  if (text.startsWith('SLUB: Unable to allocate memory')) return { kind: 'slubFailure' };
  if (text.includes(': page allocation failure')) return parseAllocFailure(text);
  if (text.startsWith('cache: ')) return parseSlubCache(text) ?? OTHER;
  if (text.includes('Manual OOM execution')) return { kind: 'sysrq' };
  // 6.x prints "Out of memory and no killable processes..." then panics "System is deadlocked on
  // memory" (one event); older kernels panicked with the first text itself.
  if (text.includes('panic_on_oom is enabled')) return { kind: 'noKillable', why: text.includes('compulsory panic_on_oom') ? 'panic-compulsory' : 'panic-system' };
  if (text.includes('no killable processes')) return { kind: 'noKillable', why: 'none-killable' };
  if (isOops(text)) return { kind: 'oops' };
  if (text.includes('Memory limit reached of cgroup ')) return parseLimitReached(text);
  if (text.startsWith('Memory cgroup stats for ')) return parseMemcgStats(text);
  if (text === 'Mem-Info:') return { kind: 'memInfo' };
  if (text.startsWith('Tasks state')) return { kind: 'tasksState' };
  if (text.startsWith('Task in ')) return parseTaskIn(text);
  if (text.startsWith('Tasks in ')) return parseOomGroup(text);
  if (text.startsWith('CPU: ') || text.startsWith('Pid: ')) return parseStackHeader(text);
  if (text.startsWith('Free swap') || text.startsWith('Total swap')) return parseSwap(text);
  for (const counter of USAGE_PREFIXES) {
    if (text.startsWith(counter) && text.startsWith(': usage ', counter.length)) return parseUsage(text, counter);
  }
  if (c >= 0x30 && c <= 0x39) return parseNumbered(text) ?? OTHER;
  if (c === 0x4e /* N */ || c === 0x44 /* D */ || c === 0x48 /* H */ || c === 0x4d /* M */) {
    const zone = parseZoneFamily(text);
    if (zone !== null) return zone;
  }
  for (const prefix of NOISE_PREFIXES) if (text.startsWith(prefix)) return NOISE;
  if (text.includes(' cpuset=')) return parseCpuset(text) ?? OTHER;
  if ((c >= 0x61 && c <= 0x7a) || c === 0x5f /* _ */) {
    const frame = readOomPathFrame(text);
    if (frame !== null) return frame;
  }
  if (c >= 0x61 && c <= 0x7a) return parseCounters(text) ?? parseStatValue(text) ?? OTHER;
  return OTHER;
}

/**
 * Index of `Kill process` (3.x–5.0, early 2.6) or `kill process … or a child` (2.6.2x–2.6.3x);
 * the lower-case form needs its tail so that prose such as "failed to kill process" is not taken,
 * or, when a paste cut or wrapped the line before its tail, the kernel's `<message>: kill process <pid>`.
 */
function findKillSelect(text: string): number {
  const upper = text.indexOf('Kill process ');
  if (upper !== -1) return upper;
  const lower = text.indexOf('kill process ');
  if (lower === -1) return -1;
  if (text.includes(' or a child')) return lower;
  const digit = text.charCodeAt(lower + 'kill process '.length);
  return lower >= 2 && text.startsWith(': ', lower - 2) && digit >= 0x30 && digit <= 0x39 ? lower : -1;
}

/** `[ pid ]`/`[  pid  ]` headers, `[ 1234]` rows, `[<ffffffff…>]` call-trace frames. */
function classifyBracket(text: string): KernelLine {
  const close = text.indexOf(']');
  if (close === -1) return OTHER;
  const inside = text.slice(1, close).trim();
  if (inside === 'pid') {
    const columns = readTaskColumns(text.slice(close + 1));
    return typeof columns === 'string' ? { kind: 'malformed', reason: columns } : { kind: 'taskHeader', columns };
  }
  if (inside.length > 0 && inside.length <= 10 && isDigits(inside)) {
    return { kind: 'taskRow', pid: Number(inside), rest: text.slice(close + 1) };
  }
  if (inside.startsWith('<')) return readOomPathFrame(text) ?? NOISE;
  return OTHER;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
