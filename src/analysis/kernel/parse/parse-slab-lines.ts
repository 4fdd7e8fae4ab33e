/**
 * SLUB allocation failures (slab_out_of_memory, mm/slub.c, 3.x+): `SLUB: Unable to allocate memory
 * on node -1 (gfp=0x50)` then `  cache: ext4_inode_cache(2:test), object size: 920, …`. With cgroup
 * v1 kmem accounting (3.8–5.8) each memory cgroup has its own copy of a cache, named
 * `<cache>(<css id>:<cgroup name>)`: a failure in such a copy is the cgroup's kmem limit.
 */
import type { KernelLine } from './kernel-line-kinds.js';

export function parseSlubCache(text: string): KernelLine | null {
  // `cache: NAME, object size:` — NAME ends at the first comma.
  const start = 'cache: '.length;
  const comma = text.indexOf(',', start);
  if (comma === -1 || !text.startsWith(' object size:', comma + 1)) return null;
  const name = text.slice(start, comma);
  const open = name.lastIndexOf('(');
  if (open === -1 || !name.endsWith(')')) return { kind: 'slubCache', cache: name, cgroup: null };
  const inside = name.slice(open + 1, -1);
  const colon = inside.indexOf(':');
  const cgroup = colon === -1 ? null : inside.slice(colon + 1);
  return { kind: 'slubCache', cache: name, cgroup: cgroup === '' ? null : cgroup };
}
