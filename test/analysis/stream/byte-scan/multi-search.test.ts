import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { naiveFind } from './naive-find.js';
import { createMultiSearch } from '../../../../src/analysis/stream/byte-scan/multi-search.js';

const alphabet = fc.constantFrom(...'ab OKilmed pr:[]\n'.split(''));
const word = (min: number, max: number) => fc.array(alphabet, { minLength: min, maxLength: max }).map((cs) => cs.join(''));

test('finds exactly the leftmost occurrence of any keyword, and says which keyword it was', () => {
  fc.assert(
    fc.property(
      fc.array(word(1, 24), { minLength: 1, maxLength: 8 }),
      fc.array(fc.oneof(word(0, 12), fc.nat(7)), { maxLength: 30 }),
      fc.nat(20),
      fc.nat(20),
      (keywordTexts, pieces, fromCut, toCut) => {
        const keywords = keywordTexts.map((k) => Buffer.from(k));
        // Text made of random pieces and whole keywords, so matches (and overlaps) are common.
        const text = Buffer.from(pieces.map((p) => (typeof p === 'number' ? keywordTexts[p % keywordTexts.length]! : p)).join(''));
        const from = Math.min(fromCut, text.length);
        const to = Math.max(from, text.length - toCut);
        const search = createMultiSearch(keywords);
        const got = search.find(text, from, to);
        assert.equal(got, naiveFind(text, keywords, from, to));
        if (got !== -1) assert.ok(text.subarray(got).indexOf(keywords[search.lastPattern]!) === 0, 'lastPattern names a keyword that starts there');
      },
    ),
    { numRuns: 3000 },
  );
});

test('a keyword whose rarest window is not at its start is still found at its start', () => {
  const search = createMultiSearch([Buffer.from('describe pod'), Buffer.from('OOMKilled')]);
  const text = Buffer.from('kubectl describe pod api-7f9 -n prod\nReason: OOMKilled\n');
  assert.equal(search.find(text, 0, text.length), text.indexOf('describe pod'));
  assert.equal(search.lastPattern, 0);
  assert.equal(search.find(text, 9, text.length), text.indexOf('OOMKilled'));
  assert.equal(search.lastPattern, 1);
});
