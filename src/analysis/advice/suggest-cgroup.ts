/** Suggestions for a memory-cgroup OOM: raise the limit that was hit (with the tool that owns it) or find what grows. */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { has } from './suggestion-context.js';
import { describeCgroupOwner } from './describe-cgroup-owner.js';
import { formatKb, isUnlimitedKb, ceilMiB } from '../units.js';
import { RSS_ABOVE_LIMIT_WHY, victimRssKb } from '../kernel/verdict/victim-facts.js';
import { kernelHas, lacksText } from './kernel-era.js';

/**
 * A kill at the limit shows that demand exceeded it, not by how much: 25% more is a starting
 * point to watch (memory.peak / max_usage_in_bytes), not a sizing.
 */
export const LIMIT_HEADROOM = 1.25;
/** Usage more than 1% above the limit is above it for real (not the rounding of a sampled counter). */
const OVER_LIMIT = 1.01;

function v2File(path: string, file: string): string {
  return `/sys/fs/cgroup${path === '/' ? '' : path}/${file}`;
}
function v1File(path: string, file: string): string {
  return `/sys/fs/cgroup/memory${path === '/' ? '' : path}/${file}`;
}

/** When the log does not say which hierarchy, each command says which one it is for. */
function tagged(run: string, version: 1 | 2, v: 1 | 2 | null): string {
  return v === null ? `${run}  # cgroup v${version}` : run;
}

/** The v1 memory+swap limit when the log prints a finite one (memory.memsw.limit_in_bytes). */
function finiteMemsw(ctx: SuggestionContext): { usageKb: number; limitKb: number; failcnt: number | null } | null {
  const memsw = ctx.raw.memcgMemsw;
  return memsw !== null && !isUnlimitedKb(memsw.limitKb) ? memsw : null;
}

export function suggestCgroup(ctx: SuggestionContext): SuggestionDraft[] {
  if (ctx.cause !== 'cgroup_limit' && ctx.cause !== 'parent_cgroup_limit') return [];
  const m = ctx.memcg.memcg;
  const path = m?.oomPath ?? m?.taskPath ?? null;
  const out: SuggestionDraft[] = [];
  const limit = m?.limitKb ?? null;
  const finite = limit !== null && !isUnlimitedKb(limit);
  // Usage above the limit (a limit written below what the cgroup held): a new limit must clear the usage, not just the old limit.
  const usageKb = m?.usageKb ?? null;
  const overLimit = finite && usageKb !== null && usageKb > limit * OVER_LIMIT;
  const newMiB = finite ? ceilMiB((overLimit ? usageKb : limit) * LIMIT_HEADROOM) : null;
  const v = ctx.memcg.version;
  const onV1 = v !== 2;
  const onV2 = v !== 1;
  const hits = m?.failcnt !== null && m?.failcnt !== undefined ? ` and allocations hit it ${m.failcnt} time${m.failcnt === 1 ? '' : 's'} (failcnt)` : '';
  const limitText = finite ? `is ${formatKb(limit)}` : 'was reached';
  const victim = ctx.victim;
  const rss = victim !== null ? victimRssKb(victim) : null;
  // Above the limit: file pages charged elsewhere, or (when even its anonymous memory is) a limit set below what it held.
  const anonKb = victim !== null && victim.anonRssKb !== null ? victim.anonRssKb + (victim.shmemRssKb ?? 0) : null;
  const whyAbove = anonKb !== null && finite && anonKb > limit ? 'the limit was set lower than what the cgroup already held' : RSS_ABOVE_LIMIT_WHY;
  const beyond = rss !== null && finite && rss > limit ? ` (more than the ${formatKb(limit)} limit: ${whyAbove})` : '';
  const victimText = victim !== null ? ` ${victim.comm} (pid ${victim.pid}) was killed${rss !== null ? ` holding ${formatKb(rss)}${beyond}` : ''}.` : '';
  // v1: memory.limit_in_bytes may not exceed memory.memsw.limit_in_bytes (EINVAL), so memsw goes up first, keeping its swap allowance.
  const memsw = onV1 ? finiteMemsw(ctx) : null;
  const newMemswMiB = memsw !== null && newMiB !== null && limit !== null ? Math.max(ceilMiB(memsw.limitKb * LIMIT_HEADROOM), newMiB + ceilMiB(Math.max(0, memsw.limitKb - limit))) : null;
  const hasPeak = kernelHas(ctx, 'memoryPeak');

  const commands: string[] = [];
  if (path !== null) {
    // `grep .` prints each value after its file's name: bare numbers from `cat` are easily mixed up.
    if (onV2) commands.push(tagged(`grep . ${v2File(path, 'memory.current')}${hasPeak ? ` ${v2File(path, 'memory.peak')}` : ''} ${v2File(path, 'memory.events')}`, 2, v));
    if (onV1) commands.push(tagged(`grep . ${v1File(path, 'memory.usage_in_bytes')} ${v1File(path, 'memory.max_usage_in_bytes')} ${v1File(path, 'memory.failcnt')}`, 1, v));
    if (newMiB !== null) {
      if (onV2) commands.push(tagged(`echo ${newMiB}M | sudo tee ${v2File(path, 'memory.max')}`, 2, v));
      if (newMemswMiB !== null) commands.push(tagged(`echo ${newMemswMiB}M | sudo tee ${v1File(path, 'memory.memsw.limit_in_bytes')}`, 1, v));
      if (onV1) commands.push(tagged(`echo ${newMiB}M | sudo tee ${v1File(path, 'memory.limit_in_bytes')}`, 1, v));
    }
    commands.push(...ownerCommands(path, newMiB, v, memsw !== null ? newMemswMiB : null));
  }
  // The limit was hit only if the evidence says so: failcnt 0 means no charge ever failed against it.
  const neverHit = m?.failcnt === 0;
  const why = neverHit ? 'the memory limit itself was never hit (failcnt 0), so size it from memory.peak / max_usage_in_bytes rather than from this kill' : 'the kill shows demand reached it, not by how much';
  const files = v === 2 ? 'memory.max' : v === 1 ? 'memory.limit_in_bytes' : 'memory.max (v2) / memory.limit_in_bytes (v1)';
  const headroom = overLimit ? `25% above the usage of ${formatKb(usageKb)}, which was already above the limit` : '25% above the limit';
  const raise = newMiB !== null ? `raise ${files} to at least ${newMiB} MiB (${headroom}; ${why})${newMemswMiB !== null ? `, raising memory.memsw.limit_in_bytes first to ${newMemswMiB} MiB (v1 refuses a memory limit above the memory+swap limit)` : ''}` : 'raise the limit';
  const peakNote = onV2 && !hasPeak ? ` (${lacksText(ctx, 'memory.peak', 'memoryPeak')}: watch memory.current and memory.events instead.)` : '';
  if (ctx.cause === 'parent_cgroup_limit') {
    const child = m?.taskPath ?? 'the task\'s cgroup';
    out.push({
      id: 'raise-parent-cgroup-limit',
      title: `Parent cgroup ${path ?? ''} hit its limit, shared by its children`.replace('  ', ' '),
      detail: `The task's own cgroup ${child} did not reach its limit; its parent ${path ?? '(unknown)'} ${limitText}${hits}, and every child cgroup counts against it.${victimText} Either ${raise.replace('raise', 'raise the parent\'s')}, or lower the children's limits so that their sum fits, or find the child that grows.${peakNote}`,
      commands: [
        ...(path !== null && onV2 ? [tagged(`grep . ${v2File(path, '*/memory.current')}`, 2, v)] : []),
        ...(path !== null && onV1 ? [tagged(`grep . ${v1File(path, '*/memory.usage_in_bytes')}`, 1, v)] : []),
        ...commands,
      ],
    });
  } else {
    out.push({
      id: 'raise-cgroup-limit',
      title: `Cgroup ${path ?? ''} hit its memory limit`.replace('  ', ' '),
      detail: `The limit of cgroup ${path ?? '(path not printed)'} ${limitText}${hits}.${victimText} If the workload needs more, ${raise}; if its usage keeps growing, find the leak first (a higher limit only delays the next kill).${peakNote}`,
      commands,
    });
  }
  if (has(ctx, 'memsw_limit') && path !== null && ctx.raw.memcgMemsw !== null && onV1) {
    const raw = ctx.raw.memcgMemsw;
    const target = newMemswMiB ?? ceilMiB(raw.limitKb * LIMIT_HEADROOM);
    out.push({
      id: 'raise-memsw-limit',
      title: 'memory+swap limit reached too',
      detail: `memory+swap usage was ${formatKb(raw.usageKb)} of ${formatKb(raw.limitKb)}: cgroup v1 has no separate swap limit, memory.memsw.limit_in_bytes caps memory and swap together, so swap could not absorb the overflow. It must stay at least memory.limit_in_bytes: raise it first (to ${target} MiB), then the memory limit.`,
      commands: [tagged(`cat ${v1File(path, 'memory.memsw.limit_in_bytes')} ${v1File(path, 'memory.memsw.max_usage_in_bytes')}`, 1, v), tagged(`echo ${target}M | sudo tee ${v1File(path, 'memory.memsw.limit_in_bytes')}`, 1, v)],
    });
  }
  if (has(ctx, 'kmem_limit') && path !== null && ctx.raw.memcgKmem !== null) {
    const kmem = ctx.raw.memcgKmem;
    out.push({
      id: 'kmem-limit',
      title: 'Kernel-memory (kmem) limit reached',
      detail: `kmem usage was ${formatKb(kmem.usageKb)} of its ${formatKb(kmem.limitKb)} limit: kernel objects (dentries, inodes, sockets) charged to this cgroup ran out, not user memory. Look at what the cgroup's slab holds; the separate kmem limit is deprecated (cgroup v1 only), so remove it (-1) and let memory.limit_in_bytes cover kernel memory too.`,
      commands: [`sudo cat ${v1File(path, 'memory.kmem.slabinfo')}`, `echo -1 | sudo tee ${v1File(path, 'memory.kmem.limit_in_bytes')}`],
    });
  }
  return out;
}

function ownerCommands(path: string, newMiB: number | null, v: 1 | 2 | null, newMemswMiB: number | null): string[] {
  const owner = describeCgroupOwner(path);
  if (owner === null) return [];
  const size = newMiB !== null ? `${newMiB}M` : '<size>';
  switch (owner.kind) {
    case 'systemd': {
      // Units under user@UID.service belong to that user's systemd instance.
      const ctl = path.includes('/user@') ? 'systemctl --user' : 'sudo systemctl';
      return [
        `${ctl.replace('sudo ', '')} status ${owner.unit} --no-pager | head -5`,
        v === 1 ? `${ctl} set-property ${owner.unit} MemoryLimit=${size}` : `${ctl} set-property ${owner.unit} MemoryMax=${size}`,
      ];
    }
    case 'kubernetes': {
      const cmds: string[] = [];
      if (owner.podUid !== null) {
        cmds.push(`kubectl get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,POD:.metadata.name,UID:.metadata.uid | grep ${owner.podUid}`);
      }
      if (owner.containerId !== null) cmds.push(`sudo crictl inspect ${owner.containerId.slice(0, 13)} | grep -m2 -E '"name"|io.kubernetes.container.name'`);
      cmds.push(`kubectl -n <namespace> set resources deployment/<deployment> -c <container> --limits=memory=${newMiB !== null ? `${newMiB}Mi` : '<size>'}`);
      return cmds;
    }
    case 'docker':
      // --memory-swap is docker's memory+swap total: keep the container's swap allowance rather than cutting it to zero.
      return [`docker ps --no-trunc | grep ${owner.containerId.slice(0, 12)}`, `docker update --memory ${size}${newMemswMiB !== null ? ` --memory-swap ${newMemswMiB}M` : ''} ${owner.containerId.slice(0, 12)}`];
  }
}

/**
 * A cgroup v1 kmem limit that only the SLUB failures show (per-cgroup cache `name(id:cgroup)`): the
 * log names the cgroup, not its path, so the commands find it first. Any cause: the page fault that
 * failed on the charge ran a global OOM kill, which may have killed a process outside the cgroup.
 */
export function suggestKmemFromSlab(ctx: SuggestionContext): SuggestionDraft[] {
  if (!has(ctx, 'kmem_limit') || ctx.raw.memcgKmem !== null) return [];
  const failure = ctx.raw.slabFailures.find((f) => f.cgroup !== null);
  if (failure === undefined || failure.cgroup === null) return [];
  const name = failure.cgroup;
  const dir = `/sys/fs/cgroup/memory/<path to ${name}>`;
  return [{
    id: 'kmem-limit',
    title: `Memory cgroup ${name} hit its kernel-memory (kmem) limit`,
    detail: `The slab allocator could not charge ${failure.cache ?? 'a cache'} to cgroup ${name}: its memory.kmem.limit_in_bytes (cgroup v1) was reached. Kernel objects (inodes, dentries, radix-tree nodes from file I/O) count against it, and on this kernel the failed charge in a page fault ran a global OOM kill${ctx.victim !== null ? `, which killed ${ctx.victim.comm} (pid ${ctx.victim.pid})` : ''}. The separate kmem limit is deprecated: remove it (-1) and let memory.limit_in_bytes cover kernel memory too, or raise it.`,
    commands: [
      `find /sys/fs/cgroup/memory -type d -name '${name}'`,
      `cat ${dir}/memory.kmem.limit_in_bytes ${dir}/memory.kmem.usage_in_bytes ${dir}/memory.kmem.failcnt`,
      `echo -1 | sudo tee ${dir}/memory.kmem.limit_in_bytes`,
    ],
  }];
}
