/**
 * The SIMD scan answers exactly as the definition (leftmost keyword start, newline count) on the
 * long stretches it handles, whatever the keywords — including many sharing one fingerprint, as the
 * Doris parser's `queryId=<id>` keywords do — and wherever its copy window has to move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { naiveFind } from './naive-find.js';
import { createByteScanner } from '../../../../src/analysis/stream/byte-scan/byte-scanner.js';
import { createKeywordScanModule } from '../../../../src/analysis/stream/byte-scan/keyword-scan-module.js';
import { planFingerprints } from '../../../../src/analysis/stream/byte-scan/plan-fingerprints.js';

function naiveNewlines(data: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (data[i] === 0x0a) n++;
  return n;
}

const alphabet = fc.constantFrom(...'abcdef0123 OKilmed pr:=[]Iqy\n'.split(''));
const word = (min: number, max: number) => fc.array(alphabet, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const hexId = fc.array(fc.constantFrom(...'0123456789abcdef'.split('')), { minLength: 6, maxLength: 16 }).map((cs) => cs.join(''));

/** Keywords of at least 4 bytes: free words, and a family sharing a prefix (`queryId=<id>`). */
const keywordSets = fc
  .tuple(fc.array(word(4, 20), { maxLength: 10 }), fc.array(hexId.map((id) => `queryId=${id}`), { maxLength: 40 }))
  .map(([free, family]) => [...new Set([...free, ...family])])
  .filter((ks) => ks.length > 0);

/** Text over 4 KiB (so the SIMD path runs) made of noise, whole keywords and near misses. */
function textFrom(keywords: string[], pieces: (string | number)[], repeat: number): Buffer {
  const parts: string[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const p of pieces) {
      if (typeof p === 'string') parts.push(p);
      else {
        const k = keywords[p % keywords.length]!;
        // Whole keyword, or the keyword with its last byte changed (same fingerprint, no match).
        parts.push(p % 3 === 0 ? k.slice(0, -1) + '#' : k);
      }
    }
  }
  let text = parts.join('');
  while (text.length < 4200) text += ' filler line without keywords\n';
  return Buffer.from(text);
}

test('the WebAssembly SIMD module loads on this Node (otherwise the tests below test the scalar path only)', () => {
  assert.notEqual(createKeywordScanModule(), null);
});

test('finds exactly the leftmost keyword, across window moves, for any keywords and text', () => {
  fc.assert(
    fc.property(
      keywordSets,
      fc.array(fc.oneof(word(0, 40), fc.nat(200)), { maxLength: 60 }),
      fc.integer({ min: 1, max: 40 }),
      fc.nat(5000),
      fc.nat(5000),
      fc.constantFrom(1024, 4096, 1 << 20),
      (keywordTexts, pieces, repeat, fromCut, toCut, windowBytes) => {
        const keywords = keywordTexts.map((k) => Buffer.from(k));
        const text = textFrom(keywordTexts, pieces, repeat);
        const from = Math.min(fromCut, text.length);
        const to = Math.max(from, text.length - toCut);
        const scanner = createByteScanner(keywords, { windowBytes });
        // Walk every hit, as the line driver does.
        let at = from;
        for (let guard = 0; guard < 10_000; guard++) {
          const got = scanner.find(text, at, to);
          assert.equal(got, naiveFind(text, keywords, at, to), `find from ${at}`);
          if (got === -1) break;
          assert.equal(scanner.countNewlines(text, at, got), naiveNewlines(text, at, got));
          at = got + 1;
        }
        scanner.releaseWindow();
      },
    ),
    { numRuns: 300 },
  );
});

test('counts newlines exactly inside, across and outside the copied window', () => {
  const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}\n`).join('') + 'tail without newline');
  const scanner = createByteScanner([Buffer.from('line 2999')], { windowBytes: 8192 });
  const hit = scanner.find(text, 20_000, text.length); // copies the window that starts at 20000
  assert.equal(hit, text.indexOf('line 2999'));
  for (const [from, to] of [[0, text.length], [20_000, 28_000], [10_000, 25_000], [27_000, text.length], [0, 5]] as const) {
    assert.equal(scanner.countNewlines(text, from, to), naiveNewlines(text, from, to), `[${from}, ${to})`);
  }
  scanner.releaseWindow();
});

test('after releaseWindow(), new bytes in the same buffer are scanned afresh', () => {
  const keywords = [Buffer.from('invoked oom-killer'), Buffer.from('Killed process')];
  const scanner = createByteScanner(keywords);
  const buffer = Buffer.alloc(64 * 1024, 'a');
  buffer.write('Killed process', 50_000);
  assert.equal(scanner.find(buffer, 0, buffer.length), 50_000);
  scanner.releaseWindow();
  buffer.fill('a');
  buffer.write('invoked oom-killer', 1234);
  assert.equal(scanner.find(buffer, 0, buffer.length), 1234);
  scanner.releaseWindow();
});

test('keywords shorter than a fingerprint fall back to the scalar search, with the same answers', () => {
  const keywords = [Buffer.from('oom'), Buffer.from('Killed process')];
  assert.equal(planFingerprints(keywords), null, 'no SIMD plan for a 3-byte keyword');
  const text = Buffer.from('x'.repeat(5000) + 'a room\n' + 'Killed process 1\n');
  const scanner = createByteScanner(keywords);
  assert.equal(scanner.find(text, 0, text.length), text.indexOf('oom'));
  assert.equal(scanner.countNewlines(text, 0, text.length), 2);
});

test('a keyword ending exactly at the end of the data is found, whatever its length', () => {
  const keywords = ['queryId=ab', 'queryId=cdef', 'queryId=012345', 'queryId=6789abcdef', 'Killed process'].map((k) => Buffer.from(k));
  const scanner = createByteScanner(keywords);
  for (const k of keywords) {
    const text = Buffer.concat([Buffer.from('x'.repeat(5000)), k]);
    assert.equal(scanner.find(text, 0, text.length), 5000, k.toString());
    scanner.releaseWindow();
  }
});

test('two scanners with their own instances never see each other’s copied window', () => {
  const keywords = [Buffer.from('invoked oom-killer'), Buffer.from('Killed process')];
  const buffer = Buffer.alloc(64 * 1024, 'a');
  buffer.write('Killed process', 50_000);
  const first = createByteScanner(keywords);
  assert.equal(first.find(buffer, 0, buffer.length), 50_000);
  // The first scanner still holds a copy of the old bytes; a second analysis of new bytes in the same buffer is unaffected.
  buffer.fill('a');
  buffer.write('invoked oom-killer', 1234);
  const second = createByteScanner(keywords);
  assert.equal(second.find(buffer, 0, buffer.length), 1234);
  first.releaseWindow();
  second.releaseWindow();
});
