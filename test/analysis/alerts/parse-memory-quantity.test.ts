import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMemoryQuantity } from '../../../src/analysis/alerts/parse-memory-quantity.js';

test('Kubernetes quantities and byte units', () => {
  assert.equal(parseMemoryQuantity('512Mi'), 512 * 2 ** 20);
  assert.equal(parseMemoryQuantity('1.5Gi'), 1.5 * 2 ** 30);
  assert.equal(parseMemoryQuantity('256 MiB'), 256 * 2 ** 20);
  assert.equal(parseMemoryQuantity('500M'), 500e6);
  assert.equal(parseMemoryQuantity('300MB'), 300e6);
  assert.equal(parseMemoryQuantity('1073741824'), 1073741824);
});

test("a sender that prints MiB as MB is read as binary when the caller says so (Robusta)", () => {
  assert.equal(parseMemoryQuantity('300MB', { bytesUnitsAreBinary: true }), 300 * 2 ** 20);
  assert.equal(parseMemoryQuantity('512Mi', { bytesUnitsAreBinary: true }), 512 * 2 ** 20);
});

test('not sizes', () => {
  assert.equal(parseMemoryQuantity('No limit'), null);
  assert.equal(parseMemoryQuantity('100m'), null);
  assert.equal(parseMemoryQuantity('28.47%'), null);
  assert.equal(parseMemoryQuantity(''), null);
});
