/** When the log cannot say why (a SysRq kill, a kill whose dump is not in the paste, an unknown cause): how to find out. */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { has } from './suggestion-context.js';

export function suggestInvestigation(ctx: SuggestionContext): SuggestionDraft[] {
  const out: SuggestionDraft[] = [];
  if (ctx.cause === 'manual_trigger') {
    out.push({
      id: 'find-sysrq-user',
      title: 'Someone triggered the OOM killer by hand (SysRq f)',
      detail: 'Nothing ran out of memory: SysRq f was sent through /proc/sysrq-trigger or the keyboard. Find who did it; to forbid it, leave bit 64 (signal processes) out of kernel.sysrq, e.g. 176 = sync + remount read-only + reboot.',
      commands: ['cat /proc/sys/kernel/sysrq', "sudo grep -r 'sysrq-trigger' /var/log/auth.log /var/log/secure 2>/dev/null | tail", 'sudo sysctl -w kernel.sysrq=176'],
    });
  }
  const v = ctx.victim;
  const grepFor = v !== null ? `Killed process ${v.pid} ` : 'invoked oom-killer';
  if (ctx.unknownBecause === 'memory_free') out.push(faultPathFailure(ctx));
  // A dump that is whole (the machine had free memory, or no OOM at all) needs no other dump.
  if (has(ctx, 'header_rate_limited') || ctx.unknownBecause === 'lines_missing') {
    out.push({
      id: 'find-full-dump',
      title: 'Find the full OOM dump for this kill',
      detail: `${has(ctx, 'header_rate_limited') ? 'The OOM dump (header, Mem-Info, task table) for this kill is not in the paste: the kernel may have rate-limited it, a grep, or a console log level that shows only errors, may have left it out, or the paste starts after it; the dump of an earlier kill nearby usually shows the same pressure.' : 'The lines that tell a cgroup OOM from a system-wide one are not in this input.'} Look for the "invoked oom-killer" block before the kill in the full kernel log, and make sure vm.oom_dump_tasks is 1.`,
      commands: [`journalctl -k --no-pager | grep -n -B 60 -A 3 '${grepFor}' | head -120`, `dmesg -T | grep -n -B 60 -A 3 '${grepFor}' | head -120`, 'sysctl vm.oom_dump_tasks'],
    });
  }
  return out;
}

/**
 * The zones had free memory, so the OOM came from a failure the dump does not show: a page fault
 * that returned VM_FAULT_OOM (a kernel-memory charge, a driver's fault handler), or an allocation
 * failure printed just before. The kernel log before the header usually names it.
 */
function faultPathFailure(ctx: SuggestionContext): SuggestionDraft {
  const pagefault = ctx.raw.oomPath?.path === 'pagefault' || ctx.trigger?.gfpMask === '0x0';
  return {
    id: 'find-fault-path-failure',
    title: 'The machine had free memory: find what failed before the OOM killer ran',
    detail: `${pagefault ? 'This OOM came from a page fault (gfp_mask=0x0): the fault handler reported "out of memory" and the kernel killed the largest process machine-wide, although the machine had free memory. ' : 'The machine had free memory, so memory itself did not run out. '}Look just before the "invoked oom-killer" line for an allocation failure (SLUB: Unable to allocate, page allocation failure) or a driver error, and check whether a cgroup v1 kmem limit (memory.kmem.limit_in_bytes) is set. Adding memory or killing other processes does not fix this.`,
    commands: [
      "journalctl -k --no-pager | grep -n -B 20 'invoked oom-killer' | grep -E 'SLUB: Unable to allocate|page allocation failure|cache:' | tail -20",
      "grep -rs --include=memory.kmem.limit_in_bytes -v '^9223372036854' /sys/fs/cgroup/memory | head",
    ],
  };
}
