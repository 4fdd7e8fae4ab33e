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
import { Report } from '../../src/analysis/report-schema.js';

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

test('run time grows linearly: doubling the input at most roughly doubles the time', () => {
  // A dump interleaved with noise, repeated: every line is pushed through every parser.
  const unit = EXAMPLE_LINES.flatMap((l) => [l, 'Sep 10 16:15:14 host sshd[1]: noise ' + 'y'.repeat(80)]).join('\n') + '\n';
  const timeFor = (copies: number): number => {
    const text = unit.repeat(copies);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      analyzeText(text, { maxEvents: 10 });
      samples.push(performance.now() - t0);
    }
    return samples.sort((a, b) => a - b)[2]!;
  };
  timeFor(50); // warm up the JIT
  const small = timeFor(200);
  const large = timeFor(400);
  // Generous factor for a shared, noisy machine; a quadratic step would give ≈ 4× or more.
  assert.ok(large < small * 3, `200 copies: ${small.toFixed(1)} ms, 400 copies: ${large.toFixed(1)} ms`);
});
