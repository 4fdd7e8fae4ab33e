import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GENERATED_PATH, renderKeywordScanModule } from '../../../../scripts/build-wasm.js';

test('keyword-scan-wasm.ts holds exactly the assembled keyword-scan.wat (run `npm run build:wasm` after editing the .wat)', async () => {
  assert.equal(readFileSync(GENERATED_PATH, 'utf8'), await renderKeywordScanModule());
});
