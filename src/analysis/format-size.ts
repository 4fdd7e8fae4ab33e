/**
 * Sizes for people: the kernel prints kB (KiB) and Doris prints bytes; a reader wants "1.35 GiB".
 * The exact numbers stay in the JSON report; these strings are for text, markdown and Slack.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * The kernel prints "no limit" as PAGE_COUNTER_MAX pages in kB (9007199254740988kB on x86-64);
 * anything at or above 2^52 kB (4 EiB) is that sentinel, not a real limit.
 */
const UNLIMITED_KB = 2 ** 52;

/** 1536 → "1.50 KiB", 131380 KiB → "128 MiB": two decimals below 100 (as Doris prints GB), binary units; the sign is kept. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return 'unknown';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 100 ? 2 : 0;
  return `${sign}${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Kernel kB values (KiB): 131380 → "128 MiB"; the no-limit sentinel → "unlimited". */
export function formatKb(kb: number | null): string {
  if (kb === null || !Number.isFinite(kb)) return 'unknown';
  if (kb >= UNLIMITED_KB) return 'unlimited';
  return formatBytes(kb * 1024);
}

/** A limit in bytes where Doris uses -1 for "none". */
export function formatLimitBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  if (bytes < 0) return 'none';
  return formatBytes(bytes);
}

/** 0.4231 → "42%"; below 1% one decimal ("<0.1%" below that), so a small share is not read as zero. */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return 'unknown';
  const pct = share * 100;
  if (pct > 0 && pct < 0.1) return '<0.1%';
  if (pct > 0 && pct < 1) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** Seconds for a reader: 0.25 → "0.25 s", 95 → "1 min 35 s". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'unknown';
  const abs = Math.abs(seconds);
  if (abs < 10) return `${Number(seconds.toFixed(2))} s`;
  if (abs < 120) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(abs / 60);
  const rest = Math.round(abs - minutes * 60);
  return `${seconds < 0 ? '-' : ''}${minutes} min${rest > 0 ? ` ${rest} s` : ''}`;
}
