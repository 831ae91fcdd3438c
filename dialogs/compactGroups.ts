// Compact mode's cards (issue 13, item 1): which items of an instrument share
// one card. Generic over every instrument, read off the pack's own structure:
// one card per section (the threat question and the relation; all red flags;
// one domain's factors; the relevance of the factors present; the scenarios;
// the three summary judgements), except that every measures item — one plan
// part, Skydd, Stöd or Reducering av hotaktör — is a card of its own.
import { applicableItems, type Answers } from '../methodology/instrumentEngine.js';
import type { Instrument, Item, LocalizedText } from '../methodology/packSchema.js';

export interface CompactGroup {
  /** The section id, or the measures item's id for a plan part; what the card's submit names. */
  id: string;
  sectionTitle: LocalizedText;
  /** Every item of the card in the pack's order, applicable or not (what applies depends on the answers). */
  items: Item[];
}

/** The compact cards of an instrument, in the pack's order. */
export function compactGroupsOf(instrument: Instrument): CompactGroup[] {
  const groups: CompactGroup[] = [];
  for (const section of instrument.sections) {
    let run: Item[] = [];
    const flush = () => {
      if (run.length) groups.push({ id: groups.some((g) => g.id === section.id) ? `${section.id}-${run[0]!.id}` : section.id, sectionTitle: section.title, items: run });
      run = [];
    };
    for (const item of section.items) {
      if (item.type === 'measures') {
        flush();
        groups.push({ id: item.id, sectionTitle: section.title, items: [item] });
      } else run.push(item);
    }
    flush();
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
  const mayCome = (item: Item) =>
    applicable.has(item.id) ||
    (item.type === 'relevance' && answers[item.factor] === undefined) ||
    item.enableWhen.some((cond) => answers[cond.item] === undefined);
  return compactGroupsOf(instrument).filter((g) => g.items.some(mayCome));
}
