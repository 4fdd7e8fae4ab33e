/**
 * Rows of the "Memory Profile" shape (reference §3d, PR apache/doris#41310, master from ≈2024-10 and
 * some 3.x builds): RuntimeProfile pretty-prints where a section is `  Name:` and a counter is
 * `     - PhysicalMemory(VmRSS) Current: 5.85 GB (Peak: 7.13 GB)` or `     - Limit: 2.00 GB`.
 * The indent gives the nesting. Values are pretty-printed only (no raw bytes in this shape).
 */
import { readPrettySize } from './read-byte-size.js';

export type ProfileRow =
  | { kind: 'section'; indent: number; name: string }
  | { kind: 'counter'; indent: number; name: string; current: number | null; peak: number | null };

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i;
}

export function parseProfileRow(text: string): ProfileRow | null {
  const indent = indentOf(text);
  const row = text.slice(indent).trimEnd();
  if (row.length === 0) return null;
  if (row.startsWith('- ')) {
    const current = row.indexOf(' Current: ');
    if (current !== -1) {
      const peakAt = row.indexOf('(Peak: ', current);
      return {
        kind: 'counter',
        indent,
        name: row.slice(2, current),
        current: readPrettySize(row, current + ' Current: '.length)?.bytes ?? null,
        peak: peakAt === -1 ? null : (readPrettySize(row, peakAt + '(Peak: '.length)?.bytes ?? null),
      };
    }
    const colon = row.indexOf(': ');
    if (colon === -1) return null;
    return { kind: 'counter', indent, name: row.slice(2, colon), current: readPrettySize(row, colon + 2)?.bytes ?? null, peak: null };
  }
  if (row.endsWith(':')) return { kind: 'section', indent, name: row.slice(0, -1) };
  return null;
}
