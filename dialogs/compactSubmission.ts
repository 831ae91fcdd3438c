// Reading a compact card (issue 13, item 1): the values of every item on it,
// checked by the methodology engine exactly as step by step checks one answer —
// the value must be one of the item's options, a required item must be
// answered, a reason is demanded where the item or a consistency flag demands
// it (flags raised by values on this same card included), and the measures of
// a plan part cannot be both "none" and some. A card with anything missing or
// wrong is not saved in part: every item is marked with what it lacks, and the
// values given are kept for the card shown again (what of them reads as answers
// is told too, for a switch to step by step). Pure.
import { forbiddenCharacterIn } from '../api/freeText.js';
import { isEnabled, MAX_RATIONALE_LENGTH, optionsOf, rationaleDemand, validateAnswer, type Answers, type GivenAnswer } from '../methodology/instrumentEngine.js';
import { NO_MEASURE, type Instrument, type Item, type LocalizedText, type Pack } from '../methodology/packSchema.js';
import { presenceTokens, readPresence, type PresenceRatings } from '../methodology/presenceAnswer.js';
import { measureOptions } from './answerRecognition.js';
import type { CompactGroup } from './compactGroups.js';

/** The raw values of a compact card as its inputs send them, by input id. */
export type CompactValues = Record<string, string>;

/** Input ids: the item's own value, one per presence period, and its reason. */
export const compactInputId = (itemId: string, part?: string): string => (part ? `${itemId}:${part}` : itemId);
export const REASON_PART = 'reason';

export type CompactMark =
  | { kind: 'missing' }
  | { kind: 'notRecognised' }
  | { kind: 'contradictory' }
  | { kind: 'reasonNeeded'; flags: LocalizedText[] }
  /** length: as many characters as were sent. */
  | { kind: 'tooLong'; max: number; length: number }
  | { kind: 'forbiddenCharacter'; character: string };

export type CompactReading =
  | { kind: 'complete'; answers: { itemId: string; given: GivenAnswer }[] }
  | { kind: 'marked'; marks: Record<string, CompactMark[]>; readable: { itemId: string; given: GivenAnswer }[] };

/** The raw card values of an answer already given, so a card shows the officer's own answers again. */
export function compactValuesOf(item: Item, given: GivenAnswer | undefined): CompactValues {
  if (!given) return {};
  const out: CompactValues = {};
  if (given.rationale) out[compactInputId(item.id, REASON_PART)] = given.rationale;
  switch (item.type) {
    case 'choice':
    case 'relevance':
    case 'text':
      if (typeof given.value === 'string') out[item.id] = given.value;
      return out;
    case 'presence': {
      const ratings = readPresence(given.value) ?? {};
      for (const period of item.periods) if (ratings[period]) out[compactInputId(item.id, period)] = ratings[period]!;
      return out;
    }
    case 'measures':
      out[item.id] = (typeof given.value === 'string' ? [given.value] : given.value).join(',');
      return out;
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** Whether the card offers a reason field for the item: wherever a reason can be demanded (by the item or a flag). */
export function mayDemandReason(instrument: Instrument, item: Item): boolean {
  if (item.type === 'text') return false;
  return item.rationale === 'required' || item.rationale === 'required-when' || instrument.checks.some((c) => c.rationaleOn === item.id);
}

type Read = { kind: 'value'; value: GivenAnswer['value'] } | { kind: 'missing' } | { kind: 'notRecognised' } | { kind: 'contradictory' };

function readValue(pack: Pack, item: Item, values: CompactValues): Read {
  const raw = (id: string) => (values[id] ?? '').trim();
  switch (item.type) {
    case 'choice':
    case 'relevance': {
      const code = raw(item.id);
      if (code === '') return { kind: 'missing' };
      return optionsOf(pack, item).some((o) => o.code === code) ? { kind: 'value', value: code } : { kind: 'notRecognised' };
    }
    case 'presence': {
      const codes = optionsOf(pack, item).map((o) => o.code);
      const ratings: PresenceRatings = {};
      for (const period of item.periods) {
        const code = raw(compactInputId(item.id, period));
        if (code === '') return { kind: 'missing' };
        if (!codes.includes(code)) return { kind: 'notRecognised' };
        ratings[period] = code;
      }
      return { kind: 'value', value: presenceTokens(ratings) };
    }
    case 'text': {
      const text = raw(item.id);
      return text === '' ? { kind: 'missing' } : { kind: 'value', value: text };
    }
    case 'measures': {
      const ids = [...new Set(raw(item.id).split(',').map((s) => s.trim()).filter(Boolean))];
      if (ids.length === 0) return { kind: 'missing' };
      if (ids.includes(NO_MEASURE)) return ids.length === 1 ? { kind: 'value', value: [NO_MEASURE] } : { kind: 'contradictory' };
      const allowed = new Set(measureOptions(pack, item).map((m) => m.id));
      return ids.every((id) => allowed.has(id)) ? { kind: 'value', value: ids } : { kind: 'notRecognised' };
    }
    default: {
      const never: never = item;
      return never;
    }
  }
}

/**
 * Reads the card of `group` against the answers given so far. Items that do not apply under the
 * answers (with this card's values) are left out; an optional item left empty is no answer.
 */
export function readCompactSubmission(pack: Pack, instrument: Instrument, answers: Answers, group: CompactGroup, values: CompactValues): CompactReading {
  const merged: Record<string, GivenAnswer> = { ...answers };
  const marks: Record<string, CompactMark[]> = {};
  const mark = (itemId: string, m: CompactMark) => (marks[itemId] ??= []).push(m);
  const read: Item[] = [];
  for (const item of group.items) {
    delete merged[item.id];
    if (!isEnabled(instrument, item, merged)) continue;
    const value = readValue(pack, item, values);
    if (value.kind === 'value') {
      merged[item.id] = { value: value.value, rationale: null };
      read.push(item);
    } else if (value.kind !== 'missing' || item.required) mark(item.id, value);
  }
  // Reasons once every value is in: a flag raised by a value further down the card is asked for here.
  for (const item of read) {
    const reason = (values[compactInputId(item.id, REASON_PART)] ?? '').trim();
    const demand = rationaleDemand(instrument, item, merged);
    if (demand.kind === 'required' && reason === '') {
      mark(item.id, { kind: 'reasonNeeded', flags: instrument.checks.filter((c) => demand.checkIds.includes(c.id)).map((c) => c.message) });
      continue;
    }
    if (reason.length > MAX_RATIONALE_LENGTH) mark(item.id, { kind: 'tooLong', max: MAX_RATIONALE_LENGTH, length: reason.length });
    const forbidden = forbiddenCharacterIn(reason, 'many') ?? (item.type === 'text' ? forbiddenCharacterIn(String(merged[item.id]!.value), 'many') : undefined);
    if (forbidden) mark(item.id, { kind: 'forbiddenCharacter', character: forbidden });
    if (item.type === 'text' && String(merged[item.id]!.value).length > item.maxLength) mark(item.id, { kind: 'tooLong', max: item.maxLength, length: String(merged[item.id]!.value).length });
    merged[item.id] = { value: merged[item.id]!.value, rationale: demand.kind === 'none' || reason === '' ? null : reason };
  }
  for (const item of read) {
    if (marks[item.id]) continue;
    const problems = validateAnswer(pack, instrument, item.id, merged[item.id]!, merged);
    if (problems.length) mark(item.id, { kind: 'notRecognised' });
  }
  const readable = read.filter((item) => !marks[item.id]).map((item) => ({ itemId: item.id, given: merged[item.id]! }));
  return Object.keys(marks).length ? { kind: 'marked', marks, readable } : { kind: 'complete', answers: readable };
}
