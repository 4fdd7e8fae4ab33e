/**
 * Dependencies point one way: analysis ← render ← web ← slack / worker / cli ← runtime.
 * Inside the analysis core the pipeline reads in order: input and stream feed the parsers,
 * verdicts judge what was parsed, advice reads the verdicts; nothing judges while parsing, and
 * nothing earlier imports advice. This test reads every import in src/ and fails on one that
 * crosses a boundary the wrong way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's relative imports, as paths below src/ (`analysis/kernel/parse/raw-event.ts`). */
function importsOf(file: string): { spec: string; target: string }[] {
  const text = readFileSync(file, 'utf8');
  const out: { spec: string; target: string }[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    out.push({ spec: m[1]!, target: relative(SRC, resolve(dirname(file), m[1]!)).replace(/\.js$/, '.ts') });
  }
  return out;
}

/** [importer prefix, forbidden target prefix ('' = anything outside src/analysis), why]. */
const RULES: [string, string, string][] = [
  ['analysis/', '', 'the analysis core is pure: it imports nothing outside src/analysis'],
  ['render/', 'slack/', 'renderers turn a Report into text; they know nothing of the bot'],
  ['render/', 'worker/', 'renderers know nothing of the worker'],
  ['render/', 'queue/', 'renderers know nothing of the queue'],
  ['render/', 'cli/', 'renderers know nothing of the CLI'],
  ['slack/', 'worker/', 'the web role only enqueues; the worker is another process'],
  ['worker/', 'slack/listeners/', 'the worker does not import Slack listeners'],
  ['worker/', 'slack/create-slack-app', 'the worker does not import the Bolt app'],
  ['queue/', 'slack/', 'the job contract is shared by both roles and depends on neither'],
  ['queue/', 'worker/', 'the job contract depends on neither role'],
  ['cli/', 'slack/', 'the CLI runs without Slack'],
  ['cli/', 'worker/', 'the CLI runs without the worker'],
  ['cli/', 'queue/', 'the CLI runs without Redis'],
  ['io/', 'slack/', 'I/O helpers know nothing of Slack'],
  ['redis/', 'slack/', 'the Redis client factory knows nothing of its users'],
  ['redis/', 'worker/', 'the Redis client factory knows nothing of its users'],
  ['redis/', 'queue/', 'the Redis client factory knows nothing of its users'],
  ['render/', 'history/', 'renderers are given the earlier kills; they do not read the store'],
  ['history/', 'slack/', 'the kill history serves both roles and depends on neither'],
  ['history/', 'worker/', 'the kill history serves both roles and depends on neither'],
  ['web/', 'slack/', 'the page runs without Slack (oom-triage serve)'],
  ['web/', 'worker/', 'the page analyses in its own process, not through the worker'],
  ['web/', 'queue/', 'the page runs without Redis'],
  ['web/', 'cli/', 'the page knows nothing of the CLI'],
  ['render/', 'web/', 'renderers know nothing of the page'],
  ['web/', 'history/', 'the page keeps nothing: no kill history'],
  ['analysis/input/', 'analysis/kernel/', 'input layer: line prefixes come before any parser'],
  ['analysis/input/', 'analysis/doris/', 'input layer: line prefixes come before any parser'],
  ['analysis/stream/', 'analysis/kernel/', 'the stream driver feeds parsers it does not know'],
  ['analysis/kernel/parse/', 'analysis/kernel/verdict/', 'parsing reads lines; judging comes after'],
  ['analysis/kernel/', 'analysis/advice/', 'the verdict does not make suggestions'],
  ['analysis/doris/', 'analysis/advice/', 'the Doris report does not make suggestions'],
  ['analysis/kubectl/', 'analysis/advice/', 'the kubectl reader does not make suggestions'],
  ['analysis/report/', 'analysis/kernel/', 'the contract and summary read only the Report'],
  ['analysis/report/', 'analysis/advice/', 'the contract and summary read only the Report'],
];

test('no import crosses a boundary the wrong way', () => {
  const problems: string[] = [];
  for (const file of sources(SRC)) {
    const from = relative(SRC, file);
    for (const { spec, target } of importsOf(file)) {
      for (const [importer, forbidden, why] of RULES) {
        if (!from.startsWith(importer)) continue;
        const crosses = forbidden === '' ? !target.startsWith('analysis/') : target.startsWith(forbidden);
        if (crosses) problems.push(`${from} imports ${spec}: ${why}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the reader sees real imports (a broken reader would let everything pass)', () => {
  const analyze = importsOf(join(SRC, 'analysis/analyze.ts')).map((i) => i.target);
  assert.ok(analyze.includes('analysis/kernel/parse/parse-oom-dump.ts'), analyze.join(', '));
});
