/** Test helper: feeds the kernel OOM parser InputLines built from message bodies, without the prefix stripper. */
import { createOomParser } from '../../../../src/analysis/kernel/parse/parse-oom-dump.js';
import { createLineDriver } from '../../../../src/analysis/stream/line-driver.js';
import type { InputLine } from '../../../../src/analysis/input/input-line.js';
import type { RawOomEvent } from '../../../../src/analysis/kernel/parse/raw-event.js';

export type LineSpec = string | (Partial<InputLine> & { body: string });

/** Lines are numbered 1… in order unless a spec gives its own `line`; `raw` defaults to the body. */
export function toLines(specs: readonly LineSpec[]): InputLine[] {
  return specs.map((spec, i) => {
    const s = typeof spec === 'string' ? { body: spec } : spec;
    return { line: s.line ?? i + 1, raw: s.raw ?? s.body, format: s.format ?? 'dmesg', time: s.time ?? null, host: s.host ?? null, program: s.program ?? null, body: s.body };
  });
}

/** Pushes every line (as the driver does while a dump is open) and returns the events emitted. */
export function parseLines(specs: readonly LineSpec[]): RawOomEvent[] {
  const events: RawOomEvent[] = [];
  const parser = createOomParser({ onEvent: (e) => events.push(e) });
  for (const line of toLines(specs)) parser.push(line);
  parser.end();
  return events;
}

/** Splits a block of text into bodies (one per line), dropping a leading/trailing empty line. */
export function bodies(text: string): string[] {
  return text.replace(/^\n/, '').replace(/\n$/, '').split('\n');
}

/** The real pipeline up to the kernel parser: line driver (keyword prefilter) → prefix stripper → parser. */
export function rawEventsFromText(text: string | Uint8Array, chunkSizes: readonly number[] = []): RawOomEvent[] {
  const events: RawOomEvent[] = [];
  const parser = createOomParser({ onEvent: (e) => events.push(e) });
  const driver = createLineDriver([parser]);
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  let at = 0;
  for (const size of chunkSizes) {
    driver.feed(bytes.subarray(at, Math.min(bytes.length, at + size)));
    at = Math.min(bytes.length, at + size);
  }
  driver.feed(bytes.subarray(at));
  driver.endSource();
  parser.end();
  return events;
}
