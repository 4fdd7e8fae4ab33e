/** Every text a user would read in a Block Kit array, joined by newlines (for assertions). */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'text' && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}
