/**
 * A busy BE logs a query-end line every few lines; the Doris parser asks the streaming driver only
 * for the end lines of the queries it saw cancelled (task-end-keywords.ts). These tests run the
 * whole analyser, so the driver's keyword search decides which lines the parser reads. Input: the
 * 2.1.5+ excerpt (be-2.1.5-summary-block.INFO) with its query-end line moved and other queries'
 * end lines, in the format of reference §4d, added around it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../../src/analysis/analyze.js';
import { ANY_TASK_END, MAX_AWAITED_TASKS, taskEndKeywords } from '../../../../src/analysis/doris/parse/task-end-keywords.js';
import { createCancelLog, MAX_TASKS, type CancelRecord } from '../../../../src/analysis/doris/parse/cancel-log.js';
import { fixture } from '../doris-test-lines.js';

const base = fixture('be-2.1.5-summary-block.INFO');
const CANCELLED = '5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b';

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const otherId = (i: number): string => `${hex(i, 16)}-${hex(i * 7919, 16)}`;
const queryEnd = (time: string, id: string): string =>
  `I20240718 ${time} 23817 query_context.cpp:163] Query ${id} deconstructed, , deregister query/load memory tracker, queryId=${id}, Limit=2.00 GB, CurrUsed=0, PeakUsed=1.00 GB`;
const cancelLine = (time: string, id: string): string =>
  `I20240718 ${time} 12345 fragment_mgr.cpp:1012] Query ${id} is cancelled and removed. Reason: Process memory not enough, cancel top memory used query: <Query#Id=${id}> consumption 1.00 GB, backend 10.16.10.8. Execute again after enough memory, details see be.INFO.`;

/** The excerpt without its own query-end line, then `lines`. */
const excerptThen = (lines: string[]): string => [...base.split('\n').filter((l) => !l.includes('deconstructed') && l !== ''), ...lines].join('\n') + '\n';

const stuck = (text: string): string | undefined => analyzeText(text).doris?.findings.find((f) => f.id === 'query_cancel_stuck')?.detail;

test('the cancelled query’s end is found among thousands of other queries’ ends', () => {
  const others = Array.from({ length: 5000 }, (_, i) => queryEnd(`15:03:${String(42 + Math.floor(i / 200)).padStart(2, '0')}.${hex(i, 6).replace(/[a-f]/g, '0')}`, otherId(i)));
  const text = excerptThen([...others, queryEnd('15:04:21.402219', CANCELLED), ...others.slice(0, 100)]);
  assert.match(stuck(text) ?? '', /Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b took 40\.3 s from cancel to release/);
});

test('an end line in the older `Deregister …` form, or with the id in capitals, is found too', () => {
  const older = `I20240718 15:04:21.402219 23817 mem_tracker_limiter.cpp:201] Deregister query/load memory tracker, queryId=${CANCELLED}, Limit=2.00 GB, CurrUsed=0, PeakUsed=38.38 GB`;
  assert.match(stuck(excerptThen([queryEnd('15:03:50.000001', otherId(1)), older])) ?? '', /took 40\.3 s from cancel to release/);
  const upper = base.replace(`<Query#Id=${CANCELLED}>`, `<Query#Id=${CANCELLED.toUpperCase()}>`);
  const text = [...upper.split('\n').filter((l) => !l.includes('deconstructed') && l !== ''), queryEnd('15:04:21.402219', CANCELLED)].join('\n');
  assert.match(stuck(text) ?? '', /took 40\.3 s from cancel to release/);
});

test(`with more than ${MAX_AWAITED_TASKS} cancelled queries still running, every end line is read again`, () => {
  // Cancelled before the excerpt's own cancel, so that one is still among the cancels the report lists.
  const cancels = Array.from({ length: MAX_AWAITED_TASKS + 6 }, (_, i) => cancelLine(`15:03:30.${hex(i + 1, 6).replace(/[a-f]/g, '1')}`, otherId(i + 1)));
  const text = cancels.join('\n') + '\n' + excerptThen([queryEnd('15:03:50.000001', otherId(1000)), queryEnd('15:04:21.402219', CANCELLED)]);
  assert.match(stuck(text) ?? '', /Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b took 40\.3 s from cancel to release/);
});

test('the keywords name each awaited id as printed and in lower case, and fall back to every end line beyond the cap', () => {
  const record = (task: string, key: string): CancelRecord => ({ task, key, time: null, at: { line: 1, text: '' }, consumptionBytes: null, endTime: null, endAt: null });
  assert.deepEqual(taskEndKeywords([record('Query#Id=AB-CD', 'ab-cd')], 1), ['queryId=AB-CD', 'queryId=ab-cd']);
  assert.deepEqual(taskEndKeywords([], 0), []);
  const many = Array.from({ length: MAX_AWAITED_TASKS + 1 }, (_, i) => record(`Query#Id=${otherId(i)}`, otherId(i)));
  assert.equal(taskEndKeywords(many.slice(0, MAX_AWAITED_TASKS), MAX_AWAITED_TASKS).length, MAX_AWAITED_TASKS);
  assert.deepEqual(taskEndKeywords(many, many.length), ANY_TASK_END);
  // A label that no end line can print as one token: only the generic search can find its end.
  assert.deepEqual(taskEndKeywords([record('Load label one', 'load label one')], 1), ANY_TASK_END);
});

test('the cancel log counts the tasks awaiting their end as it lists them, through ends, repeats and eviction', () => {
  const log = createCancelLog();
  const at = { line: 1, text: '' };
  const check = (): void => assert.equal(log.awaitingCount, [...log.awaiting()].length);
  for (let i = 0; i < MAX_TASKS + 50; i++) {
    log.cancel(`Query#Id=${otherId(i)}`, otherId(i), null, null, at);
    if (i % 3 === 0) log.end(otherId(i), null, at);
    if (i % 7 === 0) log.cancel(`Query#Id=${otherId(i)}`, otherId(i), null, null, at); // again: after its end, or while running
    check();
  }
  const before = log.version;
  log.end([...log.awaiting()][0]!.key, null, at);
  assert.notEqual(log.version, before);
  check();
});
