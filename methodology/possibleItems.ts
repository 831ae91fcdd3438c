// Which questions can still come, given the answers so far: the count behind
// "Fråga N av M". Counting only the items that apply now made the total jump
// up half-way ("Fråga 2 av 9" became "Fråga 3 av 11" once the relation opened
// two red flags): a goal that moves away from the officer is what makes a
// structured tool feel long. So the total counts every item that applies now
// or whose conditions could still become true — an upper bound that answering
// forward can only lower (a branch closing removes its items; nothing that is
// not already counted can open). Only changing an earlier answer (after
// "tillbaka") can raise it, and then the officer is told why: see
// {@link openedBranches}. Pure, like the rest of the engine.
import { conditionHolds, itemById } from './conditionHolds.js';
import type { Answers } from './givenAnswers.js';
import type { EnableWhen, Instrument, Item, LocalizedText } from './packSchema.js';
import { readPresence } from './presenceAnswer.js';

type Memo = Map<string, boolean>;

/**
 * Whether the item applies now or could still apply when the items it depends
 * on are answered. An answered item on which a condition depends is taken as
 * final (answering forward never changes it), so when every such item is
 * answered this is exactly `isEnabled`. An unanswered one is assumed to
 * be answerable in whatever way opens the condition, if it can still come
 * itself: an upper bound, never an under-count.
 */
export function mayApply(instrument: Instrument, item: Item, answers: Answers, memo: Memo = new Map()): boolean {
  const known = memo.get(item.id);
  if (known !== undefined) return known;
  // A condition cycle cannot be opened by answering forward; the pack validation forbids it anyway.
  memo.set(item.id, false);
  const result = computeMayApply(instrument, item, answers, memo);
  memo.set(item.id, result);
  return result;
}

function computeMayApply(instrument: Instrument, item: Item, answers: Answers, memo: Memo): boolean {
  if (item.type === 'relevance') {
    const factorAnswer = answers[item.factor]?.value;
    if (factorAnswer !== undefined) {
      const ratings = readPresence(factorAnswer);
      if (!ratings || !Object.values(ratings).some((code) => item.whenFactor.includes(code as string))) return false;
    } else {
      const factor = itemById(instrument, item.factor);
      if (!factor || !mayApply(instrument, factor, answers, memo)) return false;
    }
  }
  const conds = item.enableWhen;
  if (conds.length === 0) return true;
  const could = (cond: EnableWhen): boolean => couldHold(instrument, cond, answers, memo);
  return item.enableBehavior === 'all' ? conds.every(could) : conds.some(could);
}

function couldHold(instrument: Instrument, cond: EnableWhen, answers: Answers, memo: Memo): boolean {
  if (answers[cond.item] !== undefined) return conditionHolds(instrument, cond, answers);
  const gate = itemById(instrument, cond.item);
  return gate !== undefined && mayApply(instrument, gate, answers, memo);
}

/** The items that apply now or can still come, in the order they are asked. */
export function possibleItems(instrument: Instrument, answers: Answers): Item[] {
  const memo: Memo = new Map();
  return instrument.sections.flatMap((s) => s.items).filter((item) => mayApply(instrument, item, answers, memo));
}

/** "Question position of total", total being every question that can still come (see the module comment). */
export function progress(instrument: Instrument, answers: Answers, itemId: string): { position: number; total: number } {
  const items = possibleItems(instrument, answers);
  const index = items.findIndex((i) => i.id === itemId);
  return { position: index < 0 ? items.length : index + 1, total: items.length };
}

/** Questions a changed answer opened, per section in the pack's order: what the officer is told when the total rises. */
export interface OpenedBranch {
  sectionTitle: LocalizedText;
  count: number;
}

/**
 * The items that can come after the change and could not before, grouped by
 * section. Empty when answering forward (the total never rises then); after
 * an earlier answer is changed, each group is one line to the officer
 * ("2 frågor till om varningstecken").
 */
export function openedBranches(instrument: Instrument, before: Answers, after: Answers): OpenedBranch[] {
  const was = new Set(possibleItems(instrument, before).map((i) => i.id));
  const now = new Set(possibleItems(instrument, after).map((i) => i.id));
  const opened: OpenedBranch[] = [];
  for (const section of instrument.sections) {
    const count = section.items.filter((i) => now.has(i.id) && !was.has(i.id)).length;
    if (count > 0) opened.push({ sectionTitle: section.title, count });
  }
  return opened;
}
