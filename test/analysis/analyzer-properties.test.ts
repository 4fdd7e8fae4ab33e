/**
 * Properties of the analyser over generated inputs (fast-check): whatever the bytes, it returns a
 * schema-valid Report without throwing; how the input is cut into chunks never changes the report;
 * and its run time grows linearly with the input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeText, createAnalyzer } from '../../src/analysis/analyze.js';
import { Report } from '../../src/analysis/report/report-schema.js';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../examples/cgroup-v1-parent-limit.log'));
const EXAMPLE_LINES = EXAMPLE.toString('utf8').split('\n');

function analyzeChunks(chunks: Uint8Array[]): Report {
  const analyzer = createAnalyzer();
  for (const c of chunks) analyzer.feed(c);
  return analyzer.end();
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

test('any byte sequence gives a schema-valid report, never an exception', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      assert.ok(Report.safeParse(analyzeText(bytes)).success);
    }),
    { numRuns: 300 },
  );
});

test('truncations and byte mutations of a real dump give a schema-valid report', () => {
  fc.assert(
    fc.property(
      fc.nat({ max: EXAMPLE.length }),
      fc.array(fc.tuple(fc.nat({ max: EXAMPLE.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
      (cut, mutations) => {
        const bytes = Buffer.from(EXAMPLE.subarray(0, cut));
        for (const [at, value] of mutations) if (at < bytes.length) bytes[at] = value;
        assert.ok(Report.safeParse(analyzeText(bytes)).success);
      },
    ),
    { numRuns: 300 },
  );
});

test('shuffled dump lines, interleaved with another host and CRLF/NUL noise, give a schema-valid report', () => {
  fc.assert(
    fc.property(fc.shuffledSubarray(EXAMPLE_LINES), fc.array(fc.constantFrom('\r', '\0', '#012', '\t', ' kernel: '), { maxLength: 30 }), (lines, noise) => {
      const other = lines.map((l) => l.replace('[Fri Sep 10', '[Sat Sep 11'));
      const mixed = lines.flatMap((l, i) => [l + (noise[i] ?? ''), other[i] ?? '']).join('\n');
      assert.ok(Report.safeParse(analyzeText(mixed)).success);
    }),
    { numRuns: 200 },
  );
});

test('the report does not depend on where the input is cut into chunks', () => {
  const whole = JSON.stringify(analyzeText(EXAMPLE));
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
      assert.equal(JSON.stringify(analyzeChunks(splitAt(EXAMPLE, cuts))), whole);
    }),
    { numRuns: 300 },
  );
});

test('run time grows linearly: four times the input costs about four times the time, not sixteen', () => {
  // A dump interleaved with noise, repeated: every line is pushed through every parser.
  const unit = EXAMPLE_LINES.flatMap((l) => [l, 'Sep 10 16:15:14 host sshd[1]: noise ' + 'y'.repeat(80)]).join('\n') + '\n';
  // CPU time of this process (not wall time), and the best of several runs: other processes on a
  // shared machine then barely move the figure.
  const cpuMsFor = (copies: number): number => {
    const text = unit.repeat(copies);
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const before = process.cpuUsage();
      analyzeText(text, { maxEvents: 10 });
      const used = process.cpuUsage(before);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
  };
  cpuMsFor(50); // warm up the JIT
  const small = cpuMsFor(100);
  const large = cpuMsFor(400);
  // Linear gives ≈ 4×, quadratic ≈ 16×; 8× leaves room for noise on either side.
  assert.ok(large < small * 8, `100 copies: ${small.toFixed(1)} ms CPU, 400 copies: ${large.toFixed(1)} ms CPU`);
});
