// The factors a completed assessment judged present, with the relevance the
// officer gave each: what a specialist taking over an escalated case (issue 12,
// item 6) sees of the structured assessment besides its summary judgements.
// Pure, from the answers and the exact pack version they answer; ratings only —
// never a rationale or other free text.
import { applicableItems, instrumentItems, type Answers } from './instrumentEngine.js';
import type { Instrument } from './packSchema.js';
import { readPresence } from './presenceAnswer.js';

/** Presence codes that count as present when the instrument has no relevance item for the factor (as relevance items default). */
const PRESENT_BY_DEFAULT: readonly string[] = ['j', 'd'];

export interface PresentFactor {
  /** The presence item. */
  itemId: string;
  /** The relevance code given to it; undefined when the instrument asks none or it was not answered. */
  relevance: string | undefined;
}

/**
 * Applicable presence items rated present in any period — "present" as the factor's relevance item
 * defines it (its `whenFactor` codes) — in instrument order, each with its relevance answer.
 */
export function presentFactors(instrument: Instrument, answers: Answers): PresentFactor[] {
  const applicable = applicableItems(instrument, answers);
  const applicableIds = new Set(applicable.map((item) => item.id));
  const relevanceItems = new Map(instrumentItems(instrument).flatMap((item) => (item.type === 'relevance' ? [[item.factor, item] as const] : [])));
  const present: PresentFactor[] = [];
  for (const item of applicable) {
    if (item.type !== 'presence') continue;
    const ratings = readPresence(answers[item.id]?.value);
    const relevanceItem = relevanceItems.get(item.id);
    const codes = relevanceItem?.whenFactor ?? PRESENT_BY_DEFAULT;
    if (!ratings || !Object.values(ratings).some((code) => codes.includes(code))) continue;
    const relevance = relevanceItem && applicableIds.has(relevanceItem.id) ? answers[relevanceItem.id]?.value : undefined;
    present.push({ itemId: item.id, relevance: typeof relevance === 'string' ? relevance : undefined });
  }
  return present;
}
