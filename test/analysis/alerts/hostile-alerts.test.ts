/**
 * Incident channels carry whatever integrations and people post: the alert reader must answer for
 * any message, never throw, always give schema-valid facts, and stay linear on pathological text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { AlertFacts } from '../../../src/analysis/alerts/alert-facts.js';
import { readAlert } from '../../../src/analysis/alerts/read-alert.js';

const FIXTURES = new URL('../../fixtures/alerts/', import.meta.url);
const fixtureTexts = readdirSync(FIXTURES)
  .filter((n) => !n.endsWith('.md'))
  .map((n) => readFileSync(new URL(n, FIXTURES), 'utf8'));

/** Pieces of real alerts, so random messages reach deep into the readers, not just the first check. */
const fragments = fixtureTexts.flatMap((t) => t.split(/[\n"]/)).filter((s) => s.trim() !== '');

const validOrNull = (message: unknown): void => {
  const facts = readAlert(message);
  if (facts !== null) assert.equal(AlertFacts.safeParse(facts).success, true, JSON.stringify(message).slice(0, 300));
};

test('any message built from pieces of real alerts reads as valid facts or as nothing', () => {
  const text = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 40 })), { maxLength: 12 }).map((a) => a.join('\n'));
  const message = fc.record(
    {
      text,
      username: fc.constantFrom('AlertManager', 'Grafana', 'Robusta', 'x'),
      attachments: fc.array(fc.record({ title: text, text, fallback: text, footer: text, fields: fc.array(fc.record({ title: text, value: text }), { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 2 }),
      blocks: fc.array(fc.record({ type: fc.constantFrom('section', 'header', 'context', 'rich_text'), text: fc.record({ type: fc.constant('mrkdwn'), text }) }), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  );
  fc.assert(fc.property(message, validOrNull), { numRuns: 1500 });
});

test('anything at all: no throw', () => {
  fc.assert(fc.property(fc.anything(), (v) => { validOrNull(v); }), { numRuns: 1000 });
});

test('pathological lines are read in linear time', () => {
  const n = 60_000;
  const lines = [
    '<'.repeat(n),
    '{'.repeat(n) + '}',
    'map['.repeat(n / 4) + ']',
    '(a="'.repeat(n / 4) + ')',
    '• k: v '.repeat(n / 8),
    '- k = '.repeat(n / 6),
    'Container api in pod '.repeat(n / 20),
    'OOMKilled '.repeat(n / 10),
    '[FIRING:1] ' + 'A'.repeat(n),
    'k: '.repeat(n / 3),
  ];
  for (const line of lines) {
    const started = performance.now();
    validOrNull({ text: line, attachments: [{ title: line, text: line }] });
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `${JSON.stringify(line.slice(0, 20))}… took ${Math.round(ms)} ms`);
  }
});
