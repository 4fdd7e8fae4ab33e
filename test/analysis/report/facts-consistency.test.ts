/**
 * Invariants that must hold for any input, checked over every kernel-log fixture in the repository
 * (test/fixtures/**, examples/): commands valid for the event's cgroup version and kernel, ratios
 * in words true, "not in the log" only when the input lacks the fact, scores that agree with the
 * kernel's printed score, and advice that names no internal document.
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
      for (const s of e.suggestions) assert.doesNotMatch(`${s.title} ${s.detail}`, INTERNAL, `${where} ${s.id}: advice names an internal document`);
    }
    for (const s of report.doris?.suggestions ?? []) assert.doesNotMatch(`${s.title} ${s.detail}`, INTERNAL, `${where} ${s.id}: advice names an internal document`);
    const kills = report.events.filter((e) => e.victim !== null).length;
    if (report.events.length > 1 && !/more not detailed/.test(report.summary)) {
      const m = /^(\d+) OOM kills|^\d+ OOM events, (\d+) with a kill/.exec(report.summary);
      if (m !== null) assert.equal(Number(m[1] ?? m[2]), kills, `${where}: the summary counts ${m[0]}, the events hold ${kills} kills`);
    }
  });
}
