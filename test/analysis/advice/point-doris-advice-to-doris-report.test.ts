/**
 * A doris_be kill read together with its be.INFO: the kernel event's `doris-mem-limit` advice does
 * not repeat (with placeholders, or with the kernel's RAM instead of the BE's physical memory) the
 * be.conf values the Doris report computes; it points to them and keeps what the kernel log tells.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText, createAnalyzer } from '../../../src/analysis/analyze.js';
import { buildOomEvent } from '../../../src/analysis/kernel/verdict/build-oom-event.js';
import { withKernelAdvice } from '../../../src/analysis/advice/advise.js';
import type { RawOomEvent } from '../../../src/analysis/kernel/parse/raw-event.js';

import { pointDorisAdviceToDorisReport } from '../../../src/analysis/advice/point-doris-advice-to-doris-report.js';
import type { DorisReport, OomEvent, Report } from '../../../src/analysis/report/report-schema.js';
import { fixture } from '../doris/doris-test-lines.js';
import { rawBuilder } from '../kernel/parse/raw-event-builder.js';

/** One kernel event through the verdict and the advice. */
const judge = (raw: RawOomEvent): OomEvent => withKernelAdvice(buildOomEvent(raw));

/** `<10% of RAM in bytes>`, `<bytes>`: anything a user would have to fill in by hand. */
const PLACEHOLDER = /<[^>\n]+>/;
const kernelAdvice = (r: Report): OomEvent['suggestions'][number] | undefined => r.events[0]?.suggestions.find((s) => s.id === 'doris-mem-limit');
const textOf = (s: { detail: string; commands: { run: string }[] }): string => [s.detail, ...s.commands.map((c) => c.run)].join('\n');

/** test/cli/fixtures (SOURCES.md there): a full 5.10 dump killing doris_be on a 61 GiB host, and its be.INFO (60.00 GB physical). */
function dumpAndBeInfo(): Report {
  const analyzer = createAnalyzer();
  for (const name of ['doris-be-killed.dmesg-T.log', 'doris-2.1.5-two-summaries.be.INFO']) {
    analyzer.feed(readFileSync(new URL(`../../cli/fixtures/${name}`, import.meta.url), 'utf8'));
    analyzer.endSource();
  }
  return analyzer.end();
}

const dorisBe = judge(rawBuilder().header('doris_be').taskIn('/', 'host').pagesRam(15990784).killed(12345, 'doris_be', { anonRssKb: 58720256 }).build());
const dorisReport = analyzeText(fixture('be-2.1.5-summary-block.INFO'), { killTime: '2024-07-18 15:03:59' }).doris!;

describe('a doris_be kill and its be.INFO in one input', () => {
  test('seed 000 kill line + be.INFO: the kernel advice points to the Doris be.conf values, without a placeholder', () => {
    const report = analyzeText(fixture('dmesg-T-kill-then-be-2.1.5.log'));
    const advice = kernelAdvice(report);
    assert.ok(advice, 'the doris-mem-limit id is kept');
    assert.doesNotMatch(textOf(advice), PLACEHOLDER);
    assert.match(advice.detail, /^doris_be \(pid 360303\) held 59\.39 GiB when killed\./, 'the kernel-side fact stays');
    assert.match(advice.detail, /physical memory \(60 GiB\)/);
    assert.match(advice.detail, /mem_limit and max_sys_mem_available_low_water_mark_bytes/);
    assert.doesNotMatch(textOf(advice), /6442450944|80%|48 GiB/, 'the Doris numbers are not repeated');
    assert.doesNotMatch(textOf(advice), /Memory Tracker Summary/, 'be.INFO has already been read');
    const doris = report.doris?.suggestions.find((s) => s.id === 'doris-low-water-mark');
    assert.deepEqual(doris?.commands.map((c) => c.run), ['max_sys_mem_available_low_water_mark_bytes = 6442450944']);
  });

  test('a full dump (61 GiB of pages RAM) + be.INFO (60.00 GB): one low water mark value in the whole report, the Doris one', () => {
    const report = dumpAndBeInfo();
    const json = JSON.stringify(report);
    assert.ok(json.includes('6442450944'), '10% of the 60 GiB be.INFO shows');
    assert.ok(!json.includes('6549825126'), '10% of the kernel RAM (61 GiB) would be a second, different value');
    assert.match(kernelAdvice(report)!.detail, /^doris_be \(pid 12345\) held 56 GiB when killed\./);
  });

  test('any doris_be kill, given a Doris report with the physical memory: same ids in the same order, one of them now the pointer', () => {
    const [after] = pointDorisAdviceToDorisReport([dorisBe], dorisReport);
    assert.deepEqual(after!.suggestions.map((s) => s.id), dorisBe.suggestions.map((s) => s.id));
    assert.match(after!.suggestions.find((s) => s.id === 'doris-mem-limit')!.title, /see the be\.conf values from be\.INFO/);
  });
});

describe('the kernel advice stays as it is', () => {
  test('with no Doris report', () => {
    assert.deepEqual(pointDorisAdviceToDorisReport([dorisBe], null), [dorisBe]);
  });

  test('when be.INFO does not show the physical memory (the Doris advice has no numbers then)', () => {
    const noPhysical: DorisReport = { ...dorisReport, physicalBytes: null };
    assert.deepEqual(pointDorisAdviceToDorisReport([dorisBe], noPhysical), [dorisBe]);
  });

  test('when the victim is not the Doris BE', () => {
    const mysqld = judge(rawBuilder().header('mysqld').taskIn('/', 'host').pagesRam(1048576).killed(3, 'mysqld', { anonRssKb: 900000 }).build());
    assert.deepEqual(pointDorisAdviceToDorisReport([mysqld], dorisReport), [mysqld]);
  });
});
