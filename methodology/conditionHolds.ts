// Evaluates the pack's conditions (enableWhen, rationale demands, consistency
// checks, suggestion rules) against answers. One evaluator for all of them, so
// a condition means the same in a dialog's branching as in a rule's suggestion.
import type { Answers } from './givenAnswers.js';
import type { Condition, CountCondition, EnableWhen, Instrument, Item, PresenceItem } from './packSchema.js';
import { readPresence } from './presenceAnswer.js';

function codesOf(item: Item | undefined, value: string | readonly string[], period: string | undefined): readonly string[] {
  if (item?.type === 'presence') {
    const ratings = readPresence(value) ?? {};
    return Object.entries(ratings)
      .filter(([p]) => period === undefined || p === period)
      .map(([, code]) => code as string);
  }
  return typeof value === 'string' ? [value] : value;
}

// Conditions are evaluated many times per answer; packs are frozen, so an id index per instrument stays valid.
const itemIndexes = new WeakMap<Instrument, Map<string, Item>>();
/** An item of the instrument by id, from an index built once per (frozen) instrument. */
export function itemById(instrument: Instrument, id: string): Item | undefined {
  let index = itemIndexes.get(instrument);
  if (!index) {
    index = new Map(instrument.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
    itemIndexes.set(instrument, index);
  }
  return index.get(id);
}

function itemConditionHolds(instrument: Instrument, cond: EnableWhen, answers: Answers): boolean {
  const given = answers[cond.item]?.value;
  if (cond.operator === 'answered') return given !== undefined;
  if (given === undefined) return false;
  const item = itemById(instrument, cond.item);
  const codes = codesOf(item, given, cond.period);
  switch (cond.operator) {
    case 'equals':
      return codes.includes(cond.value);
    case 'notEquals':
      return codes.length > 0 && !codes.includes(cond.value);
    case 'in':
      return codes.some((c) => cond.values.includes(c));
    default: {
      const never: never = cond;
      return never;
    }
  }
}

/** How many applicable presence factors (in the instrument or one section) carry one of the codes. */
export function countFactors(instrument: Instrument, answers: Answers, codes: readonly string[], period?: string, section?: string): number {
  let count = 0;
  for (const s of instrument.sections) {
    if (section !== undefined && s.id !== section) continue;
    for (const item of s.items) {
      if (item.type !== 'presence' || !isEnabled(instrument, item, answers)) continue;
      const given = answers[item.id]?.value;
      if (given !== undefined && codesOf(item as PresenceItem, given, period).some((c) => codes.includes(c))) count++;
    }
  }
  return count;
}

function countConditionHolds(instrument: Instrument, cond: CountCondition, answers: Answers): boolean {
  const n = countFactors(instrument, answers, cond.codes, cond.period, cond.section);
  switch (cond.operator) {
    case 'countAtLeast':
      return n >= cond.value;
    case 'countAtMost':
      return n <= cond.value;
    default: {
      const never: never = cond.operator;
      return never;
    }
  }
}

export function conditionHolds(instrument: Instrument, cond: Condition, answers: Answers): boolean {
  return 'item' in cond ? itemConditionHolds(instrument, cond, answers) : countConditionHolds(instrument, cond, answers);
}

/** All or any of the conditions; an empty list always holds. */
export function conditionsHold(instrument: Instrument, conds: readonly Condition[], behavior: 'all' | 'any', answers: Answers): boolean {
  if (conds.length === 0) return true;
  return behavior === 'all' ? conds.every((c) => conditionHolds(instrument, c, answers)) : conds.some((c) => conditionHolds(instrument, c, answers));
}

/**
 * An item applies when its conditions hold (all or any, per the item); a
 * relevance item also needs its factor rated present (J or D by default).
 */
export function isEnabled(instrument: Instrument, item: Item, answers: Answers): boolean {
  if (item.type === 'relevance') {
    const factor = answers[item.factor]?.value;
    const ratings = factor === undefined ? undefined : readPresence(factor);
    if (!ratings || !Object.values(ratings).some((code) => item.whenFactor.includes(code as string))) return false;
  }
  return conditionsHold(instrument, item.enableWhen, item.enableBehavior, answers);
}
