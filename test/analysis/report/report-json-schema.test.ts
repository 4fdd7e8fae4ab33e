/**
 * schema/report.schema.json, the Report's published JSON Schema, is exactly what the zod schema
 * generates (run `npm run build:schema` after changing report-schema.ts), and reports of real logs
 * validate against it with an independent validator (ajv, JSON Schema 2020-12), while a report with
 * a field or value the contract does not have does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { SCHEMA_PATH, renderReportSchema } from '../../../scripts/build-report-schema.js';

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const errors = () => JSON.stringify(validate.errors?.slice(0, 3));

test('schema/report.schema.json is the zod schema’s JSON Schema (run `npm run build:schema` after editing report-schema.ts)', () => {
  const published = readFileSync(SCHEMA_PATH, 'utf8').split('\n');
  const generated = renderReportSchema().split('\n');
  // The first differing line, not assert.equal's diff: diffing two ~100 KB strings takes minutes.
  const lines = Math.max(published.length, generated.length);
  const at = Array.from({ length: lines }, (_, i) => i).find((i) => published[i] !== generated[i]) ?? -1;
  assert.ok(at === -1, `line ${at + 1}: published ${JSON.stringify(published[at])}, generated ${JSON.stringify(generated[at])}`);
});

test('reports of real logs validate against the published schema', () => {
  const dirs = ['../../../examples/', '../../fixtures/public/kernel/', '../../fixtures/public/doris/', '../../fixtures/kubectl/'];
  let checked = 0;
  for (const dir of dirs) {
    const path = fileURLToPath(new URL(dir, import.meta.url));
    for (const name of readdirSync(path).filter((n) => !n.endsWith('.md') && !n.endsWith('.json'))) {
      const report = JSON.parse(JSON.stringify(analyzeText(readFileSync(join(path, name)))));
      assert.ok(validate(report), `${name}: ${errors()}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `${checked} logs checked`);
  assert.ok(validate(JSON.parse(JSON.stringify(analyzeText('')))), `an empty input: ${errors()}`);
});

test('the schema is strict: an unknown field or an unknown cause is refused', () => {
  const report = JSON.parse(JSON.stringify(analyzeText(readFileSync(fileURLToPath(new URL('../../../examples/cgroup-v1-parent-limit.log', import.meta.url)))))) as {
    events: Array<Record<string, unknown>>;
  } & Record<string, unknown>;
  assert.ok(validate(report), errors());
  assert.equal(validate({ ...report, extra: 1 }), false);
  assert.equal(validate({ ...report, events: [{ ...report.events[0], cause: 'gremlins' }] }), false);
  assert.equal(validate({ ...report, schemaVersion: 1 }), false);
});
