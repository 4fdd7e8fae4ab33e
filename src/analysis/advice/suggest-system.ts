/** Suggestions for a machine that ran out of memory: what used it (from the dump), swap, slab, shmem, page tables, HugeTLB, overcommit. */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { has } from './suggestion-context.js';
import { formatKb } from '../units.js';
import { meminfoKb } from '../kernel/verdict/memory-totals.js';
import { victimRssKb } from '../kernel/verdict/victim-facts.js';
import { hostMeminfo } from './host-meminfo.js';
import { hasThp, isTinyBoard, kernelHas, lacksText, maybeSystemd, thpSysfs } from './kernel-era.js';

/** systemd (pid 1, never OOM-killed) normally stays under 200 MiB of RssAnon. */
const SYSTEMD_RSS_NORMAL_KB = 200 * 1024;

export function suggestSystem(ctx: SuggestionContext): SuggestionDraft[] {
  const out: SuggestionDraft[] = [];
  // Swap helps when memory may have run short; not when the zones show it had not, or nothing was killed.
  const swap = ctx.cause === 'system_memory_exhausted' || ctx.unknownBecause === 'lines_missing' ? swapAdvice(ctx) : [];
  // Swap already full is the first thing to know: more of anything else only moves the same shortage.
  if (has(ctx, 'swap_exhausted')) out.push(...swap);
  if (ctx.cause === 'system_memory_exhausted') out.push(demand(ctx), ...kernelSideChecks(ctx));
  if (!has(ctx, 'swap_exhausted')) out.push(...swap);
  // shmem, page tables and HugeTLB matter inside a cgroup too (tmpfs pages are charged to it).
  if (ctx.cause !== 'manual_trigger') out.push(...factorAdvice(ctx));
  return out;
}

function demand(ctx: SuggestionContext): SuggestionDraft {
  const { totals, victim } = ctx;
  const bits: string[] = [];
  if (totals.ramKb !== null) bits.push(`RAM ${formatKb(totals.ramKb)}`);
  if (totals.totalSwapKb !== null) bits.push(totals.totalSwapKb === 0 ? 'no swap' : `swap ${formatKb(totals.totalSwapKb)}${totals.freeSwapKb === 0 ? ' (all of it used)' : ''}`);
  const rss = victim !== null ? victimRssKb(victim) : null;
  const top = ctx.topTasks.slice(0, 3).map((t) => `${t.comm} ${formatKb(t.rssKb)} (${Math.round(t.share * 100)}%)`);
  const who = top.length > 0 ? ` The largest tasks in the dump: ${top.join(', ')}.` : victim !== null && rss !== null ? ` ${victim.comm} held ${formatKb(rss)} when killed.` : '';
  return {
    id: 'reduce-memory-demand',
    title: 'The machine ran out of memory: reduce what runs on it or add memory',
    detail: `Memory demand exceeded what the machine has${bits.length > 0 ? ` (${bits.join(', ')})` : ''}.${who} Cap the largest consumers (see the per-program suggestions), move work elsewhere, or resize the machine.`,
    commands: ['free -m', 'ps -eo pid,user,rss,comm --sort=-rss | head -15', "grep -E 'MemTotal|MemAvailable|Shmem:|SUnreclaim|PageTables|HugePages_Total|Hugepagesize' /proc/meminfo"],
  };
}

/**
 * The usual kernel-side suspects of a global OOM: a slab leak, a bloated systemd, THP bloat. A leak
 * the dump proves gets its own suggestion; the rest are one check list, leaving out what the dump
 * already rules out and what the host in the log cannot have (systemd on a 3.2 kernel or a tiny
 * board, RssAnon before 4.5, THP before 2.6.38).
 */
function kernelSideChecks(ctx: SuggestionContext): SuggestionDraft[] {
  const out: SuggestionDraft[] = [];
  const slab = meminfoKb(ctx.raw, 'slab_unreclaimable');
  if (has(ctx, 'slab_unreclaimable_high') && slab !== null) {
    out.push({
      id: 'check-slab-leak',
      title: `Unreclaimable slab is ${formatKb(slab)}: look for a kernel slab leak`,
      detail: 'SUnreclaim above 10% of RAM usually means a kernel object leak (a driver, a module, dentries/inodes pinned by an agent). Find the cache that grows with slabtop; if it keeps growing, update the kernel or the module that owns it.',
      commands: ['grep SUnreclaim /proc/meminfo', 'sudo slabtop -o -s c | head -20'],
    });
  }
  const checks: string[] = [];
  const commands: string[] = [];
  if (slab === null) {
    checks.push('unreclaimable slab above 10% of RAM means a kernel slab leak (SUnreclaim)');
    commands.push('grep SUnreclaim /proc/meminfo', 'sudo slabtop -o -s c | head -20');
  }
  const pid1 = ctx.raw.taskTable?.tasks.find((t) => t.pid === 1) ?? null;
  const pid1Kb = pid1 !== null ? pid1.rssPages * ctx.totals.pageSizeKb : null;
  const pid1Systemd = pid1 === null || /^systemd$/.test(pid1.name);
  if (maybeSystemd(ctx) && pid1Systemd && (pid1Kb === null || pid1Kb > SYSTEMD_RSS_NORMAL_KB)) {
    checks.push(pid1Kb !== null ? `systemd (pid 1, never OOM-killed) held ${formatKb(pid1Kb)}, above the usual 200 MiB: update systemd` : 'systemd (pid 1, never OOM-killed) normally stays under 200 MiB of resident memory; more means updating systemd');
    commands.push(kernelHas(ctx, 'rssAnon') ? 'grep RssAnon /proc/1/status' : 'grep VmRSS /proc/1/status');
  }
  if (hasThp(ctx) && !isTinyBoard(ctx)) {
    const thp = thpSysfs(ctx);
    checks.push('transparent huge pages set to "always" can bloat anonymous memory; "madvise" limits them to programs that ask');
    commands.push(`cat ${thp}/enabled`, 'grep AnonHugePages /proc/meminfo', `echo madvise | sudo tee ${thp}/enabled`);
  }
  if (checks.length === 0) return out;
  out.push({
    id: 'check-kernel-side-memory',
    title: 'Rule out kernel-side and system memory bloat',
    detail: `The usual kernel-side and system suspects of a system-wide OOM: ${checks.join('; ')}.${!hasThp(ctx) ? ` (No transparent-huge-page check: ${lacksText(ctx, 'THP', 'thp')}.)` : ''}`,
    commands,
  });
  return out;
}

/** Swap file sizes offered: a quarter of RAM, rounded to these steps, at most 8 GiB. */
const SWAP_STEP_KB = 64 * 1024;
const SWAP_MAX_KB = 8 * 1024 * 1024;

/**
 * The swap file to add for this machine: a quarter of RAM (enough to page out idle anonymous memory,
 * not so much that a runaway thrashes for long), in 64 MiB steps, at most 8 GiB; with the words
 * that say how it relates to RAM, true for the number given.
 */
export function swapFileSize(ramKb: number | null): { kb: number; arg: string; why: string } {
  if (ramKb === null) return { kb: 2 * 1024 * 1024, arg: '2G', why: 'a starting size; the log does not show the RAM, so compare it with MemTotal' };
  const quarter = ramKb / 4;
  const kb = Math.min(SWAP_MAX_KB, Math.max(SWAP_STEP_KB, Math.round(quarter / SWAP_STEP_KB) * SWAP_STEP_KB));
  const arg = kb % (1024 * 1024) === 0 ? `${kb / 1024 / 1024}G` : `${kb / 1024}M`;
  const why = kb === SWAP_MAX_KB && quarter > SWAP_MAX_KB
    ? `the 8 GiB cap: ${Math.round((kb / ramKb) * 100)}% of the ${formatKb(ramKb)} of RAM`
    : `about a quarter of the ${formatKb(ramKb)} of RAM`;
  return { kb, arg, why };
}

function swapAdvice(ctx: SuggestionContext): SuggestionDraft[] {
  const ram = ctx.totals.ramKb;
  // A board with a few hundred MB (or less) of RAM usually boots from flash: a swap file there wears the card and thrashes.
  if (has(ctx, 'no_swap') && !isTinyBoard(ctx)) {
    const size = swapFileSize(ram);
    return [{
      id: 'add-swap',
      title: `No swap: add ${formatKb(size.kb)} of swap`,
      detail: `Total swap = 0kB: idle anonymous memory could not be paged out, so the OOM killer ran at the first peak. ${formatKb(size.kb)} (${size.why}) buys time; it does not fix a demand larger than RAM.`,
      commands: [`sudo fallocate -l ${size.arg} /swapfile`, 'sudo chmod 600 /swapfile', 'sudo mkswap /swapfile', 'sudo swapon /swapfile', "echo '/swapfile none swap sw 0 0' | sudo tee -a /etc/fstab"],
    }];
  }
  if (has(ctx, 'swap_exhausted') && ctx.totals.totalSwapKb !== null) {
    return [{
      id: 'swap-full',
      title: `Swap (${formatKb(ctx.totals.totalSwapKb)}) was full too`,
      detail: `Free swap was 0: memory demand exceeded RAM${ram !== null ? ` (${formatKb(ram)})` : ''} plus all ${formatKb(ctx.totals.totalSwapKb)} of swap. More swap only delays the kill; reduce the demand. Check what sits in swap.`,
      commands: ['swapon --show', "for f in /proc/[0-9]*/status; do awk '/^Name|^VmSwap/{printf \"%s \", $2} END{print \"\"}' \"$f\"; done | sort -k2 -n -r | head"],
    }];
  }
  return [];
}

function factorAdvice(ctx: SuggestionContext): SuggestionDraft[] {
  const out: SuggestionDraft[] = [];
  const shmem = meminfoKb(ctx.raw, 'shmem');
  if (has(ctx, 'shmem_high')) {
    out.push({
      id: 'shmem-high',
      title: `Shared memory / tmpfs held ${shmem !== null ? formatKb(shmem) : 'a large share'}`,
      detail: 'tmpfs files and SysV/POSIX shared memory stay in RAM (or swap) until deleted: killing processes does not free them. Find the tmpfs mount or segment that grew and clean it up, or cap the mount with size=.',
      commands: ['df -h -t tmpfs', 'ipcs -m', 'grep -E "Shmem:" /proc/meminfo'],
    });
  }
  const pt = meminfoKb(ctx.raw, 'pagetables');
  if (has(ctx, 'page_tables_high')) {
    out.push({
      id: 'page-tables-high',
      title: `Page tables took ${pt !== null ? formatKb(pt) : 'a large share of RAM'}`,
      detail: 'Page tables grow with the mapped size × number of processes: many workers mapping a large shared area (database shared buffers, SGA) each pay for it. Huge pages for that area cut page tables by 512×.',
      commands: ['grep PageTables /proc/meminfo', 'ps -eo pid,comm,rss --sort=-rss | head', 'grep -E "HugePages_|Hugepagesize" /proc/meminfo'],
    });
  }
  if (has(ctx, 'hugepages_reserved')) out.push(hugepages(ctx));
  return out;
}

/** In use + reserved pages of the default huge page size, from /proc/meminfo on the host. */
const HOST_HUGEPAGES_IN_USE = `$(( ${hostMeminfo('HugePages_Total')} - ${hostMeminfo('HugePages_Free')} + ${hostMeminfo('HugePages_Rsvd')} ))`;

/**
 * Set the pool to what is in use (total − free), per page size, summed over nodes. vm.nr_hugepages
 * is the pool of the default size: the kernel prints every size it has (for_each_hstate in
 * hugetlb_show_meminfo), so with one size in the log that is the default and its count is used;
 * with several, the command reads the default size's pool on the host, as the kernel's own floor
 * when shrinking (set_max_huge_pages: in use + reserved).
 */
function hugepages(ctx: SuggestionContext): SuggestionDraft {
  const bySize = new Map<number, { total: number; free: number }>();
  for (const h of ctx.raw.hugepages) {
    const cur = bySize.get(h.sizeKb) ?? { total: 0, free: 0 };
    bySize.set(h.sizeKb, { total: cur.total + h.total, free: cur.free + h.free });
  }
  const commands: string[] = ['grep -E "HugePages_|Hugepagesize" /proc/meminfo'];
  const parts: string[] = [];
  for (const [sizeKb, { total, free }] of bySize) {
    if (total === 0) continue;
    const used = total - free;
    parts.push(`${total} × ${formatKb(sizeKb)} pages, ${free} unused`);
    commands.push(`echo ${used} | sudo tee /sys/kernel/mm/hugepages/hugepages-${sizeKb}kB/nr_hugepages`);
  }
  const sizes = [...bySize.entries()];
  const only = sizes.length === 1 ? sizes[0]![1] : null;
  const persisted = only !== null ? String(only.total - only.free) : HOST_HUGEPAGES_IN_USE;
  commands.push(`echo "vm.nr_hugepages = ${persisted}" | sudo tee /etc/sysctl.d/90-hugepages.conf`);
  return {
    id: 'shrink-hugepages-pool',
    title: 'Shrink the HugeTLB pool to what is used',
    detail: `The HugeTLB pool (${parts.join('; ')}) is reserved away from ordinary allocations even when no program uses it. Set nr_hugepages to the pages in use (total − free at the time of the OOM, as below) unless a program that was not running needs them.${only === null ? ' vm.nr_hugepages is the default size, computed on the host as HugePages_Total − HugePages_Free + HugePages_Rsvd.' : ''}`,
    commands,
  };
}

/** vm.overcommit_memory=2 trades OOM kills for allocation failures. Offered last, with its caveat. */
export function suggestOvercommit(ctx: SuggestionContext): SuggestionDraft[] {
  if (ctx.cause !== 'system_memory_exhausted') return [];
  const vm = ctx.victim?.totalVmKb ?? null;
  const rss = ctx.victim !== null ? victimRssKb(ctx.victim) : null;
  const gap = vm !== null && rss !== null && vm > rss * 4 ? ` (${ctx.victim!.comm} had reserved ${formatKb(vm)} of virtual memory but used ${formatKb(rss)})` : '';
  return [{
    id: 'strict-overcommit',
    title: 'Optionally: strict overcommit (vm.overcommit_memory=2)',
    detail: `With 2, the kernel refuses allocations beyond CommitLimit (swap + vm.overcommit_ratio% of RAM, default 50%) with ENOMEM instead of killing later. Caveat: programs that reserve much more virtual memory than they use fail to start or crash on malloc${gap}; JVMs, mongod and browsers are typical. Check Committed_AS against CommitLimit first and raise vm.overcommit_ratio to fit.`,
    commands: ["grep -E 'CommitLimit|Committed_AS' /proc/meminfo", 'sudo sysctl -w vm.overcommit_ratio=80', 'sudo sysctl -w vm.overcommit_memory=2', "printf 'vm.overcommit_memory = 2\\nvm.overcommit_ratio = 80\\n' | sudo tee /etc/sysctl.d/90-overcommit.conf"],
  }];
}

