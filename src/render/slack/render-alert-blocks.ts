/**
 * The answer to an OOM alert that carried no kernel log (Report.alert): at a glance what was killed,
 * where and why, what the cluster adds when it is configured, the read-only next steps with the
 * names filled in, and an invitation to paste their output in the thread — which the bot then
 * analyses like any paste. Everything taken from the alert is escaped (escape-mrkdwn.ts).
 */
import type { AlertReport, Report } from '../../analysis/report/report-schema.js';
import { alertSentence } from '../../analysis/alerts/alert-sentence.js';
import { commandGroups } from '../command-groups.js';
import { alertOrigin, alertTitle, clusterLines, gapLine } from '../describe-alert.js';
import { clip } from '../clip.js';
import { context, divider, fields, fitMessage, header, section, type Block } from './block-kit.js';
import { escapeCode, escapeMrkdwn, inlineCode } from './escape-mrkdwn.js';

/** True when the report answers an alert alone: its text held no kill and no Doris summary. */
export function answersAlertOnly(report: Report): report is Report & { alert: AlertReport } {
  return report.alert !== null && report.events.length === 0 && report.doris === null;
}

export function renderAlertBlocks(alert: AlertReport): { text: string; blocks: Block[] } {
  const sentence = alertSentence(alert, { name: inlineCode, quote: escapeMrkdwn });
  const blocks: Block[] = [header(alertTitle(alert)), section(sentence)];
  const pairs: Array<[string, string]> = [['Alert', escapeMrkdwn(alertOrigin(alert))]];
  const f = alert.facts;
  const node = f.node ?? alert.cluster?.pod?.node ?? null;
  if (node !== null) pairs.push(['Node', inlineCode(node)]);
  if (f.time !== null) pairs.push(['Time', escapeMrkdwn(f.time)]);
  if (f.killedProcess !== null) pairs.push(['Killed process', escapeMrkdwn(`${f.killedProcess.comm} (pid ${f.killedProcess.pid})`)]);
  blocks.push(fields(pairs));
  if (alert.cluster !== null) blocks.push(...clusterBlocks(alert));
  blocks.push(divider, ...nextStepBlocks(alert));
  blocks.push(
    section(
      '*Paste the output of any of these in this thread* (the `describe` text, or the node\'s `dmesg -T`) and I will explain the kill at kernel level: which process, how much memory, which limit.',
    ),
  );
  blocks.push(context([`Read from the alert's text — no kernel log was in it · oom-triage`]));
  return { text: escapeMrkdwn(alertSentence(alert)), blocks: fitMessage(blocks) };
}

function clusterBlocks(alert: AlertReport): Block[] {
  const cluster = alert.cluster!;
  // The working set over time is a picture posted under this answer (render-charts.ts alertChart).
  const lines = clusterLines(cluster).map((l) => `• ${escapeMrkdwn(l)}`);
  const events = cluster.events.slice(-5).map((e) => `• ${escapeMrkdwn(clip(`${e.time ?? ''} ${e.type ?? ''} ${e.reason ?? ''}: ${e.message}${e.count !== null && e.count > 1 ? ` (×${e.count})` : ''}`.trim(), 300))}`);
  const out: Block[] = [];
  if (lines.length > 0) out.push(section(`*From the cluster*\n${lines.join('\n')}`));
  if (events.length > 0) out.push(section(`*Recent events of the pod*\n${events.join('\n')}`));
  if (cluster.gaps.length > 0) out.push(context([`_Not shown — ${escapeMrkdwn(cluster.gaps.map(gapLine).join('; '))}._`]));
  return out;
}

function nextStepBlocks(alert: AlertReport): Block[] {
  return alert.suggestions.map((s, i) => {
    const cmds = commandGroups(s.commands)
      .map((g) => `\n_${g.label}_\n\`\`\`${escapeCode(g.runs.join('\n').slice(0, 1200))}\`\`\``)
      .join('');
    return section(`*${i + 1}. ${escapeMrkdwn(s.title)}*\n${escapeMrkdwn(s.detail)}${cmds}`);
  });
}
