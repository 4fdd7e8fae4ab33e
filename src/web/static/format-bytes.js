// @ts-check
/**
 * The page's one size formatter, for the one size it knows before the server answers: the chosen
 * file's. Every size in a report arrives already written by src/analysis/units.ts; this is that
 * file's formatBytes rule for rule (binary units, two decimals below 100 with trailing zeros
 * dropped), and test/web/format-bytes.test.ts holds the two to the same answers.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB"; the sign is kept; null → "unknown". @param {number | null} bytes */
export function formatBytes(bytes) {
  if (bytes === null || !Number.isFinite(bytes)) return 'unknown';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 100 ? String(Number(value.toFixed(2))) : String(Math.round(value));
  return `${sign}${digits} ${UNITS[unit]}`;
}
