import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useColor } from '../../src/cli/use-color.js';

test('colour on a terminal, none in a pipe', () => {
  assert.equal(useColor({}, true), true);
  assert.equal(useColor({}, false), false);
});

test('NO_COLOR (non-empty) turns it off; TERM=dumb too', () => {
  assert.equal(useColor({ NO_COLOR: '1' }, true), false);
  assert.equal(useColor({ NO_COLOR: '' }, true), true);
  assert.equal(useColor({ TERM: 'dumb' }, true), false);
});

test('FORCE_COLOR forces it on in a pipe (and wins over NO_COLOR, as in Node); 0 or false turn it off', () => {
  assert.equal(useColor({ FORCE_COLOR: '1' }, false), true);
  assert.equal(useColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false), true);
  assert.equal(useColor({ FORCE_COLOR: '0' }, true), false);
  assert.equal(useColor({ FORCE_COLOR: 'false' }, true), false);
});
