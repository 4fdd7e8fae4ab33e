/** Suggestions when a high-order allocation failed for lack of contiguous free memory (seed 001). */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { formatKb } from '../units.js';
import { hasThp, isTinyBoard, kernelHas, lacksText, thpSysfs } from './kernel-era.js';

export function suggestFragmentation(ctx: SuggestionContext): SuggestionDraft[] {
  if (ctx.cause !== 'fragmentation') return [];
  const order = ctx.trigger?.order ?? null;
  const needKb = order !== null ? 2 ** order * ctx.totals.pageSizeKb : null;
  const who = ctx.trigger !== null ? `${ctx.trigger.comm} asked for order ${order}` : `an order-${order} request`;
  // The zones' min watermarks add up to about vm.min_free_kbytes (setup_per_zone_wmarks splits it across zones).
  const minSum = ctx.raw.zones.reduce((sum, z) => sum + (z.minKb ?? 0), 0);
  // THP's defrag setting matters only where THP exists; defer+madvise arrived in 4.11 (madvise alone is older).
  const thp = hasThp(ctx) && !isTinyBoard(ctx) ? thpSysfs(ctx) : null;
  const deferMadvise = kernelHas(ctx, 'thpDeferMadvise');
  const thpText = thp === null
    ? ''
    : deferMadvise
      ? ' and let THP defragment in the background instead of in the allocating task (defrag = defer+madvise)'
      : ` and keep THP from compacting in every allocating task (defrag = madvise; ${lacksText(ctx, 'defer+madvise', 'thpDeferMadvise')})`;
  const out: SuggestionDraft[] = [{
    id: 'compact-memory',
    title: `Memory was fragmented: ${who}${needKb !== null ? ` (${formatKb(needKb)} contiguous)` : ''}`,
    detail: `Free memory was above the low watermark, but in pieces smaller than ${needKb !== null ? formatKb(needKb) : 'the request'}. Compact memory now (and at quiet times)${thpText}.`,
    commands: [
      'cat /proc/buddyinfo',
      "grep -E 'compact_(stall|fail|success)' /proc/vmstat",
      'echo 1 | sudo tee /proc/sys/vm/compact_memory',
      ...(thp !== null ? [`cat ${thp}/defrag`, `echo ${deferMadvise ? 'defer+madvise' : 'madvise'} | sudo tee ${thp}/defrag`] : []),
    ],
  }];
  if (minSum > 0) {
    const target = Math.ceil((minSum * 2) / 1024) * 1024;
    out.push({
      id: 'raise-min-free-kbytes',
      title: `Keep more memory free for high-order allocations (vm.min_free_kbytes ≈ ${minSum} now)`,
      detail: `The zones' min watermarks in this dump add up to ${formatKb(minSum)}, which is about vm.min_free_kbytes. Doubling it (${target}) and raising vm.watermark_scale_factor (default 10 = 0.1% of RAM) makes kswapd and kcompactd work earlier, leaving larger free blocks. ${ctx.trigger?.comm === 'insmod' || ctx.trigger?.comm === 'modprobe' ? 'The request came from loading a module: a driver that allocates with kvmalloc() instead of kmalloc() does not need contiguous pages.' : ''}`.trim(),
      commands: ['sysctl vm.min_free_kbytes vm.watermark_scale_factor', `sudo sysctl -w vm.min_free_kbytes=${target}`, 'sudo sysctl -w vm.watermark_scale_factor=200'],
    });
  }
  return out;
}
