// The pure core of every assessment dialog: given an instrument and the
// answers so far, which items apply, what comes next, how far along the
// officer is, and whether an answer fits the item. No I/O, no Teams: the bot,
// the API and tests all decide the same way from the same data.
import { conditionsHold, isEnabled, itemById } from './conditionHolds.js';
import type { Answers, AnswerValue, GivenAnswer } from './givenAnswers.js';
import type { AnswerOption, CodedItem, Instrument, Item, MeasuresItem, Pack } from './packSchema.js';
import { NO_MEASURE } from './packSchema.js';
import { readPresence } from './presenceAnswer.js';

export { isEnabled } from './conditionHolds.js';

export type { AnswerValue, Answers, GivenAnswer } from './givenAnswers.js';

export function instrumentItems(instrument: Instrument): Item[] {
  return instrument.sections.flatMap((s) => s.items);
}

export function findItem(instrument: Instrument, itemId: string): Item | undefined {
  return itemById(instrument, itemId);
}

export function optionsOf(pack: Pack, item: CodedItem): readonly AnswerOption[] {
  const set = pack.answerSets.find((s) => s.id === item.answerSet);
  // Pack validation guarantees the set exists; an empty list keeps this total.
  return set?.options ?? [];
}

/** Items that apply given the answers, in the order they are asked. */
export function applicableItems(instrument: Instrument, answers: Answers): Item[] {
  return instrumentItems(instrument).filter((item) => isEnabled(instrument, item, answers));
}

/** The first applicable item without an answer; undefined when every applicable item is answered. */
export function nextItem(instrument: Instrument, answers: Answers): Item | undefined {
  return applicableItems(instrument, answers).find((item) => answers[item.id] === undefined);
}

/** "Question position of total", the total counting every question that can still come (possibleItems.ts). */
export { progress } from './possibleItems.js';

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
  | 'malformed_presence'
  | 'not_a_measure'
  | 'rationale_required'
  | 'rationale_not_allowed';

export interface AnswerProblem {
  code: AnswerProblemCode;
  path: string[];
  message: string;
}

export const MAX_RATIONALE_LENGTH = 4000;

/** Why a written rationale is demanded for an answer, or that it is optional or not taken at all. */
export type RationaleDemand =
  | { kind: 'none' }
  | { kind: 'optional' }
  | { kind: 'required'; because: 'item' | 'condition' | 'check'; checkIds: string[] };

/**
 * Whether this item's answer needs a written reason, given all answers (the
 * item's own included): its policy, its `rationaleWhen` conditions, and every
 * consistency check that holds and names it. A check never blocks an answer;
 * it asks the officer to explain it.
 */
export function rationaleDemand(instrument: Instrument, item: Item, answers: Answers): RationaleDemand {
  if (item.type === 'text') return { kind: 'none' };
  const checkIds = instrument.checks.filter((c) => c.rationaleOn === item.id && conditionsHold(instrument, c.when, c.behavior, answers)).map((c) => c.id);
  if (checkIds.length) return { kind: 'required', because: 'check', checkIds };
  switch (item.rationale) {
    case 'required':
      return { kind: 'required', because: 'item', checkIds: [] };
    case 'required-when':
      return conditionsHold(instrument, item.rationaleWhen, 'any', answers) && item.rationaleWhen.length > 0
        ? { kind: 'required', because: 'condition', checkIds: [] }
        : { kind: 'optional' };
    case 'optional':
      return { kind: 'optional' };
    case 'none':
      return { kind: 'none' };
    default: {
      const never: never = item.rationale;
      return never;
    }
  }
}

function valueProblems(pack: Pack, item: Item, value: AnswerValue): AnswerProblem[] {
  switch (item.type) {
    case 'choice':
    case 'relevance': {
      const codes = optionsOf(pack, item).map((o) => o.code);
      return typeof value === 'string' && codes.includes(value) ? [] : [{ code: 'not_an_option', path: ['value'], message: `expected one of ${codes.join(', ')}` }];
    }
    case 'presence': {
      const ratings = readPresence(value);
      const expected = item.periods.map((p) => `${p}:<code>`).join(', ');
      if (!ratings || Object.keys(ratings).length !== item.periods.length || !item.periods.every((p) => ratings[p] !== undefined)) {
        return [{ code: 'malformed_presence', path: ['value'], message: `expected one rating per period: [${expected}]` }];
      }
      const codes = optionsOf(pack, item).map((o) => o.code);
      return item.periods
        .filter((p) => !codes.includes(ratings[p] as string))
        .map((p) => ({ code: 'not_an_option', path: ['value', p], message: `rating for "${p}" must be one of ${codes.join(', ')}` }));
    }
    case 'measures':
      return measureProblems(pack, item, value);
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return [{ code: 'empty', path: ['value'], message: 'expected non-empty text' }];
      return value.length > item.maxLength ? [{ code: 'too_long', path: ['value'], message: `text is longer than ${item.maxLength} characters` }] : [];
    default: {
      const never: never = item;
      return never;
    }
  }
}

function measureProblems(pack: Pack, item: MeasuresItem, value: AnswerValue): AnswerProblem[] {
  const list = typeof value === 'string' ? [value] : value;
  if (list.length === 1 && list[0] === NO_MEASURE) return [];
  const allowed = new Set(pack.measures.filter((m) => item.parts.includes(m.part)).map((m) => m.id));
  if (list.length === 0) return [{ code: 'empty', path: ['value'], message: `choose at least one measure, or "${NO_MEASURE}"` }];
  const problems: AnswerProblem[] = [];
  list.forEach((id, i) => {
    if (!allowed.has(id)) problems.push({ code: 'not_a_measure', path: ['value', String(i)], message: `"${id}" is not a measure of ${item.parts.join('/')} in the catalogue` });
    else if (list.indexOf(id) !== i) problems.push({ code: 'not_a_measure', path: ['value', String(i)], message: `"${id}" is chosen twice` });
  });
  return problems;
}

/**
 * Checks one answer against its item; the API calls this before storing
 * anything. Conditions are evaluated on `answers` with this answer in place,
 * so pass every answer known: with fewer, rationale demands that depend on
 * other items are caught only by {@link completionProblems}.
 */
export function validateAnswer(pack: Pack, instrument: Instrument, itemId: string, answer: GivenAnswer, answers: Answers): AnswerProblem[] {
  const item = findItem(instrument, itemId);
  if (!item) return [{ code: 'unknown_item', path: ['itemId'], message: `item "${itemId}" does not exist in instrument "${instrument.id}"` }];
  const problems: AnswerProblem[] = [];
  const withAnswer: Answers = answers[itemId] === answer ? answers : { ...answers, [itemId]: answer };
  if (!isEnabled(instrument, item, withAnswer)) {
    problems.push({ code: 'item_not_applicable', path: ['itemId'], message: `item "${itemId}" does not apply given the earlier answers` });
  }
  const rationale = answer.rationale?.trim() ?? '';
  if (rationale.length > MAX_RATIONALE_LENGTH) {
    problems.push({ code: 'too_long', path: ['rationale'], message: `rationale is longer than ${MAX_RATIONALE_LENGTH} characters` });
  }
  problems.push(...valueProblems(pack, item, answer.value));
  const demand = rationaleDemand(instrument, item, withAnswer);
  switch (demand.kind) {
    case 'required':
      if (rationale === '') {
        const why = demand.because === 'check' ? ` (flag: ${demand.checkIds.join(', ')})` : '';
        problems.push({ code: 'rationale_required', path: ['rationale'], message: `item "${itemId}" requires a written rationale${why}` });
      }
      break;
    case 'none':
      if (rationale !== '') problems.push({ code: 'rationale_not_allowed', path: ['rationale'], message: item.type === 'text' ? 'text items take no separate rationale' : `item "${itemId}" takes no rationale` });
      break;
    case 'optional':
      break;
    default: {
      const never: never = demand;
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

/** A problem standing in the way of completing, with the item it concerns. */
export interface CompletionProblem extends AnswerProblem {
  itemId: string;
}

/**
 * Everything that must be fixed before completion, with all answers known:
 * required items unanswered, and answers whose rationale became required by a
 * later answer (a consistency flag, a `rationaleWhen`). Answers to items that
 * no longer apply are not part of the result and are not checked.
 */
export function completionProblems(pack: Pack, instrument: Instrument, answers: Answers): CompletionProblem[] {
  const problems: CompletionProblem[] = missingRequired(instrument, answers).map((itemId) => ({
    itemId,
    code: 'empty',
    path: ['answers', itemId],
    message: `item "${itemId}" is required`,
  }));
  for (const item of applicableItems(instrument, answers)) {
    const given = answers[item.id];
    if (!given) continue;
    for (const p of validateAnswer(pack, instrument, item.id, given, answers)) problems.push({ ...p, itemId: item.id, path: ['answers', item.id, ...p.path] });
  }
  return problems;
}
