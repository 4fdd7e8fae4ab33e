/**
 * The memory-cgroup block (mm/memcontrol.c): which cgroup hit its limit, its usage counters and its
 * memory.stat dump.
 */
import type { KernelLine, UsageCounter } from './kernel-line-kinds.js';
import { readPairs, toInt, toKb, toKbWithUnit } from './read-dump-fields.js';

/** ≤4.x `Task in <task path> killed as a result of limit of <memcg path>` (gone in 5.0). */
export function parseTaskIn(body: string): KernelLine {
  const mid = ' killed as a result of limit of ';
  const at = body.indexOf(mid);
  if (!body.startsWith('Task in ') || at === -1) return { kind: 'malformed', reason: 'a "Task in … killed as a result of limit of …" line that could not be read' };
  return { kind: 'taskIn', taskPath: body.slice('Task in '.length, at), limitPath: body.slice(at + mid.length).trim() };
}

/** `Memory limit reached of cgroup <path>` (memcg OOM with no task to blame, ≤4.x). */
export function parseLimitReached(body: string): KernelLine {
  const key = 'Memory limit reached of cgroup ';
  const at = body.indexOf(key);
  return { kind: 'memcgLimitReached', path: body.slice(at + key.length).trim() };
}

/** 4.19+ `Tasks in <path> are going to be killed due to memory.oom.group set`. */
export function parseOomGroup(body: string): KernelLine {
  const end = body.indexOf(' are going to be killed');
  if (!body.startsWith('Tasks in ') || end === -1) return { kind: 'malformed', reason: 'a memory.oom.group line that could not be read' };
  return { kind: 'oomGroup', path: body.slice('Tasks in '.length, end) };
}

/**
 * `memory: usage %llukB, limit %llukB, failcnt %lu` (2.6.30, e222432b), `memory+swap:` (v1),
 * `kmem:` (v1, 3.8, 510fc4e1), `swap:` (v2, 5.3, c8713d0b). An unlimited limit prints as
 * 9007199254740988kB (or 18014398509481983kB on 3.x).
 */
export function parseUsage(body: string, counter: UsageCounter): KernelLine {
  const values = new Map(readUsagePairs(body.slice(counter.length + 1)));
  // Both always end in kB: a bare number was cut at a line break.
  const usageKb = toKbWithUnit(values.get('usage') ?? '');
  const limitKb = toKbWithUnit(values.get('limit') ?? '');
  if (usageKb === null || limitKb === null) return { kind: 'malformed', reason: `a cgroup "${counter}:" line whose usage or limit could not be read` };
  const failcnt = values.has('failcnt') ? toInt(values.get('failcnt')!) : null;
  return { kind: 'usage', counter, usageKb, limitKb, failcnt };
}

/** `usage 204800kB, limit 204800kB, failcnt 26` → [["usage","204800kB"], …]. */
function readUsagePairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split(',')) {
    const w = part.trim().split(/\s+/);
    if (w.length === 2) pairs.push([w[0]!, w[1]!]);
  }
  return pairs;
}

/**
 * `Memory cgroup stats for <path>:` (3.9, 58cf188e). On v1 the keys follow on the same line as
 * ` cache:0KB rss:980KB …` (kB); on v2 (5.3+) they follow as `anon 123` lines, in bytes.
 */
export function parseMemcgStats(body: string): KernelLine {
  const key = 'Memory cgroup stats for ';
  const from = body.indexOf(key) + key.length;
  const colon = body.indexOf(':', from);
  if (colon === -1) return { kind: 'malformed', reason: 'a "Memory cgroup stats for" line without the ":" after the path' };
  const path = body.slice(from, colon);
  const rest = body.slice(colon + 1).trim();
  if (rest === '') return { kind: 'memcgStats', path, values: null };
  const values: Record<string, number> = {};
  let count = 0;
  for (const [k, v] of readPairs(rest, ':')) {
    const n = toKb(v);
    if (n !== null && k !== '__proto__' && count++ < 128) values[k] = n;
  }
  return { kind: 'memcgStats', path, values };
}

/** v2 memory.stat line `anon 123456` (also `workingset_refault_anon 0`). */
export function parseStatValue(text: string): KernelLine | null {
  const sp = text.indexOf(' ');
  if (sp <= 0 || text.indexOf(' ', sp + 1) !== -1) return null;
  const key = text.slice(0, sp);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || c === 0x5f || (c >= 0x30 && c <= 0x39);
    if (!ok) return null;
  }
  const value = toInt(text.slice(sp + 1));
  return value === null ? null : { kind: 'statValue', key, value };
}
