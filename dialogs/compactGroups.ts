// Compact mode's cards (issue 13, item 1): which items of an instrument share
// one card. Generic over every instrument, read off the pack's own structure:
// one card per section (the threat question and the relation; all red flags;
// one domain's factors; the relevance of the factors present; the scenarios;
// the three summary judgements), except that every measures item — one plan
// part, Skydd, Stöd or Reducering av hotaktör — is a card of its own, after
// its section's questions.
import { applicableItems, type Answers } from '../methodology/instrumentEngine.js';
import type { Instrument, Item, LocalizedText } from '../methodology/packSchema.js';

export interface CompactGroup {
  /** The section id, or the measures item's id for a plan part; what the card's submit names. */
  id: string;
  sectionTitle: LocalizedText;
  /** Every item of the card in the pack's order, applicable or not (what applies depends on the answers). */
  items: Item[];
}

/**
 * The compact cards of an instrument, in the pack's order: a section's questions on one card, its
 * measures items after it, one card each (a scenario's "more scenarios?" goes on the scenario's card,
 * before its measures).
 */
export function compactGroupsOf(instrument: Instrument): CompactGroup[] {
  const groups: CompactGroup[] = [];
  for (const section of instrument.sections) {
    const questions = section.items.filter((i) => i.type !== 'measures');
    if (questions.length) groups.push({ id: section.id, sectionTitle: section.title, items: questions });
    for (const item of section.items) if (item.type === 'measures') groups.push({ id: item.id, sectionTitle: section.title, items: [item] });
  }
  return groups;
}

/** The card an item is on; an item of no card is a bug, not officer input. */
export function groupOfItem(instrument: Instrument, itemId: string): CompactGroup {
  const group = compactGroupsOf(instrument).find((g) => g.items.some((i) => i.id === itemId));
  if (!group) throw new Error(`item ${itemId} is on no compact card of ${instrument.id}`);
  return group;
}

/**
 * The cards that can still be shown under the answers: those with an applicable item, and those
 * whose items hang on an answer not given yet (the relevance card before any factor is rated), so
 * "Kort 2 av 10" does not become "Kort 3 av 11" half-way.
 */
export function shownGroups(instrument: Instrument, answers: Answers): CompactGroup[] {
  const applicable = new Set(applicableItems(instrument, answers).map((i) => i.id));
  const byId = new Map(compactGroupsOf(instrument).flatMap((g) => g.items.map((i) => [i.id, i] as const)));
  // An item may come when it applies, or hangs on an unanswered item that may itself still come.
  const open = (id: string): boolean => answers[id] === undefined && byId.has(id) && mayCome(byId.get(id)!);
  const mayCome = (item: Item): boolean =>
    applicable.has(item.id) || (item.type === 'relevance' && open(item.factor)) || item.enableWhen.some((cond) => open(cond.item));
  return compactGroupsOf(instrument).filter((g) => g.items.some(mayCome));
}
