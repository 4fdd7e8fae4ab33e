/**
 * Report → terminal text: the summary first, then per kill a verdict, why (evidence), memory,
 * suggestions; several kills get a table and one section per distinct cause; then Doris.
 */
import type { OomEvent, Report } from '../../analysis/report/report-schema.js';
import { CAUSE_TITLES } from '../../analysis/report/cause-phrases.js';
import { eventSubject } from '../../analysis/report/event-subject.js';
import { clip } from '../clip.js';
import { eventContext, eventCount, eventDigest, factorLabel, factorList, killedName, killSentence, killTitle, cgroupLines, triggerLine, victimIdentity, victimSizes } from '../describe-event.js';
import { formatBytes, formatKb, formatShare } from '../../analysis/units.js';
import { memInfoSummary, zoneName, zoneState } from '../describe-memory.js';
import { groupEventsByCause } from '../group-events.js';
import { mergeEvidence } from '../merge-evidence.js';
import { evidenceLocation } from '../line-locator.js';
import { renderDorisText } from './render-text-doris.js';
import { renderSuggestionsText } from './render-text-suggestions.js';
import { shareBar } from '../share-bar.js';
import { terminalSafe } from './terminal-safe.js';
import { createTextStyle, type TextStyle } from './text-style.js';
import { textTable } from '../text-table.js';
import { rejoinedNote } from '../describe-event.js';

export interface TextOptions {
  /** ANSI colour. Default false (the CLI turns it on for a TTY). */
  color?: boolean;
  /** Rows of the kill table before "… N more". Default 20. */
  maxTableRows?: number;
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const style = createTextStyle(options.color ?? false);
  const out: string[] = [];
  out.push(style.bold(terminalSafe(report.summary)));
  out.push(style.dim(inputLine(report)));
  const { events } = report;
  if (events.length === 1) {
    out.push('', ...renderEvent(events[0]!, style));
  } else if (events.length > 1) {
    out.push('', ...killTable(events, style, options.maxTableRows ?? 20));
    for (const group of groupEventsByCause(events)) {
      const victims = group.victims.slice(0, 5).map((v) => (v.count > 1 ? `${v.comm} ×${v.count}` : v.comm)).join(', ');
      out.push('', style.bold(style.cyan(`━━ ${CAUSE_TITLES[group.cause]}: ${eventCount(group.events).replace(/^(\d+) OOM /, '$1 ')} (${terminalSafe(victims)})`)));
      if (group.events.length > 1) out.push(style.dim('   Details of the first of these kills:'));
      out.push(...renderEvent(group.example, style));
      const others = group.events.slice(1);
      if (others.length > 0) {
        out.push('', `  ${style.bold('The others of this cause')}`);
        for (const e of others) out.push(`    ${terminalSafe(eventDigest(e, events.indexOf(e)))}`);
      }
    }
  }
  if (report.doris) out.push('', ...renderDorisText(report.doris, style));
  return out.join('\n') + '\n';
}

function inputLine(report: Report): string {
  const { input } = report;
  const formats = input.formats.length > 0 ? ` — formats: ${input.formats.join(', ')}` : '';
  return `Read ${input.lines} line${input.lines === 1 ? '' : 's'} (${formatBytes(input.bytes)})${formats}`;
}

function killTable(events: readonly OomEvent[], style: TextStyle, maxRows: number): string[] {
  const rows = [['#', 'time', 'host', 'victim', 'anon-rss', 'cause']];
  events.slice(0, maxRows).forEach((e, i) => {
    rows.push([
      String(i + 1),
      e.time ?? '?',
      e.host ?? '',
      terminalSafe(killedName(e)),
      e.victim ? formatKb(e.victim.anonRssKb) : '',
      CAUSE_TITLES[e.cause],
    ]);
  });
  const [head, ...body] = textTable(rows, ['right', 'left', 'left', 'left', 'right', 'left'], '  ');
  const lines = [style.bold(eventCount(events)), style.dim(head ?? ''), ...body];
  if (events.length > maxRows) lines.push(style.dim(`  … ${events.length - maxRows} more`));
  return lines;
}

function renderEvent(e: OomEvent, style: TextStyle): string[] {
  const out: string[] = [];
  // Red for a kill whose victim is known (from the kernel or kubectl), yellow when the kill line is missing.
  const colourOf = eventSubject(e) !== null ? style.red : style.yellow;
  out.push(style.bold(colourOf(`▶ ${terminalSafe(killTitle(e))}`)));
  out.push(`  ${style.dim(terminalSafe(eventContext(e).join(' · ')))}`);
  const rejoined = rejoinedNote(e);
  if (rejoined) out.push(`  ${style.dim(`${rejoined}.`)}`);
  out.push(`  ${terminalSafe(killSentence(e))}`);
  const factors = factorList(e);
  if (factors) out.push(`  ${factorLabel(e)}: ${factors}`);

  if (e.evidence.length > 0) {
    out.push('', `  ${style.bold('Why')}`);
    const merged = mergeEvidence(e.evidence);
    const refs = merged.map(evidenceLocation);
    const width = Math.max(...refs.map((r) => r.length));
    merged.forEach((ev, i) => {
      out.push(`    ${style.cyan(refs[i]!.padEnd(width))}  ${terminalSafe(clip(ev.text))}`);
      for (const why of ev.whys) out.push(`    ${' '.repeat(width)}  ${style.dim(`→ ${terminalSafe(why)}`)}`);
    });
  }

  const memory = memoryLines(e, style);
  if (memory.length > 0) out.push('', `  ${style.bold('Memory')}`, ...memory);
  if (e.suggestions.length > 0) out.push('', `  ${style.bold('Suggestions')}`, ...renderSuggestionsText(e.suggestions, style, '    '));
  return out;
}

function memoryLines(e: OomEvent, style: TextStyle): string[] {
  const out: string[] = [];
  const field = (label: string, first: string, more: string[] = []): void => {
    out.push(`    ${style.bold(label.padEnd(10))} ${terminalSafe(first)}`);
    for (const m of more) out.push(`    ${' '.repeat(10)} ${terminalSafe(m)}`);
  };
  if (e.victim) field('Victim', victimIdentity(e.victim), [victimSizes(e.victim)]);
  const cgroup = cgroupLines(e);
  if (cgroup.length > 0) field('Cgroup', cgroup[0]!, cgroup.slice(1));
  if (e.trigger) field('Trigger', triggerLine(e.trigger));
  if (e.memInfo) field('Mem-Info', memInfoSummary(e.memInfo));
  const zones = e.zones.filter((z) => z.minKb !== null);
  if (zones.length > 0) {
    const [first, ...more] = zones.map((z) => `${zoneName(z)}: free ${formatKb(z.freeKb)}, min ${formatKb(z.minKb)}, low ${formatKb(z.lowKb)} — ${zoneState(z)}`);
    field('Zones', first!, more);
  }
  if (e.topTasks.length > 0) {
    out.push(`    ${style.bold('Top tasks by RSS (share of the task dump)')}`);
    const rows = [['pid', 'name', 'rss', 'share', 'oom_score_adj']];
    for (const t of e.topTasks) {
      rows.push([String(t.pid), terminalSafe(t.comm), formatKb(t.rssKb), `${shareBar(t.share)} ${formatShare(t.share).padStart(4)}`, t.oomScoreAdj === null ? '' : String(t.oomScoreAdj)]);
    }
    const [head, ...body] = textTable(rows, ['right', 'left', 'right', 'left', 'right'], '      ');
    out.push(style.dim(head ?? ''), ...body);
  }
  return out;
}
