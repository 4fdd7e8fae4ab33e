/**
 * Byte values as Doris prints them (reference/doris-memory-logs.md §1): `PrettyPrinter::print(v,
 * TUnit::BYTES)` gives `0` or `43.95 GB` (two decimals, 1024-based, units B/KB/MB/GB only, no TB even
 * for `1461.01 GB`), tracker rows add the exact value in parentheses, `1.00 GB(1073741824 B)`,
 * and negatives occur (`-6.26 MB(-6560424 B)` for Orphan, `-1.00 B(-1 B)` for "no limit").
 * Read by hand, not by regex: these are scanned inside arbitrary (possibly huge) lines.
 */

const UNIT: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

export interface SizeAt {
  bytes: number;
  /** Offset just after the value (and its unit). */
  end: number;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Reads `-?digits(.digits)?` at `pos`; null when there is no number there. */
function readNumber(text: string, pos: number): { value: number; end: number } | null {
  let i = pos;
  if (text.charCodeAt(i) === 45 /* - */) i++;
  const digitsStart = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsStart) return null;
  if (text.charCodeAt(i) === 46 /* . */ && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  const value = Number(text.slice(pos, i));
  return Number.isFinite(value) ? { value, end: i } : null;
}

/**
 * A pretty-printed size at `pos`: `0`, `43.95 GB`, `-1.00 B`, also the hand-edited `1 GB` of the
 * docs and `0B` (the `waiting_refresh` term prints a raw integer glued to `B`). A bare number with
 * no unit counts as bytes.
 */
export function readPrettySize(text: string, pos: number): SizeAt | null {
  const n = readNumber(text, pos);
  if (n === null) return null;
  let i = n.end;
  if (text.charCodeAt(i) === 32) i++;
  for (const unit of ['KB', 'MB', 'GB', 'TB', 'B']) {
    if (text.startsWith(unit, i)) {
      const after = text.charCodeAt(i + unit.length);
      // `B` must end the token (`0B[waiting_refresh]` is fine, `Bytes` is not a unit here).
      if (!(after >= 65 && after <= 90) && !(after >= 97 && after <= 122)) {
        return { bytes: Math.round(n.value * UNIT[unit]!), end: i + unit.length };
      }
    }
  }
  return { bytes: Math.round(n.value), end: n.end };
}

/** A plain integer at `pos` (raw byte counts such as `memory consumption: 33285996544`). */
export function readInteger(text: string, pos: number): SizeAt | null {
  const n = readNumber(text, pos);
  if (n === null || !Number.isInteger(n.value)) return null;
  return { bytes: n.value, end: n.end };
}

/**
 * A tracker-row value `1.00 GB(1073741824 B)` (the segment between `Used=` and the next `, `):
 * the raw bytes in parentheses when present (they are exact; docs sometimes hand-edit the pretty
 * part), else the pretty part.
 */
export function readTrackerValue(segment: string): number | null {
  const open = segment.lastIndexOf('(');
  if (open !== -1 && segment.endsWith(' B)')) {
    const raw = readInteger(segment, open + 1);
    if (raw !== null && raw.end === segment.length - 3) return raw.bytes;
  }
  const pretty = readPrettySize(segment, 0);
  return pretty === null ? null : pretty.bytes;
}

/** The size printed right after `marker` (first occurrence at or after `from`), or null. */
export function sizeAfter(text: string, marker: string, from = 0): number | null {
  const at = text.indexOf(marker, from);
  if (at === -1) return null;
  const size = readPrettySize(text, at + marker.length);
  return size === null ? null : size.bytes;
}
