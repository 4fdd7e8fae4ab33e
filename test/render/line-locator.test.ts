import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineLocator, plainLineLocator } from '../../src/render/line-locator.js';

test('a line number counted across inputs reads as file:line within its own file', () => {
  const locate = createLineLocator([
    { name: 'dmesg.txt', endLine: 24 },
    { name: 'be.INFO', endLine: 128 },
  ]);
  assert.equal(locate(1), 'dmesg.txt:1');
  assert.equal(locate(24), 'dmesg.txt:24');
  assert.equal(locate(25), 'be.INFO:1');
  assert.equal(locate(128), 'be.INFO:104');
});

test('an empty file takes no lines; without files a number reads "line N"', () => {
  const locate = createLineLocator([
    { name: 'empty.log', endLine: 0 },
    { name: 'kern.log', endLine: 10 },
  ]);
  assert.equal(locate(3), 'kern.log:3');
  assert.equal(createLineLocator([])(7), 'line 7');
  assert.equal(plainLineLocator(7), 'line 7');
});
