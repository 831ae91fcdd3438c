// What a compact card shows (issue 13, item 1), as data: every applicable item
// of the card with its options, the values already given (the officer's own
// answers, or what a returned card held — never a default), the reason field
// wherever one can be demanded, and, on a card that came back, each item's
// marks. cardRenderer.ts turns it into an Adaptive Card.
import { conditionHolds } from '../methodology/conditionHolds.js';
import { applicableItems, findItem, optionsOf, type Answers, type GivenAnswer } from '../methodology/instrumentEngine.js';
import type { Instrument, Item, LocalizedText, MeasurePart, Pack, PresencePeriod } from '../methodology/packSchema.js';
import { readPresence } from '../methodology/presenceAnswer.js';
import { suggestMeasures } from '../methodology/suggestMeasures.js';
import { measureOptions } from './answerRecognition.js';
import { groupOfItem, shownGroups, type CompactGroup } from './compactGroups.js';
import { compactValuesOf, mayDemandReason, readCompactSubmission, type CompactMark, type CompactValues } from './compactSubmission.js';
import { currentItem, type RunnerState } from './runnerState.js';

export interface CompactOption {
  code: string;
  label: LocalizedText;
  part?: MeasurePart;
}

/** How a reason field is labelled: always required, required for some answers (named), or when a flag asks. */
export type ReasonDemandView = { kind: 'required' } | { kind: 'when'; answers: LocalizedText[] } | { kind: 'ifFlagged' };

export interface CompactField {
  itemId: string;
  kind: 'choice' | 'presence' | 'text' | 'measures';
  /** The short name (bold) and, for a relevance, the factor's rating. */
  title: LocalizedText;
  text: LocalizedText;
  options: CompactOption[];
  periods: PresencePeriod[];
  maxLength: number | undefined;
  suggestions: { label: LocalizedText; reasons: LocalizedText[] }[];
  reason: ReasonDemandView | undefined;
  values: CompactValues;
  marks: CompactMark[];
  /** In an omprövning: the answer given at the previous assessment (shown beside, never filled in). */
  previous?: LocalizedText;
}

export interface CompactView {
  groupId: string;
  sectionTitle: LocalizedText;
  position: number;
  total: number;
  fields: CompactField[];
  /**
   * The method's consistency flags this card can still raise: a check asking a reason of an item
   * on the card whose conditions on earlier cards hold already — shown before the officer writes,
   * as step by step shows a flag before its reason is asked.
   */
  flagsAhead: LocalizedText[];
  /**
   * Every question is a choice or a rating: the card can also be typed as a list (compactAnswering.ts).
   * A card of choices shows an example made of its own options (one per question, varied, never all
   * the first), so the example is a list this very card accepts.
   */
  typedList: { kind: 'presence' } | { kind: 'choices'; example: LocalizedText[]; more: boolean; perLine: boolean } | undefined;
  /** The card's one question is a choice that always asks a reason: typed "answer, reason", this option as the example. */
  typedWithReason: LocalizedText | undefined;
  /** A card of one measures question: two of its own measures, the example of typing them by name. */
  typedMeasures: LocalizedText[] | undefined;
  /** How many items carry a mark (0 on a card shown for the first time). */
  marked: number;
  /** In an omprövning: the previous assessment's day, and the item "Oförändrat för hela domänen" confirms from, when the card's domain can be. */
  reassessment?: { on: string; unchangedFrom: string | undefined };
  /**
   * The first card of a case with a completed assessment of the instrument: the offer of an omprövning
   * or a new assessment, chosen on the card (offerOnFirstCard.ts) — never preselected; `choice` is the
   * officer's own on a card that came back, `missing` marks a card that came back without one.
   */
  offer?: { instrument: LocalizedText; completedOn: string; choice: 'reassess' | 'fresh' | undefined; missing: boolean };
}

export type CompactReply = { type: 'compact'; view: CompactView };

/** The card's values: what a returned card held, else the answers given so far (and an answer waiting for its reason). */
export function cardValues(instrument: Instrument, state: RunnerState, group: CompactGroup): CompactValues {
  if (state.kept) return state.kept;
  const values: CompactValues = {};
  for (const item of group.items) Object.assign(values, compactValuesOf(item, state.answers[item.id]));
  if (state.phase === 'rationale' && state.pending !== undefined && state.current) {
    const item = findItem(instrument, state.current);
    if (item) Object.assign(values, compactValuesOf(item, { value: state.pending, rationale: null }));
  }
  return values;
}

function reasonView(instrument: Instrument, pack: Pack, item: Item): ReasonDemandView | undefined {
  if (!mayDemandReason(instrument, item)) return undefined;
  if (item.type === 'text') return undefined;
  if (item.rationale === 'required') return { kind: 'required' };
  if (item.rationale === 'required-when' && item.type !== 'measures' && item.rationaleWhen.every((c) => 'item' in c && c.item === item.id && (c.operator === 'equals' || c.operator === 'in'))) {
    const codes = item.rationaleWhen.flatMap((c) => (c.operator === 'equals' ? [c.value] : c.operator === 'in' ? c.values : []));
    return { kind: 'when', answers: optionsOf(pack, item).filter((o) => codes.includes(o.code)).map((o) => o.text) };
  }
  if (item.type === 'measures' && item.rationale === 'required-when') return { kind: 'when', answers: [{ sv: 'Inga åtgärder', en: 'No measures' }] };
  return { kind: 'ifFlagged' };
}

/** How many answers the typed-list example on a card of choices spells out before "…". */
const EXAMPLE_ANSWERS = 3;

const PERIOD_LABELS: Record<PresencePeriod, LocalizedText> = { nu: { sv: 'Nu', en: 'Now' }, tidigare: { sv: 'Tidigare', en: 'Earlier' } };

/** "Våldshandlingar — Nu: J · Tidigare: D": the factor a relevance judges, as the officer rated it. */
function ratedTitle(pack: Pack, factor: Item, rating: GivenAnswer): LocalizedText {
  if (factor.type !== 'presence') return factor.shortText;
  const ratings = readPresence(rating.value) ?? {};
  const options = optionsOf(pack, factor);
  const short = (code: string | undefined) => options.find((o) => o.code === code)?.text.sv.split(/\s+/)[0] ?? '?';
  const shortEn = (code: string | undefined) => { const o = options.find((x) => x.code === code); return (o?.text.en ?? o?.text.sv ?? '?').split(/\s+/)[0] ?? '?'; };
  const sv = factor.periods.map((p) => `${PERIOD_LABELS[p].sv}: ${short(ratings[p])}`).join(' · ');
  const en = factor.periods.map((p) => `${PERIOD_LABELS[p].en}: ${shortEn(ratings[p])}`).join(' · ');
  return { sv: `${factor.shortText.sv} — ${sv}`, en: `${factor.shortText.en ?? factor.shortText.sv} — ${en}` };
}

function fieldOf(pack: Pack, instrument: Instrument, item: Item, answers: Answers, values: CompactValues, marks: CompactMark[]): CompactField {
  const own: CompactValues = {};
  for (const [id, v] of Object.entries(values)) if (id === item.id || id.startsWith(`${item.id}:`)) own[id] = v;
  const base = { itemId: item.id, text: item.text, title: item.shortText, periods: [] as PresencePeriod[], maxLength: undefined, suggestions: [], reason: reasonView(instrument, pack, item), values: own, marks };
  switch (item.type) {
    case 'choice':
      return { ...base, kind: 'choice', options: optionsOf(pack, item).map((o) => ({ code: o.code, label: o.text })) };
    case 'relevance': {
      const factor = findItem(instrument, item.factor);
      const rating: GivenAnswer | undefined = answers[item.factor];
      const title = factor && rating ? ratedTitle(pack, factor, rating) : (factor?.shortText ?? item.shortText);
      return { ...base, kind: 'choice', title, options: optionsOf(pack, item).map((o) => ({ code: o.code, label: o.text })) };
    }
    case 'presence':
      return { ...base, kind: 'presence', periods: item.periods, options: optionsOf(pack, item).map((o) => ({ code: o.code, label: o.text })) };
    case 'text':
      return { ...base, kind: 'text', options: [], maxLength: item.maxLength };
    case 'measures': {
      const suggestions = suggestMeasures(pack, instrument, answers).filter((s) => item.parts.includes(s.measure.part));
      return {
        ...base,
        kind: 'measures',
        options: measureOptions(pack, item).map((m) => ({ code: m.id, label: m.title, part: m.part })),
        suggestions: suggestions.map((s) => ({ label: s.measure.title, reasons: s.because.map((b) => b.reason) })),
      };
    }
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** The compact card of the item the state is at, with marks when it came back (state.kept) or a reason is owed. */
export function compactAsk(pack: Pack, instrument: Instrument, state: RunnerState): CompactReply {
  const group = groupOfItem(instrument, currentItem(instrument, state).id);
  const values = cardValues(instrument, state, group);
  const answersBefore: Answers = Object.fromEntries(Object.entries(state.answers).filter(([id]) => !group.items.some((i) => i.id === id)));
  const marked = state.kept !== undefined || state.phase === 'rationale';
  const reading = marked ? readCompactSubmission(pack, instrument, answersBefore, group, values) : undefined;
  const all = reading?.kind === 'marked' ? reading.marks : {};
  // A reason asked for one answer (typed, or given step by step before switching) marks that item alone.
  const marks = state.kept === undefined && state.current ? (all[state.current] ? { [state.current]: all[state.current]! } : {}) : all;
  // What applies on the card: under the answers before it and the values on it.
  const withCard: Record<string, GivenAnswer> = { ...answersBefore };
  if (reading?.kind === 'complete') for (const a of reading.answers) withCard[a.itemId] = a.given;
  else for (const item of group.items) if (state.answers[item.id]) withCard[item.id] = state.answers[item.id]!;
  const applicable = new Set(applicableItems(instrument, withCard).map((i) => i.id));
  const fields = group.items.filter((i) => applicable.has(i.id)).map((i) => fieldOf(pack, instrument, i, withCard, values, marks[i.id] ?? []));
  const groups = shownGroups(instrument, withCard);
  const index = groups.findIndex((g) => g.id === group.id);
  const onCard = new Set(group.items.map((i) => i.id));
  const flagsAhead = instrument.checks
    .filter((c) => onCard.has(c.rationaleOn) && c.behavior === 'all' && c.when.every((cond) => ('item' in cond && onCard.has(cond.item)) || conditionHolds(instrument, cond, answersBefore)))
    .map((c) => c.message);
  const only = fields.length === 1 ? group.items.find((i) => i.id === fields[0]!.itemId) : undefined;
  const typedWithReason = only && only.type === 'choice' && only.rationale === 'required' ? fields[0]!.options[0]?.label : undefined;
  const typedMeasures = only?.type === 'measures' && fields[0]!.options.length > 1 ? fields[0]!.options.slice(0, 2).map((o) => o.label) : undefined;
  const typedList = fields.length < 2 || !fields.every((f) => f.kind === 'choice' || f.kind === 'presence')
    ? undefined
    : fields.some((f) => f.kind === 'presence')
      ? { kind: 'presence' as const }
      : {
          kind: 'choices' as const,
          example: fields.slice(0, EXAMPLE_ANSWERS).flatMap((f, i) => (f.kind === 'choice' && f.options.length ? [f.options[i % f.options.length]!.label] : [])),
          more: fields.length > EXAMPLE_ANSWERS,
          perLine: fields.slice(0, -1).some((f) => f.reason?.kind === 'required'),
        };
  return {
    type: 'compact',
    view: { groupId: group.id, sectionTitle: group.sectionTitle, position: index + 1, total: Math.max(groups.length, index + 1), fields, flagsAhead, typedList, typedWithReason, typedMeasures, marked: Object.keys(marks).length },
  };
}
