/**
 * Invariants that must hold for any input, checked over every kernel-log fixture in the repository
 * (test/fixtures/**, examples/): commands valid for the event's cgroup version and kernel, ratios
 * in words true, "not in the log" only when the input lacks the fact, scores that agree with the
 * kernel's printed score, and advice that names no internal document; the kills the summary counts
 * are the kills in the events, names carry no log prefix, a share above 100% of a limit is never
 * printed bare, a cgroup path the paste cut off is not used as the cgroup, and sizes the task table
 * holds are never "not in the log".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { renderText } from '../../../src/render/text/render-text.js';
import { parseKernelRelease, releaseAtLeast } from '../../../src/analysis/advice/kernel-era.js';
import type { OomEvent } from '../../../src/analysis/report/report-schema.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every fixture that is text (logs, pastes, be.INFO, kubectl output, alerts). */
const FIXTURES = [...walk(join(ROOT, 'test/fixtures')), ...walk(join(ROOT, 'examples'))]
  .filter((p) => !/\.(md|json|gz|zst|bz2|xz|zip|bin)$/.test(p) && !p.endsWith('expected.json'))
  .sort();

const V1_ONLY = [/\/sys\/fs\/cgroup\/memory\//, /memory\.limit_in_bytes/, /memory\.memsw\./, /memory\.kmem\./, /MemoryLimit=/];
const V2_ONLY = [/memory\.max\b/, /memory\.current\b/, /memory\.peak\b/, /memory\.events\b/, /memory\.oom\.group/, /memory\.pressure/, /MemoryMax=/];
const SINCE: [RegExp, string][] = [[/memory\.peak\b/, '5.19'], [/defer\+madvise/, '4.11'], [/memory\.oom\.group/, '4.19'], [/\/proc\/pressure|memory\.pressure/, '4.20'], [/RssAnon/, '4.5']];
const SIZE = /([\d.]+) (kB|KiB|MiB|GiB|TiB)/;
const KB: Record<string, number> = { kB: 1, KiB: 1, MiB: 1024, GiB: 1024 ** 2, TiB: 1024 ** 3 };
const sizeKb = (text: string): number | null => {
  const m = SIZE.exec(text);
  return m === null ? null : Number(m[1]) * KB[m[2]!]!;
};
/** A printed size is rounded: the exact value lies within half its last digit. */
const sizeRange = (text: string): [number, number] => {
  const m = SIZE.exec(text)!;
  const half = (m[1]!.includes('.') ? 0.05 : 0.5) * KB[m[2]!]!;
  const kb = Number(m[1]) * KB[m[2]!]!;
  return [kb - half, kb + half];
};
/** True when N% (rounded) is possible for a printed size over a whole. */
const percentFits = (size: string, whole: number, pct: number): boolean => {
  const [lo, hi] = sizeRange(size);
  return (lo / whole) * 100 - 1 <= pct && pct <= (hi / whole) * 100 + 1;
};

function checkCommands(e: OomEvent, where: string): void {
  const release = parseKernelRelease(e.kernelVersion);
  for (const s of e.suggestions) {
    for (const { run } of s.commands) {
      // A command labelled for one hierarchy is valid for it; unlabelled ones must fit the event's.
      const label = /# cgroup v([12])$/.exec(run)?.[1];
      if (e.memcg?.version === 2 || label === '2') for (const re of V1_ONLY) assert.doesNotMatch(run, re, `${where} ${s.id}: a v1 file on cgroup v2: ${run}`);
      if (e.memcg?.version === 1 || label === '1') for (const re of V2_ONLY) assert.doesNotMatch(run, re, `${where} ${s.id}: a v2 file on cgroup v1: ${run}`);
      for (const [re, since] of SINCE) {
        if (re.test(run)) assert.notEqual(releaseAtLeast(release, since), false, `${where} ${s.id}: ${run} needs kernel ${since}, the log shows ${e.kernelVersion}`);
      }
    }
  }
}

function checkRatios(text: string, where: string): void {
  // "<size> (about a quarter of the <size> of RAM)" and "<size> … N% of the <size> of RAM".
  for (const m of text.matchAll(/([\d.]+ (?:kB|KiB|MiB|GiB|TiB)) \(about a quarter of (?:the )?([\d.]+ (?:kB|KiB|MiB|GiB|TiB))/g)) {
    const ratio = sizeKb(m[1]!)! / sizeKb(m[2]!)!;
    assert.ok(ratio > 0.2 && ratio < 0.3, `${where}: "${m[0]}" is not about a quarter (${ratio.toFixed(2)})`);
  }
  for (const m of text.matchAll(/([\d.]+ (?:kB|KiB|MiB|GiB|TiB)): (\d+)% of the ([\d.]+ (?:kB|KiB|MiB|GiB|TiB)) of RAM/g)) {
    assert.ok(percentFits(m[1]!, sizeKb(m[3]!)!, Number(m[2])), `${where}: "${m[0]}"`);
  }
  // "X alone held S, N% of the cgroup limit" against the limit the Report holds is checked per event below.
}

function checkNotInTheLog(e: OomEvent, input: string, where: string): void {
  // The victim's sizes: absent only when no kill line for that pid prints them.
  if (e.victim !== null && e.victim.anonRssKb === null && e.victim.totalVmKb === null) {
    const line = new RegExp(`Killed process ${e.victim.pid}\\b[^\\n]*anon-rss:`);
    assert.doesNotMatch(input, line, `${where}: "sizes not in the log" for pid ${e.victim.pid}, yet its kill line prints them`);
  }
  // The cgroup's usage and limit: absent only when the input has no `memory: usage` line for the event.
  if (e.memcg !== null && e.memcg.usageKb === null && e.memcg.limitKb === null && e.memcg.oomPath !== null) {
    const evidenceLines = e.evidence.map((x) => x.line);
    const lines = input.split('\n');
    const near = evidenceLines.some((n) => lines.slice(Math.max(0, n - 80), n + 5).some((l) => /memory: usage \d+kB, limit \d+kB/.test(l)));
    assert.ok(!near, `${where}: "usage and limit not in the log" beside a memory: usage line`);
  }
  // The time: absent only when the event's own lines carry no timestamp.
  if (e.time === null && e.source === 'kernel') {
    const first = e.evidence[0];
    if (first !== undefined) assert.doesNotMatch(first.text, /^\s*\[\s*\d+\.\d+\]|^\w{3} [ \d]\d \d\d:\d\d:\d\d|^\d{4}-\d\d-\d\dT/, `${where}: "time not in the log" beside a timestamped line`);
  }
}

function checkScores(e: OomEvent, input: string, where: string): void {
  if (e.victim === null) return;
  const printed = new RegExp(`Kill process ${e.victim.pid} \\([^)]*\\) score (\\d+)`).exec(input);
  if (printed === null) return;
  const kernel = Number(printed[1]);
  for (const ev of e.evidence) {
    const m = new RegExp(`${e.victim.comm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} had score (\\d+)(?:–(\\d+))?`).exec(ev.why);
    if (m === null) continue;
    const low = Number(m[1]);
    const high = m[2] === undefined ? low : Number(m[2]);
    assert.ok(kernel >= low - 1 && kernel <= high + 1, `${where}: score ${m[0]} contradicts the kernel's score ${kernel}`);
  }
}

function checkCgroupShare(e: OomEvent, where: string): void {
  const limit = e.memcg?.limitKb ?? null;
  if (limit === null) return;
  for (const ev of e.evidence) {
    const m = /alone held ([\d.]+ (?:kB|KiB|MiB|GiB|TiB)), (\d+)% of the cgroup limit/.exec(ev.why);
    if (m === null) continue;
    assert.ok(percentFits(m[1]!, limit, Number(m[2])), `${where}: "${m[0]}" (of ${limit} kB)`);
  }
}

/** What a log line's prefix looks like when glued onto a name: a stamp, `kern  :warn  :`, `kernel:`, `<4>`. */
const LOG_PREFIX = /\[\s*\d+\.\d+\]|^\s*(?:kern|user|daemon)\s*:\s*\w+\s*:|\bkernel: |^<\d>/;

function checkNames(e: OomEvent, where: string): void {
  if (e.source !== 'kernel') return;
  // TASK_COMM_LEN is 16: the kernel prints at most 15 characters of a name.
  for (const name of [e.victim?.comm, e.trigger?.comm, ...e.topTasks.map((t) => t.comm)]) {
    if (name === undefined) continue;
    assert.ok(name.length <= 15, `${where}: "${name}" is longer than any name the kernel prints`);
    assert.doesNotMatch(name, LOG_PREFIX, `${where}: "${name}" carries a log prefix`);
  }
}

function checkLimitShares(text: string, where: string): void {
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)% of (?:the |its )?(?:cgroup |memory )?limit/g)) {
    assert.ok(Number(m[1]) <= 100, `${where}: "${m[0]}" printed bare; a size above the limit must say why`);
  }
  for (const m of text.matchAll(/usage [\d.]+ \w+ of limit [\d.]+ \w+ \((\d+(?:\.\d+)?)%([^)]*)\)/g)) {
    if (Number(m[1]) > 101) assert.match(m[2]!, /above the limit/, `${where}: "${m[0]}" without saying usage is above the limit`);
  }
}

function checkPathsWhole(e: OomEvent, input: string, where: string): void {
  for (const path of [e.memcg?.oomPath, e.memcg?.taskPath]) {
    if (path === null || path === undefined) continue;
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const cutHere = new RegExp(`(?:oom_memcg|task_memcg)=${escaped}\\s*$`, 'm').test(input);
    const wholeElsewhere = new RegExp(`${escaped}(?:[,:\\s)]|$)`, 'm').test(input.replace(new RegExp(`(?:oom_memcg|task_memcg)=${escaped}\\s*$`, 'gm'), ''));
    assert.ok(!cutHere || wholeElsewhere, `${where}: the cgroup ${path} is a path the line cuts off`);
  }
}

function checkSizesFromTable(e: OomEvent, text: string, where: string): void {
  const v = e.victim;
  if (v === null || v.anonRssKb !== null || v.totalVmKb !== null) return;
  if (e.tasks.some((t) => t.pid === v.pid)) {
    assert.notEqual(v.fromTaskTable, null, `${where}: pid ${v.pid}'s row is in the task dump, so its sizes are known`);
  }
  if (v.fromTaskTable !== null) assert.doesNotMatch(text, /sizes not in the log/, `${where}: "sizes not in the log" beside the victim's task-table row`);
}

/** "N OOM kills in this input" / "N OOMs in this input (M kills)": the counts the events hold for that host. */
function checkRepeatCounts(events: OomEvent[], where: string): void {
  for (const e of events) {
    for (const x of e.evidence) {
      const m = /^(\d+) OOM kills (?:on \S+ )?in this input|^(\d+) OOMs (?:on \S+ )?in this input \((\d+) kills\)/.exec(x.why);
      if (m === null) continue;
      const mine = events.filter((o) => (o.host ?? '') === (e.host ?? ''));
      const kills = mine.filter((o) => o.victim !== null).length;
      const ooms = kills - mine.filter((o) => o.victim !== null && o.oomGroup !== null && o.oomGroup.member > 1).length;
      if (m[1] !== undefined) assert.equal(Number(m[1]), kills, `${where}: "${m[0]}" but the events hold ${kills} kills`);
      else assert.deepEqual([Number(m[2]), Number(m[3])], [ooms, kills], `${where}: "${m[0]}"`);
    }
  }
}

const INTERNAL = /\bseed 00\d|\bDESIGN\b|§|\bissue #?\d+/i;

test('the fixture list covers the kernel fixtures and examples', () => {
  assert.ok(FIXTURES.some((p) => p.includes('public/kernel/')));
  assert.ok(FIXTURES.some((p) => p.includes('/examples/')));
});

for (const path of FIXTURES) {
  const where = path.slice(ROOT.length);
  test(`facts hold for ${where}`, () => {
    const input = readFileSync(path, 'utf8');
    const report = analyzeText(input);
    const text = renderText(report);
    checkRatios(text, where);
    for (const e of report.events) {
      checkCommands(e, where);
      checkNotInTheLog(e, input, where);
      checkScores(e, input, where);
      checkCgroupShare(e, where);
      checkNames(e, where);
      checkPathsWhole(e, input, where);
      checkSizesFromTable(e, text, where);
      for (const s of e.suggestions) assert.doesNotMatch(`${s.title} ${s.detail}`, INTERNAL, `${where} ${s.id}: advice names an internal document`);
    }
    for (const s of report.doris?.suggestions ?? []) assert.doesNotMatch(`${s.title} ${s.detail}`, INTERNAL, `${where} ${s.id}: advice names an internal document`);
    checkLimitShares(text, where);
    if (!/more not detailed/.test(report.summary)) checkRepeatCounts(report.events, where);
    const kills = report.events.filter((e) => e.victim !== null).length;
    if (report.events.length > 1 && !/more not detailed/.test(report.summary)) {
      const m = /^(\d+) OOM kills|^\d+ OOM events, (\d+) with a kill|^(\d+) processes killed in/.exec(report.summary);
      assert.ok(m !== null || report.events.every((e) => e.source !== 'kernel'), `${where}: a summary of several kernel events says how many kills: ${report.summary}`);
      if (m !== null) assert.equal(Number(m[1] ?? m[2] ?? m[3]), kills, `${where}: the summary counts ${m[0]}, the events hold ${kills} kills`);
    }
    if (report.events.length === 1 && report.events[0]!.victim !== null) assert.doesNotMatch(report.summary, /^\d+ OOM/, `${where}: one kill`);
  });
}
