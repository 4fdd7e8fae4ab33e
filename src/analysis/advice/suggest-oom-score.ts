/**
 * Steering the OOM killer (seed 003): oom_score_adj to shield or expose a process, a review of
 * tasks that are shielded, and vm.panic_on_oom + kernel.panic to reboot instead of killing on.
 */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { has } from './suggestion-context.js';
import { isKnownProgram } from './suggest-victim-program.js';
import { formatKb } from '../units.js';

/** A strong but not absolute shield: −500 halves the budget's weight without making the task unkillable. */
const SHIELD_ADJ = -500;

export function suggestOomScore(ctx: SuggestionContext): SuggestionDraft[] {
  const out: SuggestionDraft[] = [];
  const v = ctx.victim;
  const memcgAlone = ctx.memcg.isMemcgOom && ctx.topTasks.length <= 1;
  if (v !== null && ctx.cause !== 'manual_trigger' && !memcgAlone && isKnownProgram(v.comm)) {
    const pid = `$(pgrep -o -x ${v.comm})`;
    out.push({
      id: 'shield-victim',
      title: `Make the OOM killer prefer other processes over ${v.comm}`,
      detail: `${v.comm} had oom_score_adj ${v.oomScoreAdj ?? 'unknown'} and the largest badness, so it was chosen (oom_badness adds oom_score_adj × memory/1000). Lowering it to ${SHIELD_ADJ} makes the kernel kill something else first; -1000 exempts it entirely (then, if nothing else is killable, the machine panics or hangs). A one-off nudge for a running process is \`echo -15 > /proc/PID/oom_score_adj\`; the setting is lost on restart unless the service manager sets it.`,
      commands: [
        `cat /proc/${pid}/oom_score /proc/${pid}/oom_score_adj`,
        `sudo choom -p ${pid} -n ${SHIELD_ADJ}`,
        `UNIT=$(ps -o unit= -p ${pid}); sudo mkdir -p /etc/systemd/system/$UNIT.d && printf '[Service]\\nOOMScoreAdjust=${SHIELD_ADJ}\\n' | sudo tee /etc/systemd/system/$UNIT.d/oom-score.conf && sudo systemctl daemon-reload`,
      ],
    });
  }
  if (has(ctx, 'victim_protected_others')) {
    const shielded = (ctx.raw.taskTable?.tasks ?? [])
      .filter((t) => t.oomScoreAdj !== null && t.oomScoreAdj <= SHIELD_ADJ && t.pid !== v?.pid)
      .sort((a, b) => b.rssPages - a.rssPages)
      .slice(0, 3)
      .map((t) => `${t.name} (pid ${t.pid}, ${formatKb(t.rssPages * ctx.totals.pageSizeKb)}, oom_score_adj ${t.oomScoreAdj})`);
    out.push({
      id: 'review-shielded-tasks',
      title: 'Larger tasks were shielded from the OOM killer',
      detail: `${shielded.join(', ')} held more memory than ${v?.comm ?? 'the victim'} but ${shielded.length === 1 ? 'its' : 'their'} oom_score_adj kept the kernel away. If ${shielded.length === 1 ? 'it is' : 'they are'} not critical, raise the value back toward 0 so the kernel can reclaim from the real consumer; if ${shielded.length === 1 ? 'it is' : 'they are'}, cap ${shielded.length === 1 ? 'its' : 'their'} memory.`,
      commands: [`for p in /proc/[0-9]*; do a=$(cat $p/oom_score_adj 2>/dev/null); [ "$a" -le ${SHIELD_ADJ} ] 2>/dev/null && echo "$a $(cat $p/comm) ${'$'}{p#/proc/}"; done | sort -n`],
    });
  }
  return out;
}

/** Several kills in one input: the machine keeps killing; seed 003 offers a panic and reboot instead. */
export function panicOnOomSuggestion(kills: number): SuggestionDraft {
  return {
    id: 'panic-on-oom',
    title: `${kills} OOM kills in this log: consider rebooting instead of killing on`,
    detail: `When a host keeps killing processes it is often healthier to reboot it: vm.panic_on_oom=1 panics on a system-wide OOM (not on a cgroup one) and kernel.panic=10 reboots 10 seconds later. Only for hosts whose services come back on boot and that are behind redundancy.`,
    commands: ['sudo sysctl -w vm.panic_on_oom=1', 'sudo sysctl -w kernel.panic=10', "printf 'vm.panic_on_oom = 1\\nkernel.panic = 10\\n' | sudo tee /etc/sysctl.d/90-panic-on-oom.conf"],
  };
}

