import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { analyzeText, createAnalyzer } from '../../src/analysis/analyze.js';
import { Report } from '../../src/analysis/report/report-schema.js';

const KILL_5_4 =
  '[Thu Jul 18 15:03:59 2024] Out of memory: Killed process 360303 (doris_be) total-vm:213416916kB, anon-rss:62273128kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:337048kB oom_score_adj:0';

function assertValid(report: unknown): Report {
  const parsed = Report.safeParse(report);
  assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
  return parsed.data;
}

test('empty input: a valid report that says no kill was found', () => {
  const report = assertValid(analyzeText(''));
  assert.equal(report.events.length, 0);
  assert.equal(report.doris, null);
  assert.deepEqual(report.input, { bytes: 0, lines: 0, formats: [] });
  assert.match(report.summary, /No OOM-killer kill found/);
});

test('random binary bytes: no invented kill, a valid report', () => {
  const bytes = randomBytes(256 * 1024);
  const report = assertValid(analyzeText(bytes));
  assert.equal(report.events.length, 0);
  assert.equal(report.input.bytes, bytes.length);
  assert.match(report.summary, /No OOM-killer kill found/);
});

test('a kill line after a 10 MB single line is still found, with its own line number', () => {
  const analyzer = createAnalyzer();
  const chunk = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < 10; i++) analyzer.feed(chunk);
  analyzer.feed('\n' + KILL_5_4 + '\n');
  const report = assertValid(analyzer.end());
  assert.equal(report.events.length, 1);
  const [event] = report.events;
  assert.equal(event!.victim?.comm, 'doris_be');
  assert.equal(event!.victim?.pid, 360303);
  assert.equal(event!.victim?.anonRssKb, 62273128);
  assert.ok(event!.evidence.some((e) => e.line === 2), 'the kill line is quoted as line 2');
  assert.match(report.summary, /read only in part/);
});

test('a kill line inside a 10 MB single line does not break the analysis of the next lines', () => {
  const report = assertValid(analyzeText(KILL_5_4 + ' '.repeat(10 * 1024 * 1024) + 'tail\n' + KILL_5_4.replace('360303', '360304') + '\n'));
  assert.ok(report.events.some((e) => e.victim?.pid === 360304));
  assert.equal(report.input.lines, 2);
});

test('NUL bytes, invalid UTF-8 and CRLF around a kill line: the kill is read exactly', () => {
  const garbage = Buffer.from([0x00, 0xff, 0xfe, 0xc3, 0x28, 0x0d, 0x0a]);
  const input = Buffer.concat([garbage, Buffer.from(KILL_5_4 + '\r\n', 'utf8'), garbage]);
  const report = assertValid(analyzeText(input));
  assert.equal(report.events.length, 1);
  assert.equal(report.events[0]!.victim?.totalVmKb, 213416916);
  assert.equal(report.events[0]!.evidence.find((e) => e.text.includes('Killed process'))?.line, 2);
});

test('a dump cut off before its kill line is reported as such, not dropped', () => {
  const text = [
    '[Sat Sep 11 15:22:46 2021] insmod invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), nodemask=(null), order=3, oom_score_adj=0',
    '[Sat Sep 11 15:22:46 2021] insmod cpuset=/ mems_allowed=0',
    '[Sat Sep 11 15:22:46 2021] CPU: 0 PID: 4242 Comm: insmod Not tainted 4.19.91-24.1.al7.x86_64 #1',
  ].join('\n');
  const report = assertValid(analyzeText(text));
  assert.equal(report.events.length, 1);
  assert.equal(report.events[0]!.victim, null);
  assert.equal(report.events[0]!.trigger?.comm, 'insmod');
  assert.equal(report.events[0]!.trigger?.order, 3);
  assert.match(report.summary, /kill line is not in the input/);
  // Its first lines are all there is: the summary says so and claims no cause.
  assert.equal(
    report.summary,
    'The input ends in the first lines of an OOM report at 2021-09-11T15:22:46 (insmod (pid 4242) invoked the OOM killer), before any line that shows what ran out; the kill line is not in the input.',
  );
  assert.deepEqual([report.events[0]!.cause, report.events[0]!.factors.filter((f) => f !== 'high_order_request')], ['unknown', []]);
});

test('a million kill lines keep a bounded report and say how many there were', () => {
  const analyzer = createAnalyzer({ maxEvents: 100 });
  const line = (i: number) => `[  ${1000 + i}.000000] Out of memory: Killed process ${10000 + (i % 50000)} (worker) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:12kB oom_score_adj:0\n`;
  for (let block = 0; block < 100; block++) {
    let text = '';
    for (let i = 0; i < 10_000; i++) text += line(block * 10_000 + i);
    analyzer.feed(text);
  }
  const report = assertValid(analyzer.end());
  assert.equal(report.events.length, 100);
  assert.match(report.summary, /^1000000 OOM kills \(999900 more not detailed\)/);
  assert.ok(report.events.every((e) => e.factors.includes('repeated_kills')));
});

test('a 100 MB single line: memory stays bounded and the kill after it is found', () => {
  const analyzer = createAnalyzer();
  const chunk = Buffer.alloc(1024 * 1024, 0x78); // one reused 1 MiB buffer of "x"
  global.gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < 100; i++) analyzer.feed(chunk);
  const during = process.memoryUsage();
  analyzer.feed('\n' + KILL_5_4 + '\n');
  const report = assertValid(analyzer.end());
  assert.equal(report.events[0]?.victim?.pid, 360303);
  assert.equal(report.input.lines, 2);
  assert.equal(report.input.bytes, 100 * 1024 * 1024 + KILL_5_4.length + 2);
  // The analyser keeps at most the 64 KiB start of the line, so 100 MB of input leaves no trace.
  const grown = during.heapUsed + during.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  assert.ok(grown < 32 * 1024 * 1024, `memory grew by ${(grown / 1048576).toFixed(1)} MiB`);
});

test('numbers of 400 digits: unknown (null), never Infinity, and the report says what it could not read', () => {
  const big = '9'.repeat(400);
  const text = [
    `[Thu Jul 18 15:03:59 2024] worker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0`,
    `[Thu Jul 18 15:03:59 2024] memory: usage ${big}kB, limit ${big}kB, failcnt ${big}`,
    `[Thu Jul 18 15:03:59 2024] Memory cgroup out of memory: Killed process ${big} (worker) total-vm:${big}kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB`,
    `[Thu Jul 18 15:03:59 2024] Memory cgroup out of memory: Killed process 12 (worker) total-vm:${big}kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB`,
  ].join('\n');
  const report = assertValid(analyzeText(text));
  const json = JSON.stringify(report);
  assert.ok(!json.includes(big), 'no 400-digit number is passed through');
  const victim = report.events.find((e) => e.victim?.pid === 12)?.victim;
  assert.equal(victim?.totalVmKb, null);
  assert.equal(victim?.anonRssKb, 1);
  assert.match(report.summary + JSON.stringify(report.events.map((e) => e.evidence)), /could not read/);
});
