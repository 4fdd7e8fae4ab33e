import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, createAnalyzer } from '../../../src/analysis/analyze.js';
import { locateEvidence } from '../../../src/analysis/report/locate-evidence.js';
import { report } from '../../render/sample-reports.js';

test('a line number counted across inputs becomes the file and the line within it', () => {
  const located = locateEvidence(report(), [
    { name: 'dmesg.txt', endLine: 10 },
    { name: 'be.INFO', endLine: 128 },
  ]);
  assert.deepEqual(located.events[0]!.evidence.map((e) => [e.file, e.line]), [['be.INFO', 1], ['be.INFO', 2], ['be.INFO', 13]]);
});

test('an empty file takes no lines; a single unnamed input keeps plain line numbers', () => {
  const located = locateEvidence(report(), [{ name: 'empty.log', endLine: 0 }, { name: 'kern.log', endLine: 30 }]);
  assert.deepEqual(located.events[0]!.evidence.map((e) => [e.file, e.line]), [['kern.log', 11], ['kern.log', 12], ['kern.log', 23]]);
  assert.deepEqual(locateEvidence(report(), [{ name: null, endLine: 30 }]).events[0]!.evidence.map((e) => e.file), [null, null, null]);
});

test('the analyser names the input each quoted line came from', () => {
  const analyzer = createAnalyzer();
  analyzer.feed('unrelated line\n');
  analyzer.endSource('notes.txt');
  analyzer.feed('[  1.0] Out of memory: Killed process 42 (java) total-vm:1000kB, anon-rss:800kB, file-rss:0kB, shmem-rss:0kB\n');
  analyzer.endSource('kern.log');
  const kill = analyzer.end().events[0]!.evidence.find((e) => e.text.includes('Killed process'));
  assert.deepEqual([kill?.file, kill?.line], ['kern.log', 1]);
  assert.equal(analyzeText('[  1.0] Out of memory: Killed process 42 (java) total-vm:1000kB, anon-rss:800kB, file-rss:0kB, shmem-rss:0kB\n').events[0]!.evidence[0]!.file, null);
});
