/**
 * Report → GitHub-flavoured markdown for tickets: the same content as the terminal text, with log
 * text escaped so that it can never break a table, a code span or a fence.
 */
import type { OomEvent, Report } from '../../analysis/report/report-schema.js';
import { CAUSE_TITLES } from '../../analysis/report/cause-phrases.js';
import { clip } from '../clip.js';
import { eventContext, eventCount, eventDigest, factorLabel, factorList, killedName, killSentence, killTitle, cgroupLines, triggerLine, victimIdentity, victimSizes } from '../describe-event.js';
import { formatBytes, formatKb, formatShare } from '../../analysis/units.js';
import { groupEventsByCause } from '../group-events.js';
import { mergeEvidence } from '../merge-evidence.js';
import { evidenceLocation } from '../line-locator.js';
import { mdCode, mdText } from './markdown-escape.js';
import { renderDorisMarkdown } from './render-markdown-doris.js';
import { renderSuggestionsMarkdown } from './render-markdown-suggestions.js';
import { shareBar } from '../share-bar.js';
import { hasMemoryPicture, memInfoRows, TASK_COLUMNS, taskCells, zoneRows } from '../describe-memory.js';
import { rejoinedNote } from '../describe-event.js';

export interface MarkdownOptions {
  /** Rows of the kill table before "… N more". Default 20. */
  maxTableRows?: number;
  /** Rows of each event's task table before "… N more". Default 30. */
  maxTaskRows?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const out: string[] = ['## OOM triage', '', `**${mdText(report.summary)}**`, ''];
  const formats = report.input.formats.length > 0 ? ` — formats: ${report.input.formats.map((f) => mdText(f)).join(', ')}` : '';
  out.push(`_Read ${report.input.lines} lines (${formatBytes(report.input.bytes)})${formats}_`);
  const { events } = report;
  if (events.length === 1) {
    out.push('', ...renderEvent(events[0]!, '###', options));
  } else if (events.length > 1) {
    out.push('', ...killTable(events, options.maxTableRows ?? 20));
    for (const group of groupEventsByCause(events)) {
      const victims = group.victims.slice(0, 5).map((v) => (v.count > 1 ? `${v.comm} ×${v.count}` : v.comm)).join(', ');
      out.push('', `### ${mdText(CAUSE_TITLES[group.cause])}: ${eventCount(group.events).replace(/^(\d+) OOM /, '$1 ')} (${mdText(victims)})`);
      if (group.events.length > 1) out.push('', '_Details of the first of these kills:_');
      out.push('', ...renderEvent(group.example, '####', options));
      const others = group.events.slice(1);
      if (others.length > 0) {
        out.push('', '**The others of this cause**', '');
        for (const e of others) out.push(`- ${mdText(eventDigest(e, events.indexOf(e)))}`);
      }
    }
  }
  if (report.doris) out.push('', ...renderDorisMarkdown(report.doris));
  return out.join('\n') + '\n';
}

function killTable(events: readonly OomEvent[], maxRows: number): string[] {
  const out = [`### ${eventCount(events)}`, '', '| # | time | host | victim | anon-rss | cause |', '|--:|---|---|---|--:|---|'];
  events.slice(0, maxRows).forEach((e, i) => {
    const cells = [String(i + 1), mdText(e.time ?? '?'), mdText(e.host ?? ''), mdText(killedName(e)), e.victim ? formatKb(e.victim.anonRssKb) : '', mdText(CAUSE_TITLES[e.cause])];
    out.push(`| ${cells.join(' | ')} |`);
  });
  if (events.length > maxRows) out.push('', `_… ${events.length - maxRows} more_`);
  return out;
}

function renderEvent(e: OomEvent, heading: string, options: MarkdownOptions): string[] {
  const out = [`${heading} ${mdText(killTitle(e))}`, '', mdText(eventContext(e).join(' · '))];
  const rejoined = rejoinedNote(e);
  if (rejoined) out.push('', `_${mdText(`${rejoined}.`)}_`);
  out.push('', mdText(killSentence(e)));
  const factors = factorList(e);
  if (factors) out.push('', `${factorLabel(e)}: ${mdText(factors)}`);
  if (e.evidence.length > 0) {
    out.push('', '**Why**', '', '| where | log line | why |', '|---|---|---|');
    for (const ev of mergeEvidence(e.evidence)) {
      out.push(`| ${mdCode(evidenceLocation(ev), true)} | ${mdCode(clip(ev.text), true)} | ${ev.whys.map(mdText).join('; ')} |`);
    }
  }
  const memory: string[] = [];
  if (e.victim) memory.push(`- **Victim:** ${mdText(victimIdentity(e.victim))} — ${mdText(victimSizes(e.victim))}`);
  const cgroup = cgroupLines(e);
  if (cgroup.length > 0) memory.push(`- **Cgroup:** ${cgroup.map(mdText).join('; ')}`);
  if (e.trigger) memory.push(`- **Trigger:** ${mdText(triggerLine(e.trigger))}`);
  if (memory.length > 0 || e.topTasks.length > 0) out.push('', '**Memory**', '', ...memory);
  if (e.topTasks.length > 0) {
    out.push('', '| pid | name | rss | share | oom_score_adj |', '|--:|---|--:|---|--:|');
    for (const t of e.topTasks) {
      out.push(`| ${t.pid} | ${mdText(t.comm)} | ${formatKb(t.rssKb)} | ${shareBar(t.share)} ${formatShare(t.share)} | ${t.oomScoreAdj ?? ''} |`);
    }
  }
  if (hasMemoryPicture(e)) out.push(...memoryPicture(e, options.maxTaskRows ?? 30));
  if (e.suggestions.length > 0) out.push('', '**Suggestions**', '', ...renderSuggestionsMarkdown(e.suggestions));
  return out;
}

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

/** Mem-Info and swap, zones with watermarks and buddy counts, the cgroup's memory.stat, the task table (capped). */
function memoryPicture(e: OomEvent, maxTasks: number): string[] {
  const out: string[] = [];
  if (e.memInfo) {
    out.push('', '**Mem-Info**', '', '| | |', '|---|--:|', ...memInfoRows(e.memInfo).map(([k, v]) => row([mdText(k), mdText(v)])));
  }
  if (e.zones.length > 0) {
    out.push('', '**Zones** (free against the watermarks; buddy: free blocks per order)', '', row(['zone', 'free', 'min', 'low', 'high', 'state', 'buddy']), '|---|--:|--:|--:|--:|---|---|');
    for (const cells of zoneRows(e.zones)) out.push(row(cells.map((c, i) => (i === 6 && c !== '' ? mdCode(c, true) : mdText(c)))));
  }
  const stat = e.memcg?.stat;
  if (stat) {
    const unit = e.memcg?.version === 2 ? 'bytes' : 'as printed';
    out.push('', `**memory.stat** of the OOM cgroup (${unit})`, '', '| key | value |', '|---|--:|', ...Object.entries(stat).map(([k, v]) => row([mdCode(k, true), String(v)])));
  }
  if (e.tasks.length > 0) {
    const omitted = e.tasksOmitted + Math.max(0, e.tasks.length - maxTasks);
    out.push('', `**Task table**${omitted > 0 ? ` (${omitted} more rows not shown)` : ''}`, '', row([...TASK_COLUMNS]), `|${TASK_COLUMNS.map((c) => (c === 'name' ? '---' : '--:')).join('|')}|`);
    for (const t of e.tasks.slice(0, maxTasks)) out.push(row(taskCells(t).map(mdText)));
  }
  return out;
}
