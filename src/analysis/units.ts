/** Size helpers shared by the verdict and the suggestions: how kernel kB numbers read in a sentence. */

/**
 * cgroup "no limit" prints as PAGE_COUNTER_MAX in kB: 9007199254740988kB (64-bit, 4.x+) or
 * 18014398509481983kB (3.x res_counter). No real machine has 1 EiB (2^50 kB), so anything at or
 * above that is "unlimited".
 */
const UNLIMITED_FROM_KB = 2 ** 50;

export function isUnlimitedKb(kb: number): boolean {
  return kb >= UNLIMITED_FROM_KB;
}

/** "200 MiB", "1.5 GiB", "512 kB", "unlimited". */
export function formatKb(kb: number): string {
  if (isUnlimitedKb(kb)) return 'unlimited';
  if (kb < 1024) return `${trim(kb)} kB`;
  const mib = kb / 1024;
  if (mib < 1024) return `${trim(mib)} MiB`;
  const gib = mib / 1024;
  if (gib < 1024) return `${trim(gib)} GiB`;
  return `${trim(gib / 1024)} TiB`;
}

function trim(n: number): string {
  const rounded = n >= 100 ? Math.round(n) : Math.round(n * 10) / 10;
  return String(rounded);
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

/** "0-1,3" (kernel %*pbl node list) → [0, 1, 3]; null when unreadable. At most 1024 nodes (MAX_NUMNODES). */
export function parseNodeList(text: string): number[] | null {
  const nodes = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,4})(?:-(\d{1,4}))?\s*$/.exec(part);
    if (m === null) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to >= 1024) return null;
    for (let n = from; n <= to; n++) nodes.add(n);
  }
  return nodes.size > 0 ? [...nodes].sort((a, b) => a - b) : null;
}

/** [0, 1, 3] → "0-1,3". */
export function formatNodeList(nodes: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < nodes.length) {
    let j = i;
    while (j + 1 < nodes.length && nodes[j + 1] === nodes[j]! + 1) j++;
    parts.push(j > i ? `${nodes[i]}-${nodes[j]}` : `${nodes[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}
