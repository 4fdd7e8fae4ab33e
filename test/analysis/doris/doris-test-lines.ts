/**
 * Test helper: turns fixture text into the InputLines the Doris parser receives from the input
 * layer (glog lines as format 'doris-be' with the message as body, `dmesg -T` lines with their
 * time, everything else 'plain'), without depending on the input-format work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputLine } from '../../../src/analysis/input/input-line.js';
import { parseGlogPrefix } from '../../../src/analysis/input/parse-glog-prefix.js';
import { createDorisParser, type DorisFinishOptions } from '../../../src/analysis/doris/parse/parse-be-info.js';
import type { DorisReport } from '../../../src/analysis/report/report-schema.js';
import { adviseDoris } from '../../../src/analysis/advice/advise.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/doris');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function toLines(text: string, firstLine = 1): InputLine[] {
  const raws = text.split('\n');
  if (raws[raws.length - 1] === '') raws.pop();
  return raws.map((raw, i) => {
    const line = firstLine + i;
    const glog = parseGlogPrefix(raw);
    if (glog !== null) return { line, raw, format: 'doris-be', time: glog.time, host: null, body: glog.message.trimEnd() };
    const dmesg = /^\[\w{3} (\w{3}) +(\d+) (\d\d:\d\d:\d\d) (\d{4})\] (.*)$/.exec(raw);
    if (dmesg !== null) {
      const month = String(MONTHS.indexOf(dmesg[1]!) + 1).padStart(2, '0');
      const time = `${dmesg[4]}-${month}-${dmesg[2]!.padStart(2, '0')}T${dmesg[3]}`;
      return { line, raw, format: 'dmesg-T', time, host: null, body: dmesg[5]! };
    }
    return { line, raw, format: 'plain', time: null, host: null, body: raw.trimEnd() };
  });
}

/** Feeds every line (as a small input would be) and finishes. */
export function parseDoris(text: string, opts: Partial<DorisFinishOptions> = {}): DorisReport | null {
  const parser = createDorisParser();
  for (const line of toLines(text)) parser.push(line);
  const verdict = parser.finish({ killTimes: opts.killTimes ?? [], killTimeOverride: opts.killTimeOverride ?? null });
  return verdict === null ? null : { ...verdict.report, suggestions: adviseDoris(verdict.context, verdict.report.findings) };
}

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
