/**
 * Steering the OOM killer: oom_score_adj to shield or expose a process, a review of tasks that are
 * shielded, and vm.panic_on_oom + kernel.panic to reboot instead of killing on.
 *
 * Two scales exist: /proc/PID/oom_adj (−17..15, −17 = never kill; the only one before 2.6.36,
 * deprecated since) and /proc/PID/oom_score_adj (−1000..1000). The kernel converts between them as
 * oom_score_adj = oom_adj × 1000 / 17, so −15 on oom_adj is about −882 on oom_score_adj, while −15
 * written into oom_score_adj is 1.5% of the budget and changes almost nothing.
 */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { has } from './suggestion-context.js';
import { isKnownProgram } from './suggest-victim-program.js';
import { formatKb, formatSeconds } from '../units.js';
import { kernelHas, maybeSystemd } from './kernel-era.js';

/** A strong but not absolute shield: −500 halves the budget's weight without making the task unkillable. */
const SHIELD_ADJ = -500;
/** The same shield on the old oom_adj scale (−9 × 1000 / 17 ≈ −529), for kernels before 2.6.36. */
const SHIELD_OOM_ADJ = -9;

/** oom_adj (−17..15) → oom_score_adj (−1000..1000) as the kernel converts it (OOM_SCORE_ADJ_MAX / -OOM_DISABLE). */
export function oomAdjToScoreAdj(oomAdj: number): number {
  return oomAdj <= -17 ? -1000 : Math.trunc((oomAdj * 1000) / 17);
}

/** A victim holding this share of the dumped memory is all there is to kill: shielding it leaves nothing else. */
const ALONE_SHARE = 0.9;

export function suggestOomScore(ctx: SuggestionContext): SuggestionDraft[] {
  const out: SuggestionDraft[] = [];
  const v = ctx.victim;
  const memcgAlone = ctx.memcg.isMemcgOom && ctx.topTasks.length <= 1;
  const victimShare = v !== null ? ctx.topTasks.find((t) => t.pid === v.pid)?.share ?? null : null;
  const alone = victimShare !== null && victimShare >= ALONE_SHARE;
  if (v !== null && ctx.cause !== 'manual_trigger' && !memcgAlone && !alone && isKnownProgram(v.comm)) {
    out.push(shieldVictim(ctx, v.comm, v.oomScoreAdj));
  }
  const tasks = ctx.raw.taskTable?.tasks ?? [];
  const victimRows = v !== null ? tasks.find((t) => t.pid === v.pid)?.rssPages ?? 0 : 0;
  // Only tasks that really held more than the victim: lowering the protection of anything else frees nothing.
  const larger = tasks.filter((t) => t.oomScoreAdj !== null && t.oomScoreAdj <= SHIELD_ADJ && t.pid !== v?.pid && t.rssPages > victimRows);
  if (has(ctx, 'victim_protected_others') && larger.length > 0) {
    const shielded = larger
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

function shieldVictim(ctx: SuggestionContext, comm: string, adj: number | null): SuggestionDraft {
  const pid = `$(pgrep -o -x ${comm})`;
  const scale = `The old /proc/PID/oom_adj takes -17..15 (-17 = never kill) and the kernel maps it onto oom_score_adj as × 1000/17, so -15 there is about ${oomAdjToScoreAdj(-15)} here; writing -15 into oom_score_adj (-1000..1000) changes almost nothing.`;
  // RHEL 6's 2.6.32 backports oom_score_adj: a header that prints it proves the file exists.
  if (!kernelHas(ctx, 'oomScoreAdj') && ctx.trigger?.oomScoreAdj == null && !/\.el6/.test(ctx.raw.kernelVersion ?? '')) {
    // Before 2.6.36 only oom_adj exists.
    return {
      id: 'shield-victim',
      title: `Make the OOM killer prefer other processes over ${comm}`,
      detail: `${comm} had the largest badness, so it was chosen. Kernel ${ctx.raw.kernelVersion ?? ''} has only /proc/PID/oom_adj (-17..15; oom_score_adj arrived in 2.6.36): ${SHIELD_OOM_ADJ} there (about ${oomAdjToScoreAdj(SHIELD_OOM_ADJ)} on the newer -1000..1000 scale) makes the kernel kill something else first; -17 exempts it entirely. The setting is lost on restart unless the init script sets it.`,
      commands: [`cat /proc/${pid}/oom_score /proc/${pid}/oom_adj`, `echo ${SHIELD_OOM_ADJ} | sudo tee /proc/${pid}/oom_adj`],
    };
  }
  const commands = [`cat /proc/${pid}/oom_score /proc/${pid}/oom_score_adj`, `echo ${SHIELD_ADJ} | sudo tee /proc/${pid}/oom_score_adj`];
  if (maybeSystemd(ctx)) {
    commands.push(`UNIT=$(ps -o unit= -p ${pid}); sudo mkdir -p /etc/systemd/system/$UNIT.d && printf '[Service]\\nOOMScoreAdjust=${SHIELD_ADJ}\\n' | sudo tee /etc/systemd/system/$UNIT.d/oom-score.conf && sudo systemctl daemon-reload`);
  }
  return {
    id: 'shield-victim',
    title: `Make the OOM killer prefer other processes over ${comm}`,
    detail: `${comm} had oom_score_adj ${adj ?? 'unknown'} and the largest badness, so it was chosen (oom_badness adds oom_score_adj × totalpages/1000). Lowering it to ${SHIELD_ADJ} makes the kernel kill something else first; -1000 exempts it entirely (then, if nothing else is killable, a system-wide OOM panics). ${scale} The setting is lost on restart unless the service manager sets it${maybeSystemd(ctx) ? ' (OOMScoreAdjust= below)' : ''}.`,
    commands,
  };
}

/** Several kills in one input: the machine keeps killing; a panic and reboot is the alternative. */
export function panicOnOomSuggestion(ooms: number, spanSeconds: number | null = null): SuggestionDraft {
  const over = spanSeconds !== null && spanSeconds > 0 ? ` within ${formatSeconds(spanSeconds)}` : '';
  return {
    id: 'panic-on-oom',
    title: `${ooms} OOMs in this log${over}: consider rebooting instead of killing on`,
    detail: `When a host keeps killing processes it is often healthier to reboot it: vm.panic_on_oom=1 panics on a system-wide OOM (not on a cgroup one) and kernel.panic=10 reboots 10 seconds later. Only for hosts whose services come back on boot and that are behind redundancy.`,
    commands: ['sudo sysctl -w vm.panic_on_oom=1', 'sudo sysctl -w kernel.panic=10', "printf 'vm.panic_on_oom = 1\\nkernel.panic = 10\\n' | sudo tee /etc/sysctl.d/90-panic-on-oom.conf"],
  };
}

