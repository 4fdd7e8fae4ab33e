/**
 * Sizes, shares and durations for people, one way everywhere (CLI, markdown, Slack, the advice's
 * sentences): binary units (KiB, MiB, GiB — what the kernel's kB and Doris' KB/MB/GB mean),
 * two decimals below 100 with trailing zeros dropped ("70.14 MiB", "1.5 GiB", "128 MiB").
 * The exact numbers stay in the JSON report.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * cgroup "no limit" prints as PAGE_COUNTER_MAX in kB: 9007199254740988kB (64-bit, 4.x+) or
 * 18014398509481983kB (3.x res_counter). No real machine has 1 EiB (2^50 kB), so anything at or
 * above that is "unlimited".
 */
const UNLIMITED_FROM_KB = 2 ** 50;

export function isUnlimitedKb(kb: number): boolean {
  return kb >= UNLIMITED_FROM_KB;
}

/** 1536 → "1.5 KiB", 134533120 → "128.3 MiB"; the sign is kept; null → "unknown". */
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
  const digits = value < 100 ? String(Number(value.toFixed(2))) : String(Math.round(value));
  return `${sign}${digits} ${UNITS[unit]}`;
}

/** Kernel kB values: 131380 → "128.3 MiB"; the no-limit sentinel → "unlimited". */
export function formatKb(kb: number | null): string {
  if (kb === null || !Number.isFinite(kb)) return 'unknown';
  if (isUnlimitedKb(kb)) return 'unlimited';
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

/** Seconds for a reader: 0.25 → "0.25 s", 95 → "1 min 35 s", 11700 → "3 h 15 min". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'unknown';
  const abs = Math.abs(seconds);
  if (abs < 10) return `${Number(seconds.toFixed(2))} s`;
  if (abs < 120) return `${Math.round(seconds)} s`;
  const sign = seconds < 0 ? '-' : '';
  if (abs >= 7200) {
    // Hours apart (kills in one log): minutes are precise enough.
    const hours = Math.floor(abs / 3600);
    const mins = Math.round((abs - hours * 3600) / 60);
    return `${sign}${hours} h${mins > 0 ? ` ${mins} min` : ''}`;
  }
  const minutes = Math.floor(abs / 60);
  const rest = Math.round(abs - minutes * 60);
  return `${sign}${minutes} min${rest > 0 ? ` ${rest} s` : ''}`;
}

/** kB → whole MiB, rounded up (for settings that take MiB). */
export function ceilMiB(kb: number): number {
  return Math.ceil(kb / 1024);
}

/** kB → bytes, for sysfs files that take bytes. */
export function kbToBytes(kb: number): number {
  return Math.round(kb * 1024);
}

/** kB → GiB with one decimal, rounded down (for settings that take GB, e.g. wiredTigerCacheSizeGB). */
export function floorGiB1(kb: number): number {
  return Math.floor((kb / 1024 / 1024) * 10) / 10;
}
