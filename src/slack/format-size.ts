/** Sizes and shares as people read them in a Slack reply. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return 'unknown';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const sign = bytes < 0 ? '-' : '';
  return unit === 0 ? `${sign}${value} B` : `${sign}${value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}

/** Kernel sizes are kB; the kernel's own number is kept beside the readable one. */
export function formatKb(kb: number | null): string {
  if (kb === null || !Number.isFinite(kb)) return 'unknown';
  // cgroup v1 prints "unlimited" as PAGE_COUNTER_MAX pages (9007199254740988kB on x86-64).
  if (kb >= 2 ** 52) return 'unlimited';
  return kb < 1024 ? `${kb} kB` : `${formatBytes(kb * 1024)} (${kb} kB)`;
}

export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '?';
  return `${Math.round(share * 100)}%`;
}

/** A ten-cell bar for a share in 0..1 (shares outside are clamped). */
export function shareBar(share: number, cells = 10): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  const full = Math.round(clamped * cells);
  return '█'.repeat(full) + '░'.repeat(cells - full);
}

export function padRight(s: string, width: number): string {
  return s.length >= width ? s.slice(0, width) : s + ' '.repeat(width - s.length);
}

export function padLeft(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}
