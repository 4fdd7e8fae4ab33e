/**
 * Tracker rows of a `Memory Tracker Summary` (reference §3a–3c). While reading, the parser only
 * checks that a row reads (isTrackerRow) and keeps its text; the chosen block's rows are read in
 * full at the end (parseTrackerRow). The two must agree on every row, or a block would end early
 * or keep a row that reads as nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isTrackerRow, parseTrackerRow } from '../../../../src/analysis/doris/parse/parse-tracker-row.js';

const ROWS = [
  '    MemTrackerLimiter Label=Orphan, Type=global, Limit=-1.00 B(-1 B), Used=-2.80 MB(-2939288 B), Peak=1.01 GB(1080997778 B)',
  '    MemTracker Label=SegmentCache[size], Parent Label=DetailsTrackerSet, Used=1.50 GB(1610612736 B), Peak=2.00 GB(2147483648 B)',
  'Type=tc/jemalloc cache, Used=3.02 GB(3244398024 B), Peak=-1.00 B(-1 B)',
];

test('the three row shapes read; a row whose label never ends does not', () => {
  for (const row of ROWS) {
    assert.equal(isTrackerRow(row), true, row);
    assert.notEqual(parseTrackerRow(row), null);
  }
  for (const row of ['MemTrackerLimiter Label=Orphan Type=global', 'MemTracker Label=x', 'Type=query Used=1', 'Label=x, Type=y', '']) {
    assert.equal(isTrackerRow(row), false, row);
    assert.equal(parseTrackerRow(row), null, row);
  }
});

test('isTrackerRow says yes exactly when parseTrackerRow reads the row, on cut and spliced rows', () => {
  const markers = ['MemTrackerLimiter Label=', 'MemTracker Label=', 'Type=', ', Type=', ', Parent Label=', ', Used=', ', Limit=', ', Peak=', ' ', '\t', 'x', ','];
  const row = fc.oneof(
    fc.tuple(fc.constantFrom(...ROWS), fc.nat(140), fc.nat(140)).map(([r, a, b]) => r.slice(0, a) + r.slice(b)),
    fc.array(fc.constantFrom(...markers), { maxLength: 10 }).map((a) => a.join('')),
  );
  fc.assert(fc.property(row, (r) => assert.equal(isTrackerRow(r), parseTrackerRow(r) !== null, JSON.stringify(r))), { numRuns: 3000 });
});
