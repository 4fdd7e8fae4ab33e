/**
 * A suggestion's commands as every renderer shows them: read-only checks first, then changes, each
 * group under its label, so that copying one block never changes a system by surprise.
 */
import type { Command } from '../analysis/report/report-schema.js';

export interface CommandGroup {
  effect: Command['effect'];
  label: string;
  runs: string[];
}

export const COMMAND_LABELS: Record<Command['effect'], string> = {
  read: 'Inspect (read-only)',
  change: 'Change (review first)',
};

export function commandGroups(commands: readonly Command[]): CommandGroup[] {
  const groups: CommandGroup[] = [];
  for (const effect of ['read', 'change'] as const) {
    const runs = commands.filter((c) => c.effect === effect).map((c) => c.run);
    if (runs.length > 0) groups.push({ effect, label: COMMAND_LABELS[effect], runs });
  }
  return groups;
}
