import type { Suggestion } from '../../analysis/report/report-schema.js';
import { terminalSafe } from './terminal-safe.js';
import type { TextStyle } from './text-style.js';
import { commandGroups } from '../command-groups.js';

/**
 * Numbered suggestions, each with its detail and the commands to run (prefixed "$ "): read-only
 * checks first, then the changes under their own label, so a copied block never mixes the two.
 */
export function renderSuggestionsText(suggestions: readonly Suggestion[], style: TextStyle, indent: string): string[] {
  const out: string[] = [];
  suggestions.forEach((s, i) => {
    const num = `${i + 1}. `;
    const pad = indent + ' '.repeat(num.length);
    out.push(`${indent}${style.bold(num + terminalSafe(s.title))}`);
    if (s.detail) for (const line of s.detail.split('\n')) out.push(`${pad}${terminalSafe(line)}`);
    for (const group of commandGroups(s.commands)) {
      out.push(`${pad}${style.dim(group.label)}`);
      for (const run of group.runs) for (const line of run.split('\n')) out.push(`${pad}${style.green(`$ ${terminalSafe(line)}`)}`);
    }
  });
  return out;
}
