/**
 * What one alert family's reader says about a message. A key it sets (even to null) overrides what
 * the shared readers found; a key it leaves out is filled from the labels and sentences.
 */
import type { AlertFacts, MemoryFigures } from './alert-facts.js';
import type { MessageView } from './message-view.js';

export type FamilyFacts = Partial<Omit<AlertFacts, 'memory' | 'aboutOomKill' | 'oomEvidence' | 'oomKind'>> &
  Pick<AlertFacts, 'source'> & {
    memory?: Partial<MemoryFigures>;
    /** Read from a value's shape, not its name: used only when neither sentences nor labels tell. */
    shapeGuesses?: { pod?: string };
  };

/** Null when the message is not in this family's format. */
export type FamilyReader = (view: MessageView) => FamilyFacts | null;
