import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineDriver } from '../../../src/analysis/stream/line-driver.js';
import type { InputLine } from '../../../src/analysis/input/input-line.js';
import type { LineConsumer } from '../../../src/analysis/stream/line-consumer.js';

/** A consumer that records what it is pushed and stays open for `follow` lines after a keyword line. */
function recorder(keywords: string[], follow = 0, lookbehindLines = 0) {
  const seen: InputLine[] = [];
  let open = 0;
  const consumer: LineConsumer = {
    keywords,
    lookbehindLines,
    push(line) {
      seen.push(line);
      if (keywords.some((k) => line.raw.includes(k))) open = follow;
      else if (open > 0) open--;
    },
    wantsMore: () => open > 0,
  };
  return { consumer, seen };
}

const text = ['alpha', 'beta KEY one', 'gamma', 'delta', 'epsilon KEY two', 'zeta', 'eta'].join('\n') + '\n';

test('pushes only keyword lines, numbered as in the input, while nothing is open', () => {
  const { consumer, seen } = recorder(['KEY']);
  const d = createLineDriver([consumer]);
  d.feed(text);
  d.endSource();
  assert.deepEqual(seen.map((l) => [l.line, l.raw]), [[2, 'beta KEY one'], [5, 'epsilon KEY two']]);
  assert.equal(d.lines, 7);
  assert.equal(d.bytes, Buffer.byteLength(text));
});

test('pushes every following line while a consumer wants more, and the lookbehind lines before a hit', () => {
  const { consumer, seen } = recorder(['KEY'], 1, 1);
  const d = createLineDriver([consumer]);
  d.feed(text);
  d.endSource();
  assert.deepEqual(seen.map((l) => l.line), [1, 2, 3, 4, 5, 6]);
});

test('gives the same lines and numbers whatever the chunk boundaries, including inside CRLF and multi-byte characters', () => {
  const input = Buffer.from('x\r\nñ KEY é\r\n\r\nmore\r\nKEY 日本\r\nlast KEY', 'utf8');
  const expected = (() => {
    const { consumer, seen } = recorder(['KEY']);
    const d = createLineDriver([consumer]);
    d.feed(input);
    d.endSource();
    return seen.map((l) => [l.line, l.raw]);
  })();
  assert.deepEqual(expected, [[2, 'ñ KEY é'], [5, 'KEY 日本'], [6, 'last KEY']]);
  for (let cut = 1; cut < input.length; cut++) {
    for (const size of [1, 3]) {
      const { consumer, seen } = recorder(['KEY']);
      const d = createLineDriver([consumer]);
      d.feed(input.subarray(0, cut));
      for (let i = cut; i < input.length; i += size) d.feed(input.subarray(i, Math.min(input.length, i + size)));
      d.endSource();
      assert.deepEqual(seen.map((l) => [l.line, l.raw]), expected, `cut at ${cut}, then ${size}-byte chunks`);
      assert.equal(d.lines, 6);
    }
  }
});

test('keeps a bounded prefix of an over-long line and still counts the lines after it', () => {
  const { consumer, seen } = recorder(['KEY']);
  const d = createLineDriver([consumer]);
  const long = 'KEY' + 'x'.repeat(10 * 1024 * 1024);
  for (let i = 0; i < long.length; i += 65536) d.feed(long.slice(i, i + 65536));
  d.feed('\nnext KEY\n');
  d.endSource();
  assert.equal(seen.length, 2);
  assert.ok(seen[0]!.raw.length <= 64 * 1024);
  assert.deepEqual([seen[1]!.line, seen[1]!.raw], [2, 'next KEY']);
  assert.equal(d.longLines, 1);
});

test('starts a new line at each source boundary', () => {
  const { consumer, seen } = recorder(['KEY']);
  const d = createLineDriver([consumer]);
  d.feed('a\nKEY first file without newline');
  d.endSource();
  d.feed('KEY second file\n');
  d.endSource();
  assert.deepEqual(seen.map((l) => [l.line, l.raw]), [[2, 'KEY first file without newline'], [3, 'KEY second file']]);
});

test('a keyword line goes only to the consumers whose keywords it holds', () => {
  const kernel = recorder(['Killed process']);
  const doris = recorder(['[MemoryGC]']);
  const d = createLineDriver([kernel.consumer, doris.consumer]);
  d.feed('a\nI0101 [MemoryGC] start minor GC\nOut of memory: Killed process 1 (x)\nboth: Killed process [MemoryGC]\n');
  d.endSource();
  assert.deepEqual(kernel.seen.map((l) => l.line), [3, 4]);
  assert.deepEqual(doris.seen.map((l) => l.line), [2, 4]);
});

test('while one consumer reads every line, another still gets the lines with its keywords, once each and in order', () => {
  const open = recorder(['START'], 3);
  const other = recorder(['OTHER'], 0, 1);
  const d = createLineDriver([open.consumer, other.consumer]);
  d.feed('x\nSTART\nOTHER one\ny\nz\nOTHER two\n');
  d.endSource();
  assert.deepEqual(open.seen.map((l) => l.line), [2, 3, 4, 5]);
  assert.deepEqual(other.seen.map((l) => l.line), [3, 5, 6]);
});

test('lookbehind reaches across a chunk boundary: the same lines whatever the cut', () => {
  const text = Buffer.from('noise 1\nheader line\nKEY hit\nnoise 2\n' + 'n\n'.repeat(5) + 'prev\nKEY again\n');
  const run = (cuts: number[]) => {
    const { consumer, seen } = recorder(['KEY'], 0, 1);
    const d = createLineDriver([consumer]);
    let last = 0;
    for (const c of [...cuts, text.length]) {
      d.feed(text.subarray(last, c));
      last = c;
    }
    d.endSource();
    return seen.map((l) => [l.line, l.raw]);
  };
  const whole = run([]);
  assert.deepEqual(whole, [[2, 'header line'], [3, 'KEY hit'], [10, 'prev'], [11, 'KEY again']]);
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(run([cut]), whole, `cut at ${cut}`);
});

test('a keyword a consumer learns from the input is searched for from the next line on', () => {
  const seen: number[] = [];
  let learnt: readonly string[] = [];
  const consumer: LineConsumer = {
    keywords: ['cancel query'],
    lookbehindLines: 0,
    push(line) {
      seen.push(line.line);
      const id = /cancel query (\w+)/.exec(line.raw)?.[1];
      if (id !== undefined) learnt = [...learnt, `end of ${id}`];
    },
    wantsMore: () => false,
    dynamicKeywords: () => learnt,
  };
  const d = createLineDriver([consumer]);
  d.feed('end of q1\ncancel query q1\nend of q2\nend of q1\ncancel query q2\nend of q2\n');
  d.endSource();
  assert.deepEqual(seen, [2, 4, 5, 6]);
});

test('a caller may reuse one buffer for every chunk: the lines and numbers are those of fresh chunks', () => {
  // Long stretches without keywords and a keyword of at least 4 bytes, so the SIMD scan (which
  // copies what it scans) does the skipping.
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler ${i} ${'x'.repeat(i % 50)}`);
  const lines = [...filler(900), 'first KEYWORD here', ...filler(1300), 'second KEYWORD here', ...filler(700), 'third KEYWORD'];
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const run = (reuse: boolean, chunkBytes: number) => {
    const { consumer, seen } = recorder(['KEYWORD']);
    const d = createLineDriver([consumer]);
    const shared = Buffer.alloc(chunkBytes);
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + chunkBytes));
      if (!reuse) d.feed(Buffer.from(piece));
      else {
        piece.copy(shared);
        // The same Buffer object each time (as a reader with one read buffer passes it).
        d.feed(piece.length === chunkBytes ? shared : shared.subarray(0, piece.length));
        shared.fill(0x4b); // "KKKK…": stale bytes would be seen as new text
      }
    }
    d.endSource();
    return { seen: seen.map((l) => [l.line, l.raw]), lines: d.lines };
  };
  const expected = { seen: [[901, 'first KEYWORD here'], [2202, 'second KEYWORD here'], [2903, 'third KEYWORD']], lines: 2903 };
  for (const chunkBytes of [5000, 16_384, 65_536]) {
    assert.deepEqual(run(false, chunkBytes), expected);
    assert.deepEqual(run(true, chunkBytes), expected);
  }
});
