/**
 * Suggestion ids are one list, kebab-case: every suggestion the analyser makes on every fixture in
 * the repository uses an id from it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { SUGGESTION_IDS } from '../../../src/analysis/advice/suggestion-ids.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return fixtureFiles(path);
    return /\.(log|txt|yaml|INFO)$/.test(name) ? [path] : [];
  });
}

test('every id in the list is kebab-case and listed once', () => {
  for (const id of SUGGESTION_IDS) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  assert.equal(new Set(SUGGESTION_IDS).size, SUGGESTION_IDS.length);
});

test('every suggestion made on every fixture uses a listed id', () => {
  const listed = new Set<string>(SUGGESTION_IDS);
  const files = [...fixtureFiles(join(ROOT, 'test/fixtures')), ...fixtureFiles(join(ROOT, 'examples'))];
  assert.ok(files.length > 40, `${files.length} fixtures found`);
  for (const file of files) {
    const report = analyzeText(readFileSync(file));
    const ids = [...report.events.flatMap((e) => e.suggestions), ...(report.doris?.suggestions ?? [])].map((s) => s.id);
    for (const id of ids) assert.ok(listed.has(id), `${file}: suggestion id ${id} is not in advice/suggestion-ids.ts`);
  }
});
