/** The answer by definition: the leftmost start in [from, to) of any keyword. */
export function naiveFind(data: Buffer, keywords: Buffer[], from: number, to: number): number {
  let best = -1;
  for (const k of keywords) {
    const at = data.indexOf(k, from);
    if (at !== -1 && at < to && (best === -1 || at < best)) best = at;
  }
  return best;
}
