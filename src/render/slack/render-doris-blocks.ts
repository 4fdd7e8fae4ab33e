/**
 * The Apache Doris BE part of a report: memory figures, the largest trackers as a table with a share
 * bar, query cancels, findings. The phrases and the table are the CLI's (src/render/describe-doris.ts);
 * only the mrkdwn and its escaping are Slack's.
 */
import type { DorisReport } from '../../analysis/report/report-schema.js';
import { clip } from '../clip.js';
import { dorisAllocatorLine, dorisGcLine, dorisProcessLine, dorisTrackedLine, dorisTypeTotals, dorisWaterMarkLine, largestTrackers } from '../describe-doris.js';
import { formatBytes, formatLimitBytes, formatSeconds, formatShare } from '../../analysis/units.js';
import { DORIS_FINDING_TITLES } from '../labels.js';
import { shareBar } from '../share-bar.js';
import { textTable } from '../text-table.js';
import { escapeCode, escapeMrkdwn } from './escape-mrkdwn.js';
import { fields, section, type Block } from './block-kit.js';

export function dorisBlocks(d: DorisReport, maxTrackers = 10): Block[] {
  const blocks: Block[] = [];
  const when = [d.summaryTime ? `summary at ${d.summaryTime}` : null, d.killTime ? `kill at ${d.killTime}` : null].filter((x) => x !== null).join(', ');
  blocks.push(section(`*Apache Doris BE memory*${when ? ` (${escapeMrkdwn(when)})` : ''}`));

  const pairs: Array<[string, string]> = [
    ['Process', dorisProcessLine(d)],
    ['Available', dorisWaterMarkLine(d)],
    ['Tracked', dorisTrackedLine(d)],
  ];
  const byType = dorisTypeTotals(d);
  if (byType) pairs.push(['By type', byType]);
  pairs.push(['Allocator', dorisAllocatorLine(d)], ['GC', dorisGcLine(d)]);
  blocks.push(fields(pairs.map(([label, text]) => [label, escapeMrkdwn(text)])));

  const trackers = trackerTable(d, maxTrackers);
  if (trackers) blocks.push(trackers);

  if (d.cancels.length > 0) {
    const lines = d.cancels.slice(0, 5).map((c) => {
      const before = c.secondsBeforeKill !== null ? `, ${formatSeconds(c.secondsBeforeKill)} before the kill` : '';
      return `• ${escapeMrkdwn(`${c.time ?? '?'}  ${c.task} using ${formatBytes(c.consumptionBytes)}${before}`)}`;
    });
    const more = d.cancels.length > 5 ? `\n_${d.cancels.length - 5} more cancel(s) in the CLI report._` : '';
    blocks.push(section(`*Query cancels*\n${lines.join('\n')}${more}`));
  }
  if (d.findings.length > 0) {
    const lines = d.findings.map((f) => {
      const quote = f.evidence[0] ? `\n\`\`\`${escapeCode(clip(f.evidence[0].text, 400))}\`\`\`` : '';
      return `• *${escapeMrkdwn(DORIS_FINDING_TITLES[f.id])}* — ${escapeMrkdwn(f.detail)}${quote}`;
    });
    blocks.push(section(`*Findings*\n${lines.join('\n')}`));
  }
  return blocks;
}

/** The largest trackers (the CLI's selection): label, type, used, peak, limit, and a bar of each one's share of the RSS. */
function trackerTable(d: DorisReport, max: number): Block | null {
  const top = largestTrackers(d, max);
  if (top.length === 0) return null;
  const rows = [['tracker', 'type', 'used', 'peak', 'limit', 'share of RSS']];
  for (const { tracker: t, share } of top) {
    rows.push([clip(t.label, 60), t.type ?? (t.parent ? `in ${t.parent}` : ''), formatBytes(t.usedBytes), formatBytes(t.peakBytes), formatLimitBytes(t.limitBytes), `${shareBar(share)} ${formatShare(share).padStart(4)}`]);
  }
  const table = textTable(rows, ['left', 'left', 'right', 'right', 'right', 'left']);
  return section(`*Largest memory trackers*\n\`\`\`${escapeCode(table.join('\n'))}\`\`\``);
}
