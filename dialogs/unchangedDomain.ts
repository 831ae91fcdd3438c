// Omprövning (issue 12, item 5): which factors of a domain the officer can
// confirm as unchanged in one step, and the previous rating shown at each
// question. A domain is a section of factor items (presence or relevance). It
// can be confirmed when every factor of it that applies now and is not yet
// answered in this re-assessment (the question on screen included) has a
// previous rating that is still a valid answer here — under this method
// version, with the reason it needed then. Pure; the runner saves what it names.
import { applicableItems, validateAnswer, type GivenAnswer } from '../methodology/instrumentEngine.js';
import type { Instrument, Item, Pack, Section } from '../methodology/packSchema.js';
import type { RunnerState } from './runnerState.js';

/** A factor confirmed as rated last time: the item and the previous answer, reason included. */
export interface ConfirmedFactor {
  itemId: string;
  given: { value: GivenAnswer['value']; rationale: string | null };
}

/** A domain of factors: every item of the section is rated for presence or relevance. */
export const isFactorSection = (section: Section) => section.items.every((i) => i.type === 'presence' || i.type === 'relevance');

/** The section (domain) of an item. */
export function sectionOf(instrument: Instrument, item: Item): Section {
  const section = instrument.sections.find((s) => s.items.some((i) => i.id === item.id));
  if (!section) throw new Error(`item ${item.id} has no section`);
  return section;
}

/**
 * The factors "Oförändrat för hela domänen" saves, in order, when the officer is at `item` in an
 * omprövning they chose; undefined when the domain cannot be confirmed in one step (not a factor
 * domain, or a factor that applies now without a previous rating that fits).
 */
export function unchangedDomain(pack: Pack, instrument: Instrument, state: RunnerState, item: Item): ConfirmedFactor[] | undefined {
  const previous = state.reassessment?.chosen ? state.reassessment.previous : undefined;
  const section = sectionOf(instrument, item);
  if (!previous || !isFactorSection(section)) return undefined;
  const answers: Record<string, GivenAnswer> = { ...state.answers };
  delete answers[item.id];
  const confirmed: ConfirmedFactor[] = [];
  for (const factor of section.items) {
    // Applicability is read with the factors confirmed so far in place, as answering one by one would.
    if (!applicableItems(instrument, answers).some((i) => i.id === factor.id) || answers[factor.id] !== undefined) continue;
    const before = previous.answers[factor.id];
    if (!before) return undefined;
    const given = { value: before.value, rationale: before.rationale?.trim() || null };
    if (validateAnswer(pack, instrument, factor.id, given, { ...answers, [factor.id]: given }).length) return undefined;
    answers[factor.id] = given;
    confirmed.push({ itemId: factor.id, given });
  }
  return confirmed.length ? confirmed : undefined;
}

/** The previous answer to show at the item in a chosen omprövning (not for free text), with the day it was given. */
export function previousAnswerAt(state: RunnerState, item: Item): { on: string; value: GivenAnswer['value'] } | undefined {
  const previous = state.reassessment?.chosen ? state.reassessment.previous : undefined;
  const before = previous?.answers[item.id];
  if (!previous || !before || item.type === 'text') return undefined;
  return { on: previous.completedOn, value: before.value };
}
