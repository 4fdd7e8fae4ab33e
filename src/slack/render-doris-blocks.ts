/** The Apache Doris BE part of a report: memory figures, the largest trackers as a table with a share bar, findings. */
import type { DorisReport } from '../analysis/report-schema.js';
import { escapeCode, escapeMrkdwn } from './escape-mrkdwn.js';
import { fields, section, type Block } from './block-kit.js';
import { formatBytes, formatPercent, padLeft, padRight, shareBar } from './format-size.js';

export function dorisBlocks(d: DorisReport, maxTrackers = 10): Block[] {
  const blocks: Block[] = [];
  const when = [d.summaryTime ? `summary at ${escapeMrkdwn(d.summaryTime)}` : null, d.killTime ? `kill at ${escapeMrkdwn(d.killTime)}` : null]
    .filter((x): x is string => x !== null)
    .join(', ');
  blocks.push(section(`*Apache Doris BE memory*${when ? ` (${when})` : ''}`));

  const pairs: Array<[string, string]> = [];
  if (d.processResidentBytes !== null) pairs.push(['Process resident', formatBytes(d.processResidentBytes)]);
  if (d.sumOfTrackersBytes !== null) {
    pairs.push(['Sum of trackers', `${formatBytes(d.sumOfTrackersBytes)}${d.trackedRatio !== null ? ` (${formatPercent(d.trackedRatio)} tracked)` : ''}`]);
  }
  if (d.limitBytes !== null) pairs.push(['mem_limit', `${formatBytes(d.limitBytes)}${d.softLimitBytes !== null ? `\nsoft ${formatBytes(d.softLimitBytes)}` : ''}`]);
  if (d.physicalBytes !== null) pairs.push(['Physical memory', formatBytes(d.physicalBytes)]);
  if (d.sysAvailableBytes !== null) {
    pairs.push(['Available', `${formatBytes(d.sysAvailableBytes)}${d.lowWaterMarkBytes !== null ? `\nlow water mark ${formatBytes(d.lowWaterMarkBytes)}` : ''}`]);
  }
  if (d.orphanBytes !== null) pairs.push(['Orphan', formatBytes(d.orphanBytes)]);
  if (d.jemallocCacheBytes !== null || d.jemallocMetadataBytes !== null) {
    pairs.push(['jemalloc', `cache ${formatBytes(d.jemallocCacheBytes)}\nmetadata ${formatBytes(d.jemallocMetadataBytes)}`]);
  }
  pairs.push(['GC', `${d.gc.minor} minor, ${d.gc.full} full in ${d.gc.windowMinutes} min`]);
  blocks.push(fields(pairs));

  const trackers = trackerTable(d, maxTrackers);
  if (trackers) blocks.push(trackers);

  if (d.findings.length > 0) {
    const lines = d.findings.map((f) => {
      const quote = f.evidence[0] ? `\n\`\`\`${escapeCode(f.evidence[0].text.slice(0, 400))}\`\`\`` : '';
      return `• *${f.id.replace(/_/g, ' ')}* — ${escapeMrkdwn(f.detail)}${quote}`;
    });
    blocks.push(section(`*Findings*\n${lines.join('\n')}`));
  }
  if (d.cancels.length > 0) {
    const lines = d.cancels.slice(0, 5).map(
      (c) => `• ${escapeMrkdwn(c.task)}: ${formatBytes(c.consumptionBytes)}${c.secondsBeforeKill !== null ? `, cancelled ${c.secondsBeforeKill}s before the kill` : ''}`,
    );
    blocks.push(section(`*Query cancels*\n${lines.join('\n')}`));
  }
  return blocks;
}

/** The largest trackers: label, type, used, peak, and a bar of each one's share of all trackers. */
function trackerTable(d: DorisReport, max: number): Block | null {
  const list = d.trackers.filter((t) => t.usedBytes !== null).slice(0, max);
  if (list.length === 0) return null;
  const total = d.sumOfTrackersBytes ?? list.reduce((n, t) => n + (t.usedBytes ?? 0), 0);
  const head = `${padRight('tracker', 28)} ${padRight('type', 10)} ${padLeft('used', 9)} ${padLeft('peak', 9)}  share`;
  const rows = list.map((t) => {
    const share = total > 0 ? (t.usedBytes ?? 0) / total : 0;
    return `${padRight(t.label, 28)} ${padRight(t.type ?? '', 10)} ${padLeft(formatBytes(t.usedBytes), 9)} ${padLeft(formatBytes(t.peakBytes), 9)}  ${shareBar(share)} ${padLeft(formatPercent(share), 4)}`;
  });
  const more = d.trackers.length > list.length ? `\n_${d.trackers.length - list.length} smaller trackers not shown._` : '';
  return section(`*Largest memory trackers*\n\`\`\`${escapeCode([head, ...rows].join('\n'))}\`\`\`${more}`);
}
