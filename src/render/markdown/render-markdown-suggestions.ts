import type { Suggestion } from '../../analysis/report/report-schema.js';
import { mdFence, mdText } from './markdown-escape.js';
import { commandGroups } from '../command-groups.js';

/** Numbered suggestions; read-only checks and changes in separate fenced `sh` blocks inside the list item. */
export function renderSuggestionsMarkdown(suggestions: readonly Suggestion[]): string[] {
  const out: string[] = [];
  suggestions.forEach((s, i) => {
    const num = `${i + 1}. `;
    const pad = ' '.repeat(num.length);
    out.push(`${num}**${mdText(s.title)}**`);
    if (s.detail) out.push(`${pad}${s.detail.split('\n').map(mdText).join(' ')}`);
    for (const group of commandGroups(s.commands)) {
      const lines = group.runs.flatMap((c) => c.split('\n'));
      out.push('', `${pad}*${group.label}*`, '', ...mdFence(lines, 'sh').map((l) => pad + l));
    }
    out.push('');
  });
  if (out[out.length - 1] === '') out.pop();
  return out;
}
