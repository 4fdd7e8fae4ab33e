/** The Doris BE section of the terminal report: process memory, water marks, trackers, GC, cancels, findings, suggestions. */
import type { DorisReport } from '../../analysis/report/report-schema.js';
import { clip } from '../clip.js';
import { dorisAllocatorLine, dorisGcLine, dorisProcessLine, dorisTrackedLine, dorisTypeTotals, dorisWaterMarkLine, largestTrackers } from '../describe-doris.js';
import { formatBytes, formatLimitBytes, formatSeconds, formatShare } from '../../analysis/units.js';
import { DORIS_FINDING_TITLES } from '../labels.js';
import { evidenceLocation } from '../line-locator.js';
import { renderSuggestionsText } from './render-text-suggestions.js';
import { shareBar } from '../share-bar.js';
import { terminalSafe } from './terminal-safe.js';
import type { TextStyle } from './text-style.js';
import { textTable } from '../text-table.js';

export function renderDorisText(d: DorisReport, style: TextStyle): string[] {
  const when = [d.summaryTime ? `summary at ${d.summaryTime}` : 'no summary time', d.killTime ? `kill at ${d.killTime}` : null].filter(Boolean).join(', ');
  const out = [style.bold(style.cyan(`━━ Doris BE memory (${when})`))];
  const field = (label: string, text: string): void => {
    out.push(`    ${style.bold(label.padEnd(10))} ${terminalSafe(text)}`);
  };
  field('Process', dorisProcessLine(d));
  field('Available', dorisWaterMarkLine(d));
  field('Tracked', dorisTrackedLine(d));
  const byType = dorisTypeTotals(d);
  if (byType) field('By type', byType);
  field('Allocator', dorisAllocatorLine(d));
  field('GC', dorisGcLine(d));

  const top = largestTrackers(d);
  if (top.length > 0) {
    out.push('', `  ${style.bold('Largest trackers')}`);
    const rows = [['tracker', 'type', 'used', 'peak', 'limit', 'share of RSS']];
    for (const { tracker: t, share } of top) {
      rows.push([terminalSafe(clip(t.label, 60)), t.type ?? (t.parent ? `in ${terminalSafe(t.parent)}` : ''), formatBytes(t.usedBytes), formatBytes(t.peakBytes), formatLimitBytes(t.limitBytes), `${shareBar(share)} ${formatShare(share).padStart(4)}`]);
    }
    const [head, ...body] = textTable(rows, ['left', 'left', 'right', 'right', 'right', 'left'], '    ');
    out.push(style.dim(head ?? ''), ...body);
  }

  if (d.cancels.length > 0) {
    out.push('', `  ${style.bold('Query cancels')}`);
    for (const c of d.cancels) {
      const before = c.secondsBeforeKill !== null ? `, ${formatSeconds(c.secondsBeforeKill)} before the kill` : '';
      out.push(`    ${c.time ?? '?'}  ${terminalSafe(c.task)} using ${formatBytes(c.consumptionBytes)}${before}`);
    }
  }

  if (d.findings.length > 0) {
    out.push('', `  ${style.bold('Findings')}`);
    for (const f of d.findings) {
      out.push(`    ${style.yellow('•')} ${style.bold(DORIS_FINDING_TITLES[f.id])} ${style.dim(`(${f.id})`)}: ${terminalSafe(f.detail)}`);
      for (const ev of f.evidence) out.push(`        ${style.cyan(evidenceLocation(ev))}  ${terminalSafe(clip(ev.text))}`);
    }
  }
  if (d.suggestions.length > 0) out.push('', `  ${style.bold('Suggestions (be.conf)')}`, ...renderSuggestionsText(d.suggestions, style, '    '));
  return out;
}
