/**
 * Every regular expression in the analysis core must run in linear time: the analyser reads
 * whatever people paste, including 64 KiB lines of garbage, and a polynomial backtracking pattern
 * on such a line is as bad as an exponential one. recheck proves each pattern safe (or finds the
 * attack string); the literals are found with the TypeScript parser, so none can hide.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { checkSync } from 'recheck';

const ROOT = join(import.meta.dirname, '../../src/analysis');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

interface FoundRegex {
  where: string;
  source: string;
  flags: string;
}

function regexesIn(path: string): FoundRegex[] {
  const text = readFileSync(path, 'utf8');
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const found: FoundRegex[] = [];
  const visit = (node: ts.Node): void => {
    const where = `${relative(ROOT, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    if (ts.isRegularExpressionLiteral(node)) {
      const lastSlash = node.text.lastIndexOf('/');
      found.push({ where, source: node.text.slice(1, lastSlash), flags: node.text.slice(lastSlash + 1) });
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern !== undefined && ts.isStringLiteralLike(pattern)) {
        found.push({ where, source: pattern.text, flags: flags !== undefined && ts.isStringLiteralLike(flags) ? flags.text : '' });
      } else {
        found.push({ where, source: '<built at run time>', flags: '' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const all = sourceFiles(ROOT).flatMap(regexesIn);
/**
 * recheck's automaton proof takes seconds on patterns with bounded repeats (`\S{1,12}`), more on a
 * loaded machine; a timeout would read as "not proved", so it gets ample time.
 */
const CHECK_TIMEOUT_MS = 120_000;

test('the analysis core has regular expressions to check (the finder works)', () => {
  assert.ok(all.length > 0);
});

test('no regular expression is built at run time from unchecked text', () => {
  assert.deepEqual(all.filter((r) => r.source === '<built at run time>').map((r) => r.where), []);
});

test('every regular expression in src/analysis runs in linear time (recheck)', () => {
  const unsafe = all
    .filter((r) => r.source !== '<built at run time>')
    .map((r) => ({ r, result: checkSync(r.source, r.flags.replace(/[gy]/g, ''), { timeout: CHECK_TIMEOUT_MS }) }))
    .filter(({ result }) => result.status !== 'safe')
    .map(({ r, result }) =>
      result.status === 'vulnerable'
        ? `${r.where} /${r.source}/ is ${result.complexity.type}: e.g. ${JSON.stringify(result.attack.string).slice(0, 80)}`
        : `${r.where} /${r.source}/ could not be proved safe (${result.status})`,
    );
  assert.deepEqual(unsafe, []);
});
