/** Sizes in sentences the way Doris prints them (1024-based, two decimals), so users can grep. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  for (const unit of ['B', 'KB', 'MB', 'GB']) {
    if (v < 1024 || unit === 'GB') return `${sign}${unit === 'B' ? String(v) : v.toFixed(2)} ${unit}`;
    v /= 1024;
  }
  return `${sign}${v.toFixed(2)} GB`;
}

/** A ratio as a whole percentage: 0.9137 → `91%`. */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
