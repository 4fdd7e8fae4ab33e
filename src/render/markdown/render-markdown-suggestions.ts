import type { Suggestion } from '../../analysis/report/report-schema.js';
import { mdFence, mdText } from './markdown-escape.js';

/** Numbered suggestions; commands in a fenced `sh` block inside the list item. */
export function renderSuggestionsMarkdown(suggestions: readonly Suggestion[]): string[] {
  const out: string[] = [];
  suggestions.forEach((s, i) => {
    const num = `${i + 1}. `;
    const pad = ' '.repeat(num.length);
    out.push(`${num}**${mdText(s.title)}**`);
    if (s.detail) out.push(`${pad}${s.detail.split('\n').map(mdText).join(' ')}`);
    if (s.commands.length > 0) {
      const lines = s.commands.flatMap((c) => c.split('\n'));
      out.push('', ...mdFence(lines, 'sh').map((l) => pad + l));
    }
    out.push('');
  });
  if (out[out.length - 1] === '') out.pop();
  return out;
}
