import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayNames } from '../../src/cli/analyze-inputs.js';

test('inputs are named by file name, by path only when two file names clash', () => {
  assert.deepEqual(displayNames(['/var/log/kern.log', 'be/log/be.INFO', 'stdin']), ['kern.log', 'be.INFO', 'stdin']);
  assert.deepEqual(displayNames(['host-a/kern.log', 'host-b/kern.log', 'x/be.INFO']), ['host-a/kern.log', 'host-b/kern.log', 'be.INFO']);
});
