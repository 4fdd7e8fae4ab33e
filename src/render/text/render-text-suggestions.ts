import type { Suggestion } from '../../analysis/report/report-schema.js';
import { terminalSafe } from './terminal-safe.js';
import type { TextStyle } from './text-style.js';

/** Numbered suggestions, each with its detail and the commands to run (prefixed "$ "). */
export function renderSuggestionsText(suggestions: readonly Suggestion[], style: TextStyle, indent: string): string[] {
  const out: string[] = [];
  suggestions.forEach((s, i) => {
    const num = `${i + 1}. `;
    const pad = indent + ' '.repeat(num.length);
    out.push(`${indent}${style.bold(num + terminalSafe(s.title))}`);
    if (s.detail) for (const line of s.detail.split('\n')) out.push(`${pad}${terminalSafe(line)}`);
    for (const cmd of s.commands) for (const line of cmd.split('\n')) out.push(`${pad}${style.green(`$ ${terminalSafe(line)}`)}`);
  });
  return out;
}
