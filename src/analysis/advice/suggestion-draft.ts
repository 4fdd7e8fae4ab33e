/**
 * What every advice family writes: a suggestion whose commands are still shell text. Finishing it
 * labels each command with its effect, so renderers can show read-only checks apart from changes
 * (copying a block that mixes the two would change a production host).
 */
import type { Suggestion } from '../report/report-schema.js';
import { commandEffect } from './command-effect.js';
import type { SuggestionId } from './suggestion-ids.js';

export interface SuggestionDraft {
  id: SuggestionId;
  title: string;
  detail: string;
  commands: string[];
}

export function finishSuggestion(draft: SuggestionDraft): Suggestion {
  return { ...draft, commands: draft.commands.map((run) => ({ run, effect: commandEffect(run) })) };
}
