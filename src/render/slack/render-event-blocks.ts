/**
 * One OOM kill (or one group of kills with the same cause) → Block Kit sections. The phrases, sizes
 * and tables are the CLI's (src/render); only the mrkdwn and its escaping are Slack's.
 */
import type { OomEvent } from '../../analysis/report/report-schema.js';
import { clip } from '../clip.js';
import { eventContext, factorList, killSentence, cgroupLines, triggerLine, victimIdentity, victimSizes } from '../describe-event.js';
import { formatKb, formatShare } from '../../analysis/units.js';
import { shareBar } from '../share-bar.js';
import { textTable } from '../text-table.js';
import { escapeCode, escapeMrkdwn, inlineCode } from './escape-mrkdwn.js';
import { fields, section, type Block } from './block-kit.js';
import { rejoinedNote } from '../describe-event.js';
import { describeTime } from '../describe-time.js';

export function eventFields(e: OomEvent): Block {
  const pairs: Array<[string, string]> = [];
  if (e.victim) {
    pairs.push(['Victim', escapeMrkdwn(victimIdentity(e.victim))]);
    pairs.push(['Memory', escapeMrkdwn(victimSizes(e.victim))]);
  }
  const cgroup = cgroupLines(e);
  if (cgroup.length > 0) pairs.push(['cgroup', cgroup.map(escapeMrkdwn).join('\n')]);
  if (e.constraint) pairs.push(['Constraint', inlineCode(e.constraint)]);
  if (e.trigger) pairs.push(['Trigger', escapeMrkdwn(triggerLine(e.trigger))]);
  if (e.time) pairs.push(['Time', escapeMrkdwn(describeTime(e.time))]);
  if (e.host) pairs.push(['Host', escapeMrkdwn(e.host)]);
  if (e.kernelVersion) pairs.push(['Kernel', escapeMrkdwn(e.kernelVersion)]);
  const factors = factorList(e);
  if (factors) pairs.push(['Also', escapeMrkdwn(factors)]);
  return fields(pairs.length > 0 ? pairs : [['Where', escapeMrkdwn(eventContext(e).join(' · '))]]);
}

/** "Why" with the evidence lines quoted in a code block each. */
export function whySection(e: OomEvent, maxEvidence = 6): Block {
  const lines = [`*Why:* ${escapeMrkdwn(killSentence(e))}`];
  for (const ev of e.evidence.slice(0, maxEvidence)) {
    lines.push(`• ${escapeMrkdwn(ev.why)} _(line ${ev.line})_\n\`\`\`${escapeCode(clip(ev.text, 600))}\`\`\``);
  }
  if (e.evidence.length > maxEvidence) lines.push(`_…and ${e.evidence.length - maxEvidence} more evidence line(s)._`);
  const rejoined = rejoinedNote(e);
  if (rejoined) lines.push(`_${escapeMrkdwn(`${rejoined}.`)}_`);
  return section(lines.join('\n'));
}

/** The task dump's largest tasks with their share of the dumped RSS: the CLI's table, in a code block. */
export function topTasksSection(e: OomEvent, max = 8): Block | null {
  if (e.topTasks.length === 0) return null;
  const rows = [['pid', 'name', 'rss', 'share', 'oom_score_adj']];
  for (const t of e.topTasks.slice(0, max)) {
    rows.push([String(t.pid), clip(t.comm, 40), formatKb(t.rssKb), `${shareBar(t.share)} ${formatShare(t.share).padStart(4)}`, t.oomScoreAdj === null ? '' : String(t.oomScoreAdj)]);
  }
  const table = textTable(rows, ['right', 'left', 'right', 'left', 'right']);
  const more = e.topTasks.length > max ? `\n_${e.topTasks.length - max} smaller task(s) not shown._` : '';
  return section(`*Memory breakdown* — largest tasks in the dump\n\`\`\`${escapeCode(table.join('\n'))}\`\`\`${more}`);
}

export function eventBlocks(e: OomEvent): Block[] {
  const blocks = [eventFields(e), whySection(e)];
  const tasks = topTasksSection(e);
  if (tasks) blocks.push(tasks);
  return blocks;
}
