// Measures to consider, from the pack's suggestion rules: the same answers
// give the same suggestions everywhere in the country. Each suggestion keeps
// the reasons of every rule behind it, so the officer sees why — and decides.
import { conditionsHold } from './conditionHolds.js';
import type { Answers } from './instrumentEngine.js';
import type { Instrument, LocalizedText, Measure, Pack } from './packSchema.js';

export interface MeasureSuggestion {
  measure: Measure;
  because: { ruleId: string; reason: LocalizedText }[];
}

/** Suggestions in catalogue order (Skydd, Stöd, Reducering as the pack lists them), one per measure. */
export function suggestMeasures(pack: Pack, instrument: Instrument, answers: Answers): MeasureSuggestion[] {
  const because = new Map<string, MeasureSuggestion['because']>();
  for (const rule of pack.suggestionRules) {
    if (rule.instrument !== instrument.id || !conditionsHold(instrument, rule.when, rule.behavior, answers)) continue;
    for (const id of rule.suggest) because.set(id, [...(because.get(id) ?? []), { ruleId: rule.id, reason: rule.reason }]);
  }
  return pack.measures.filter((m) => because.has(m.id)).map((measure) => ({ measure, because: because.get(measure.id)! }));
}
