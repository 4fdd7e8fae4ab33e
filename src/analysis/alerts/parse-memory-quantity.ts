/**
 * Memory sizes as alerts print them: Kubernetes quantities (`512Mi`, `1Gi`, `500M`), byte units
 * (`300MB`, `256 MiB`, `2813MB`) and plain byte counts. `MB`/`GB` are decimal unless the sender is
 * known to mean binary (Robusta prints `bytes / 1024 / 1024` as `MB`), which the caller says.
 */

const QUANTITY = /^(\d{1,15}(?:\.\d{1,9})?)\s?([A-Za-z]{0,3})$/;

const BINARY: Readonly<Record<string, number>> = {
  ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};
const DECIMAL: Readonly<Record<string, number>> = {
  '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12,
};
const BINARY_WHEN_ASKED: Readonly<Record<string, number>> = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40 };

export interface QuantityOptions {
  /** Read `MB`, `GB`, … as powers of 1024 (the sender divides by 1024 and prints `MB`). */
  bytesUnitsAreBinary?: boolean;
}

/** Bytes in a printed memory size, or null when the text is not one. */
export function parseMemoryQuantity(text: string, options: QuantityOptions = {}): number | null {
  const m = QUANTITY.exec(text.trim());
  if (m === null) return null;
  const unit = m[2]!.toLowerCase();
  const factor =
    BINARY[unit] ?? (options.bytesUnitsAreBinary === true ? BINARY_WHEN_ASKED[unit] : undefined) ?? DECIMAL[unit];
  // `m` alone is milli in Kubernetes quantities; nobody prints memory in millibytes but `M` they do.
  if (factor === undefined || m[2] === 'm') return null;
  return Math.round(Number(m[1]) * factor);
}
