/** The Doris BE section of the markdown report. */
import type { DorisReport } from '../../analysis/report/report-schema.js';
import { clip } from '../clip.js';
import { dorisAllocatorLine, dorisGcLine, dorisProcessLine, dorisTrackedLine, dorisTypeTotals, dorisWaterMarkLine, largestTrackers } from '../describe-doris.js';
import { formatBytes, formatLimitBytes, formatSeconds, formatShare } from '../../analysis/units.js';
import { DORIS_FINDING_TITLES } from '../labels.js';
import { evidenceLocation } from '../line-locator.js';
import { mdCode, mdText } from './markdown-escape.js';
import { renderSuggestionsMarkdown } from './render-markdown-suggestions.js';
import { shareBar } from '../share-bar.js';

export function renderDorisMarkdown(d: DorisReport): string[] {
  const when = [d.summaryTime ? `summary at ${d.summaryTime}` : 'no summary time', d.killTime ? `kill at ${d.killTime}` : null].filter(Boolean).join(', ');
  const out = [`### Doris BE memory (${mdText(when)})`, ''];
  out.push(`- **Process:** ${mdText(dorisProcessLine(d))}`);
  out.push(`- **Available:** ${mdText(dorisWaterMarkLine(d))}`);
  out.push(`- **Tracked:** ${mdText(dorisTrackedLine(d))}`);
  const byType = dorisTypeTotals(d);
  if (byType) out.push(`- **By type:** ${mdText(byType)}`);
  out.push(`- **Allocator:** ${mdText(dorisAllocatorLine(d))}`);
  out.push(`- **GC:** ${mdText(dorisGcLine(d))}`);

  const top = largestTrackers(d);
  if (top.length > 0) {
    out.push('', '**Largest trackers** (share of resident memory)', '', '| tracker | type | used | peak | limit | share |', '|---|---|--:|--:|--:|---|');
    for (const { tracker: t, share } of top) {
      const type = t.type ?? (t.parent ? `in ${t.parent}` : '');
      out.push(`| ${mdCode(clip(t.label, 80), true)} | ${mdText(type)} | ${formatBytes(t.usedBytes)} | ${formatBytes(t.peakBytes)} | ${formatLimitBytes(t.limitBytes)} | ${shareBar(share)} ${formatShare(share)} |`);
    }
  }
  if (d.cancels.length > 0) {
    out.push('', '**Query cancels**', '');
    for (const c of d.cancels) {
      const before = c.secondsBeforeKill !== null ? `, ${formatSeconds(c.secondsBeforeKill)} before the kill` : '';
      out.push(`- ${mdText(c.time ?? '?')}: ${mdCode(c.task)} using ${formatBytes(c.consumptionBytes)}${before}`);
    }
  }
  if (d.findings.length > 0) {
    out.push('', '**Findings**', '');
    for (const f of d.findings) {
      out.push(`- **${mdText(DORIS_FINDING_TITLES[f.id])}** (${mdCode(f.id)}): ${mdText(f.detail)}`);
      for (const ev of f.evidence) out.push(`  - ${mdCode(evidenceLocation(ev))} ${mdCode(clip(ev.text))}`);
    }
  }
  if (d.suggestions.length > 0) out.push('', '**Suggestions (be.conf)**', '', ...renderSuggestionsMarkdown(d.suggestions));
  return out;
}
