/**
 * Lines around a dump that are not the OOM report's own: call-trace frames that say which path
 * invoked the OOM killer, and an oops or panic that cut the report short.
 */
import type { KernelLine, OomPath } from './kernel-line-kinds.js';

/**
 * Function names that decide the OOM path, innermost first as the trace prints them. The memcg
 * charge path: `mem_cgroup_out_of_memory` (2.6.29+), `mem_cgroup_oom_synchronize` (3.12–4.x,
 * the deferred memcg OOM at the end of a page fault), `try_charge` (4.x) / `try_charge_memcg`
 * (5.15+) and the inlined `mem_cgroup_oom`. `pagefault_out_of_memory`: a fault returned
 * VM_FAULT_OOM and the kernel ran a global OOM with gfp_mask=0. `__alloc_pages_slowpath` /
 * `__alloc_pages_may_oom`: the page allocator itself.
 */
const PATH_FUNCTIONS: [string, OomPath][] = [
  ['mem_cgroup_out_of_memory', 'memcg'],
  ['mem_cgroup_oom', 'memcg'], // also mem_cgroup_oom_synchronize
  ['try_charge', 'memcg'], // also try_charge_memcg
  ['pagefault_out_of_memory', 'pagefault'],
  ['__alloc_pages_may_oom', 'page_allocator'],
  ['__alloc_pages_slowpath', 'page_allocator'],
];

/**
 * A call-trace frame naming an OOM path, or null. Frames come as `[<ffffffff8112c39e>]
 * pagefault_out_of_memory+0x65/0x77` (before 4.x), ` try_charge+0xd44/0x19b0 mm/memcontrol.c:2283`
 * (4.x+), ` mem_cgroup_oom mm/memcontrol.c:1721 [inline]` (syzbot) and ARM's `[<c0…>] (f+0x…) from
 * [<c0…>] (g+0x…)`. A frame marked `?` is a stale stack word, not a call, and is not read.
 */
export function readOomPathFrame(text: string): KernelLine | null {
  let rest = text;
  if (rest.startsWith('[<')) {
    const close = rest.indexOf('>]');
    if (close === -1) return null;
    rest = rest.slice(close + 2).trimStart();
  }
  if (rest.startsWith('? ')) return null;
  if (rest.startsWith('(')) rest = rest.slice(1);
  for (const [name, path] of PATH_FUNCTIONS) {
    if (!rest.startsWith(name)) continue;
    const after = rest.charCodeAt(name.length);
    // `name+0x…`, `name.constprop.0+0x…`, `name mm/x.c:1 [inline]`, `name_memcg+…` / `name_synchronize+…`.
    if (after === 0x2b /* + */ || after === 0x2e /* . */ || after === 0x20 /* space */ || after === 0x5f /* _ */ || after === 0x29 /* ) */) {
      return { kind: 'oomPathFrame', path };
    }
  }
  return null;
}

/** Openings of an oops, BUG or panic (never the OOM killer's own panic_on_oom line, read earlier). */
const OOPS_PREFIXES = ['BUG: ', 'kernel BUG at ', 'Oops: ', 'Oops ', 'general protection fault', 'Unable to handle kernel ', 'Kernel panic - not syncing'];

/** BUG reports after which the kernel carries on: a stall or a warning, not the end of the OOM report. */
const NON_FATAL_BUGS = ['BUG: soft lockup', 'BUG: workqueue lockup', 'BUG: sleeping function called', 'BUG: scheduling while atomic'];

export function isOops(text: string): boolean {
  for (const prefix of NON_FATAL_BUGS) if (text.startsWith(prefix)) return false;
  for (const prefix of OOPS_PREFIXES) if (text.startsWith(prefix)) return true;
  return false;
}
