/**
 * Doris be.INFO memory summaries that users pasted into apache/doris bug reports (2.1.0, 2.1.1,
 * 2.1.5) come out with the numbers an expert reads from them.
 *
 * Fixtures: test/fixtures/public/doris/, each cited in test/fixtures/public/SOURCES.md.
 * Expectations: test/fixtures/public/expected.json ("doris" section). Sizes printed only in
 * pretty form (`43.95 GB`) are compared within ±0.006 GB; sizes with a raw `(N B)` value exactly.
 * No kernel kill is in these inputs, so the report uses the last summary in the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../../src/analysis/analyze.js';
import type { DorisFindingId, DorisReport, DorisTracker } from '../../../src/analysis/report/report-schema.js';

type ByteField = Exclude<
  {
    [K in keyof DorisReport]: DorisReport[K] extends number | null ? K : never;
  }[keyof DorisReport],
  'trackedRatio'
>;

interface ExpectedDorisFixture {
  note: string;
  summaryTimeContains?: string;
  /** Pretty-printed 1024-based GB values (the log prints no raw bytes for them). */
  gb: Partial<Record<ByteField, number>>;
  /** Exact byte values from `(N B)`; null = not printed in this paste. */
  bytes: Partial<Record<ByteField, number | null>>;
  trackedRatio?: number;
  trackers?: { label: string; usedBytes: number; peakBytes: number }[];
  /** GC starts counted in the window before the summary (or the end of the log). */
  gc?: { minor: number; full: number };
  findings: DorisFindingId[];
  absentFindings: DorisFindingId[];
}

const GIB = 1024 ** 3;
const publicDir = fileURLToPath(new URL('../../fixtures/public/', import.meta.url));
const expected = JSON.parse(readFileSync(`${publicDir}expected.json`, 'utf8')) as {
  doris: Record<string, ExpectedDorisFixture>;
};

for (const [file, want] of Object.entries(expected.doris)) {
  test(`public be.INFO ${file}`, () => {
    const report = analyzeText(readFileSync(`${publicDir}doris/${file}`));
    const doris = report.doris;
    assert.ok(doris, `${file}: the Doris memory summary is read (${want.note})`);

    if (want.summaryTimeContains !== undefined) {
      assert.ok(
        doris.summaryTime?.includes(want.summaryTimeContains),
        `${file}: summary time ${doris.summaryTime} is the glog time of the block`,
      );
    }
    for (const [field, gb] of Object.entries(want.gb) as [ByteField, number][]) {
      const actual = doris[field];
      assert.ok(actual !== null, `${file}: ${field} is read`);
      assert.ok(
        Math.abs(actual - gb * GIB) <= 0.006 * GIB,
        `${file}: ${field} = ${actual} B, the log prints ${gb} GB`,
      );
    }
    for (const [field, bytes] of Object.entries(want.bytes) as [ByteField, number | null][]) {
      assert.equal(doris[field], bytes, `${file}: ${field}`);
    }
    if (want.trackedRatio !== undefined) {
      assert.ok(doris.trackedRatio !== null, `${file}: tracked ratio is computed`);
      assert.ok(
        Math.abs(doris.trackedRatio - want.trackedRatio) < 0.001,
        `${file}: tracked ratio ${doris.trackedRatio}, expected ${want.trackedRatio}`,
      );
    }
    for (const tracker of want.trackers ?? []) {
      const row: DorisTracker | undefined = doris.trackers.find((t) => t.label === tracker.label);
      assert.ok(row, `${file}: tracker ${tracker.label} is listed`);
      assert.equal(row.usedBytes, tracker.usedBytes, `${file}: ${tracker.label} used`);
      assert.equal(row.peakBytes, tracker.peakBytes, `${file}: ${tracker.label} peak`);
    }
    if (want.gc !== undefined) {
      assert.deepEqual({ minor: doris.gc.minor, full: doris.gc.full }, want.gc, `${file}: GC starts counted`);
    }
    const ids = doris.findings.map((f) => f.id);
    for (const id of want.findings) {
      const finding = doris.findings.find((f) => f.id === id);
      assert.ok(finding, `${file}: finding ${id} (${want.note}); got ${JSON.stringify(ids)}`);
      assert.ok(finding.evidence.length > 0, `${file}: finding ${id} quotes its evidence lines`);
    }
    for (const id of want.absentFindings) {
      assert.ok(!ids.includes(id), `${file}: no ${id} finding without evidence for it; got ${JSON.stringify(ids)}`);
    }
  });
}
