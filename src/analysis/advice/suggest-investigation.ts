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
  if (has(ctx, 'header_rate_limited') || ctx.cause === 'unknown') {
    out.push({
      id: 'find-full-dump',
      title: 'Find the full OOM dump for this kill',
      detail: `${has(ctx, 'header_rate_limited') ? 'The OOM dump (header, Mem-Info, task table) for this kill is not in the paste: the kernel may have rate-limited it, a grep, or a console log level that shows only errors, may have left it out, or the paste starts after it; the dump of an earlier kill nearby usually shows the same pressure.' : 'The lines that tell a cgroup OOM from a system-wide one are not in this input.'} Look for the "invoked oom-killer" block before the kill in the full kernel log, and make sure vm.oom_dump_tasks is 1.`,
      commands: [`journalctl -k --no-pager | grep -n -B 60 -A 3 '${grepFor}' | head -120`, `dmesg -T | grep -n -B 60 -A 3 '${grepFor}' | head -120`, 'sysctl vm.oom_dump_tasks'],
    });
  }
  return out;
}
