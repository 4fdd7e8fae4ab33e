/**
 * The package as a library: `import { analyze } from 'oom-triage'` resolves (package.json `exports`
 * and `types`) to what `npm run build` makes of src/index.ts, and that entry analyses a log into a
 * Report that matches its schema, whole or streamed; the JSON Schema ships beside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, analyzeStream, createAnalyzer, renderSummaryLines, Report, type OomEvent } from '../../src/index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LOG = readFileSync(join(REPO, 'examples/cgroup-v1-parent-limit.log'));

interface PackageJson {
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  files: string[];
  scripts: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;
const build = JSON.parse(readFileSync(join(REPO, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };

test('analyze: a log in, a typed Report out, valid per its schema', () => {
  const report = analyze(LOG);
  assert.deepEqual(Report.parse(report), report);
  const kill: OomEvent = report.events[0]!;
  assert.equal(kill.victim?.pid, 30211);
  assert.equal(kill.cause, 'parent_cgroup_limit');
  assert.match(renderSummaryLines(report), /test \(pid 30211\) was killed because a parent memory cgroup reached its limit/);
});

test('analyzeStream and createAnalyzer give the same report from chunks, split anywhere', async () => {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < LOG.length; i += 777) yield LOG.subarray(i, i + 777);
  }
  assert.deepEqual(await analyzeStream(chunks()), analyze(LOG));
  const analyzer = createAnalyzer();
  analyzer.feed(LOG.toString('utf8'));
  assert.deepEqual(analyzer.end(), analyze(LOG));
});

test("package.json points 'oom-triage' at the build of src/index.ts, types included, and ships the JSON Schema", () => {
  const entry = pkg.exports['.'] as Record<string, string>;
  // tsconfig.build.json: src/ → dist/, with declarations.
  assert.equal(build.compilerOptions['rootDir'], 'src');
  assert.equal(build.compilerOptions['outDir'], 'dist');
  assert.equal(build.compilerOptions['declaration'], true);
  assert.match(pkg.scripts['build']!, /^tsc -p tsconfig\.build\.json( |$)/);
  assert.ok(existsSync(join(REPO, 'src/index.ts')));
  assert.equal(entry['import'], './dist/index.js');
  assert.equal(entry['types'], './dist/index.d.ts');
  assert.equal(Object.keys(entry)[0], 'types', 'types first, as TypeScript reads the conditions in order');
  assert.equal(pkg.main, entry['import']);
  assert.equal(pkg.types, entry['types']);
  assert.equal(pkg.exports['./report.schema.json'], './schema/report.schema.json');
  assert.ok(existsSync(join(REPO, 'schema/report.schema.json')));
  for (const shipped of ['dist', 'schema']) assert.ok(pkg.files.includes(shipped), `${shipped} is in the package`);
  // Source maps carry their sources: they point at nothing the package leaves out.
  assert.equal(build.compilerOptions['inlineSources'], true);
});
