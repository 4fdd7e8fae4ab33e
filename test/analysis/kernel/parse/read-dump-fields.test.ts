/**
 * The small readers every dump line goes through (read-dump-fields.ts). They scan character codes;
 * these tests pin down what they accept, and check them against the one-line regex readings they
 * replace (`/^-?\d{1,20}$/`, `split(/\s+/)`, `split(/[\s,]+/)`) on arbitrary text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { intBetween, readPairs, toInt, toKb, words } from '../../../../src/analysis/kernel/parse/read-dump-fields.js';

test('toInt reads what the kernel prints as a decimal, including "unlimited" limits beyond 2^53', () => {
  assert.equal(toInt('47388'), 47388);
  assert.equal(toInt('-1000'), -1000);
  assert.equal(toInt('0007'), 7);
  assert.equal(toInt('9007199254740988'), 9007199254740988);
  assert.equal(toInt('18014398509481983'), Number('18014398509481983'));
  for (const bad of ['', '-', '+1', '1.0', '1 ', ' 1', '1e3', '0x10', '123456789012345678901']) assert.equal(toInt(bad), null, bad);
  assert.equal(intBetween('rss:123 ', 4, 7), 123);
});

test('toKb takes kB, KB and k suffixes, or none', () => {
  assert.deepEqual(['47388kB', '0KB', '12k', '12K', '5', 'kB', '1MB'].map(toKb), [47388, 0, 12, 12, 5, null, null]);
});

test('words and readPairs split on any white space (tabs, no-break and ideographic spaces from pastes) and readPairs on commas', () => {
  assert.deepEqual(words('  Normal\tfree:1kB\u00a0min:2kB\u3000 '), ['Normal', 'free:1kB', 'min:2kB']);
  assert.deepEqual(words(' \t '), []);
  assert.deepEqual(readPairs('free:1kB, min:2kB isolated_anon: unevi    ctable:0kB :3 a:b:c', ':'), [
    ['free', '1kB'],
    ['min', '2kB'],
    ['ctable', '0kB'],
    ['a', 'b:c'],
  ]);
  assert.deepEqual(readPairs('hugepages_total=0 hugepages_free=0', '='), [['hugepages_total', '0'], ['hugepages_free', '0']]);
});

test('the readers agree with the regex readings they replace, on any text', () => {
  const pieces = [' ', '\t', ',', ':', '=', 'free', '12', 'kB', '-', '\u00a0', '\u3000', '\u2028', '\ufeff', '\u200b', '\u0085', 'x:1', 'k=v'];
  const text = fc.oneof(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 40 }));
  fc.assert(
    fc.property(text, (s) => {
      const trimmed = s.trim();
      assert.deepEqual(words(s), trimmed === '' ? [] : trimmed.split(/\s+/));
      for (const sep of [':', '='] as const) {
        const expected = s
          .split(/[\s,]+/)
          .map((t) => [t, t.indexOf(sep)] as const)
          .filter(([t, at]) => at > 0 && at < t.length - 1)
          .map(([t, at]) => [t.slice(0, at), t.slice(at + 1)]);
        assert.deepEqual(readPairs(s, sep), expected);
      }
      assert.equal(toInt(s), /^-?\d{1,20}$/.test(s) ? Number(s) : null);
    }),
    { numRuns: 2000 },
  );
});
