// The pure core of every assessment dialog: given an instrument and the
// answers so far, which items apply, what comes next, how far along the
// officer is, and whether an answer fits the item. No I/O, no Teams: the bot,
// the API and tests all decide the same way from the same data.
import type { AnswerOption, ChoiceItem, EnableWhen, Instrument, Item, Pack } from './packSchema.js';

export type AnswerValue = string | string[];
export interface GivenAnswer {
  value: AnswerValue;
  rationale?: string | null;
}
export type Answers = Readonly<Record<string, GivenAnswer>>;

export function instrumentItems(instrument: Instrument): Item[] {
  return instrument.sections.flatMap((s) => s.items);
}

export function findItem(instrument: Instrument, itemId: string): Item | undefined {
  return instrumentItems(instrument).find((i) => i.id === itemId);
}

export function optionsOf(pack: Pack, item: ChoiceItem): readonly AnswerOption[] {
  const set = pack.answerSets.find((s) => s.id === item.answerSet);
  // Pack validation guarantees the set exists; an empty list keeps this total.
  return set?.options ?? [];
}

function conditionHolds(cond: EnableWhen, answers: Answers): boolean {
  const given = answers[cond.item]?.value;
  switch (cond.operator) {
    case 'answered':
      return given !== undefined;
    case 'equals':
      return given === cond.value;
    case 'notEquals':
      return given !== undefined && given !== cond.value;
    case 'in':
      return typeof given === 'string' && cond.values.includes(given);
    default: {
      const never: never = cond;
      return never;
    }
  }
}

/** An item applies when it has no conditions or its conditions hold (all or any, per the item). */
export function isEnabled(item: Item, answers: Answers): boolean {
  if (item.enableWhen.length === 0) return true;
  return item.enableBehavior === 'all'
    ? item.enableWhen.every((c) => conditionHolds(c, answers))
    : item.enableWhen.some((c) => conditionHolds(c, answers));
}

/** Items that apply given the answers, in the order they are asked. */
export function applicableItems(instrument: Instrument, answers: Answers): Item[] {
  return instrumentItems(instrument).filter((item) => isEnabled(item, answers));
}

/** The first applicable item without an answer; undefined when every applicable item is answered. */
export function nextItem(instrument: Instrument, answers: Answers): Item | undefined {
  return applicableItems(instrument, answers).find((item) => answers[item.id] === undefined);
}

/** "Question position of total" among the items that apply now. */
export function progress(instrument: Instrument, answers: Answers, itemId: string): { position: number; total: number } {
  const items = applicableItems(instrument, answers);
  const index = items.findIndex((i) => i.id === itemId);
  return { position: index < 0 ? items.length : index + 1, total: items.length };
}

/** Answers to items that no longer apply (an earlier gate answer changed); they are not part of the result. */
export function staleAnswerIds(instrument: Instrument, answers: Answers): string[] {
  const applicable = new Set(applicableItems(instrument, answers).map((i) => i.id));
  return Object.keys(answers).filter((id) => !applicable.has(id));
}

export type AnswerProblemCode =
  | 'unknown_item'
  | 'item_not_applicable'
  | 'empty'
  | 'too_long'
  | 'not_an_option'
  | 'rationale_required'
  | 'rationale_not_allowed';

export interface AnswerProblem {
  code: AnswerProblemCode;
  path: string[];
  message: string;
}

export const MAX_RATIONALE_LENGTH = 4000;

/** Checks one answer against its item; the API calls this before storing anything. */
export function validateAnswer(pack: Pack, instrument: Instrument, itemId: string, answer: GivenAnswer, answers: Answers): AnswerProblem[] {
  const item = findItem(instrument, itemId);
  if (!item) return [{ code: 'unknown_item', path: ['itemId'], message: `item "${itemId}" does not exist in instrument "${instrument.id}"` }];
  const problems: AnswerProblem[] = [];
  if (!isEnabled(item, answers)) {
    problems.push({ code: 'item_not_applicable', path: ['itemId'], message: `item "${itemId}" does not apply given the earlier answers` });
  }
  const rationale = answer.rationale?.trim() ?? '';
  if (rationale.length > MAX_RATIONALE_LENGTH) {
    problems.push({ code: 'too_long', path: ['rationale'], message: `rationale is longer than ${MAX_RATIONALE_LENGTH} characters` });
  }
  switch (item.type) {
    case 'choice': {
      const codes = optionsOf(pack, item).map((o) => o.code);
      if (typeof answer.value !== 'string' || !codes.includes(answer.value)) {
        problems.push({ code: 'not_an_option', path: ['value'], message: `expected one of ${codes.join(', ')}` });
      }
      if (item.rationale === 'required' && rationale === '') {
        problems.push({ code: 'rationale_required', path: ['rationale'], message: `item "${itemId}" requires a written rationale` });
      }
      if (item.rationale === 'none' && rationale !== '') {
        problems.push({ code: 'rationale_not_allowed', path: ['rationale'], message: `item "${itemId}" takes no rationale` });
      }
      break;
    }
    case 'text': {
      if (typeof answer.value !== 'string' || answer.value.trim() === '') {
        problems.push({ code: 'empty', path: ['value'], message: 'expected non-empty text' });
      } else if (answer.value.length > item.maxLength) {
        problems.push({ code: 'too_long', path: ['value'], message: `text is longer than ${item.maxLength} characters` });
      }
      if (rationale !== '') problems.push({ code: 'rationale_not_allowed', path: ['rationale'], message: 'text items take no separate rationale' });
      break;
    }
    default: {
      const never: never = item;
      return never;
    }
  }
  return problems;
}

/** Required applicable items still unanswered; empty means the instrument can be completed. */
export function missingRequired(instrument: Instrument, answers: Answers): string[] {
  return applicableItems(instrument, answers)
    .filter((item) => item.required && answers[item.id] === undefined)
    .map((item) => item.id);
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s.,:;!?)(]+/g, ' ')
    .trim();

/**
 * Recognises a typed choice: its number in the list ("2", "2."), its label in
 * any offered language ("nej", "Vet ej"), or its code. Case and diacritics are
 * ignored. Undefined when nothing matches exactly one option.
 */
export function recogniseChoice(options: readonly AnswerOption[], typed: string): AnswerOption | undefined {
  const text = fold(typed);
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return options[Number(text) - 1];
  const matches = options.filter(
    (o) => fold(o.text.sv) === text || (o.text.en !== undefined && fold(o.text.en) === text) || fold(o.code.replace(/[_-]/g, ' ')) === text,
  );
  return matches.length === 1 ? matches[0] : undefined;
}
