/**
 * Report → GitHub-flavoured markdown for tickets: the same content as the terminal text, with log
 * text escaped so that it can never break a table, a code span or a fence.
 */
import type { OomEvent, Report } from '../../analysis/report/report-schema.js';
import { CAUSE_TITLES } from '../../analysis/report/cause-phrases.js';
import { clip } from '../clip.js';
import { eventContext, factorList, killedName, killSentence, killTitle, memcgDetails, memcgUsage, triggerLine, victimIdentity, victimSizes } from '../describe-event.js';
import { formatBytes, formatKb, formatShare } from '../../analysis/units.js';
import { groupEventsByCause } from '../group-events.js';
import { mergeEvidence } from '../merge-evidence.js';
import { evidenceLocation } from '../line-locator.js';
import { mdCode, mdText } from './markdown-escape.js';
import { renderDorisMarkdown } from './render-markdown-doris.js';
import { renderSuggestionsMarkdown } from './render-markdown-suggestions.js';
import { shareBar } from '../share-bar.js';

export interface MarkdownOptions {
  /** Rows of the kill table before "… N more". Default 20. */
  maxTableRows?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const out: string[] = ['## OOM triage', '', `**${mdText(report.summary)}**`, ''];
  const formats = report.input.formats.length > 0 ? ` — formats: ${report.input.formats.map((f) => mdText(f)).join(', ')}` : '';
  out.push(`_Read ${report.input.lines} lines (${formatBytes(report.input.bytes)})${formats}_`);
  const { events } = report;
  if (events.length === 1) {
    out.push('', ...renderEvent(events[0]!, '###'));
  } else if (events.length > 1) {
    out.push('', ...killTable(events, options.maxTableRows ?? 20));
    for (const group of groupEventsByCause(events)) {
      const victims = group.victims.slice(0, 5).map((v) => (v.count > 1 ? `${v.comm} ×${v.count}` : v.comm)).join(', ');
      out.push('', `### ${mdText(CAUSE_TITLES[group.cause])}: ${group.events.length} kill${group.events.length === 1 ? '' : 's'} (${mdText(victims)})`);
      if (group.events.length > 1) out.push('', '_Details of the first of these kills:_');
      out.push('', ...renderEvent(group.example, '####'));
    }
  }
  if (report.doris) out.push('', ...renderDorisMarkdown(report.doris));
  return out.join('\n') + '\n';
}

function killTable(events: readonly OomEvent[], maxRows: number): string[] {
  const out = [`### ${events.length} OOM kills`, '', '| # | time | host | victim | anon-rss | cause |', '|--:|---|---|---|--:|---|'];
  events.slice(0, maxRows).forEach((e, i) => {
    const cells = [String(i + 1), mdText(e.time ?? '?'), mdText(e.host ?? ''), mdText(killedName(e)), e.victim ? formatKb(e.victim.anonRssKb) : '', mdText(CAUSE_TITLES[e.cause])];
    out.push(`| ${cells.join(' | ')} |`);
  });
  if (events.length > maxRows) out.push('', `_… ${events.length - maxRows} more_`);
  return out;
}

function renderEvent(e: OomEvent, heading: string): string[] {
  const out = [`${heading} ${mdText(killTitle(e))}`, '', mdText(eventContext(e).join(' · ')), '', mdText(killSentence(e))];
  const factors = factorList(e);
  if (factors) out.push('', `Contributing: ${mdText(factors)}`);
  if (e.evidence.length > 0) {
    out.push('', '**Why**', '', '| where | log line | why |', '|---|---|---|');
    for (const ev of mergeEvidence(e.evidence)) {
      out.push(`| ${mdCode(evidenceLocation(ev), true)} | ${mdCode(clip(ev.text), true)} | ${ev.whys.map(mdText).join('; ')} |`);
    }
  }
  const memory: string[] = [];
  if (e.victim) memory.push(`- **Victim:** ${mdText(victimIdentity(e.victim))} — ${mdText(victimSizes(e.victim))}`);
  if (e.memcg) memory.push(`- **Cgroup:** ${[memcgUsage(e.memcg), ...memcgDetails(e.memcg)].map(mdText).join('; ')}`);
  if (e.trigger) memory.push(`- **Trigger:** ${mdText(triggerLine(e.trigger))}`);
  if (memory.length > 0 || e.topTasks.length > 0) out.push('', '**Memory**', '', ...memory);
  if (e.topTasks.length > 0) {
    out.push('', '| pid | name | rss | share | oom_score_adj |', '|--:|---|--:|---|--:|');
    for (const t of e.topTasks) {
      out.push(`| ${t.pid} | ${mdText(t.comm)} | ${formatKb(t.rssKb)} | ${shareBar(t.share)} ${formatShare(t.share)} | ${t.oomScoreAdj ?? ''} |`);
    }
  }
  if (e.suggestions.length > 0) out.push('', '**Suggestions**', '', ...renderSuggestionsMarkdown(e.suggestions));
  return out;
}
