/** NUMA node lists as the kernel prints them (`%*pbl`: "0-1,3"). */

/** "0-1,3" → [0, 1, 3]; null when unreadable. At most 1024 nodes (MAX_NUMNODES). */
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
