/** The page's size formatter says every size exactly as src/analysis/units.ts does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatBytes } from '../../src/analysis/units.js';
import { formatBytes as pageFormatBytes } from '../../src/web/static/format-bytes.js';

test('the sizes a user picks a file of read as they do everywhere else', () => {
  assert.equal(pageFormatBytes(1536), '1.5 KiB');
  assert.equal(pageFormatBytes(52_428_800), '50 MiB');
  assert.equal(pageFormatBytes(2 ** 50 * 3), '3 PiB');
});

test('the same answer as units.ts for any number, near every unit boundary too', () => {
  const boundary = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -3, max: 3 })).map(([u, d]) => 1024 ** u * 100 + d);
  fc.assert(
    fc.property(fc.oneof(fc.nat(), fc.integer(), fc.double({ noNaN: false }), fc.constant(null), boundary, fc.integer({ min: 0, max: 2 ** 53 })), (n) => {
      assert.equal(pageFormatBytes(n), formatBytes(n));
    }),
    { numRuns: 20_000 },
  );
});
