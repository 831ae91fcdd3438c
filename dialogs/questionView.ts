// What the officer is shown of an assessment in progress, as data: the current
// question (with its options, the suggested measures, the answer given so far,
// or the reason it needs), the summary before a section that asks for one, the
// instrument menu. Built from the pack and the runner's state, never from what
// was typed (answerRecognition.ts) and never as a card (cardRenderer.ts).
import { applicableItems, findItem, MAX_RATIONALE_LENGTH, optionsOf, progress, rationaleDemand, type Answers, type GivenAnswer } from '../methodology/instrumentEngine.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { NO_MEASURE, type AnswerOption, type Instrument, type Item, type LocalizedText, type MeasurePart, type Pack, type PresencePeriod } from '../methodology/packSchema.js';
import { readPresence, type PresenceRatings } from '../methodology/presenceAnswer.js';
import { suggestMeasures } from '../methodology/suggestMeasures.js';
import { measureOptions } from './answerRecognition.js';
import { compactAsk, type CompactReply } from './compactView.js';
import { message, type MessageReply } from './messageReply.js';
import { currentItem, instrumentsOf, type AssessmentLevel, type RunnerState } from './runnerState.js';
import { previousAnswerAt, unchangedDomain } from './unchangedDomain.js';

interface QuestionBase {
  itemId: string;
  sectionTitle: LocalizedText;
  /** What the question is about when its text is shared by many items (the factor a relevance judges). */
  about: LocalizedText | undefined;
  text: LocalizedText;
  guidance: LocalizedText | undefined;
  position: number;
  total: number;
  /**
   * In an omprövning: the previous assessment's answer (from the day it was completed), and whether the
   * item's whole domain can be confirmed unchanged in one step from here.
   */
  previous?: { on: string; answer: LocalizedText; domainUnchanged: boolean };
}

export interface OptionView {
  code: string;
  label: LocalizedText;
}

export type QuestionView =
  | (QuestionBase & { kind: 'choice'; options: OptionView[]; currentAnswer: LocalizedText | undefined })
  | (QuestionBase & { kind: 'presence'; periods: PresencePeriod[]; options: OptionView[]; currentAnswer: PresenceRatings | undefined })
  | (QuestionBase & {
      kind: 'measures';
      options: (OptionView & { part: MeasurePart; legalBasis: LocalizedText[] })[];
      suggestions: { label: LocalizedText; reasons: LocalizedText[] }[];
      currentAnswer: LocalizedText[] | undefined;
    })
  /** written: what the officer sent that could not be saved (too long), shown again in the field to shorten. */
  | (QuestionBase & { kind: 'text'; maxLength: number; currentAnswer: string | undefined; written?: string })
  | (QuestionBase & { kind: 'rationale'; answer: LocalizedText; flags: LocalizedText[]; maxLength: number; written?: string });

export interface SummaryView {
  title: LocalizedText;
  rows: { label: LocalizedText; answer: LocalizedText }[];
}

export interface InstrumentMenuView {
  options: { id: string; title: LocalizedText; description: LocalizedText | undefined }[];
  /** Compact mode: the case number is entered on the menu, beside the instrument (issue 13). */
  caseNumberInput?: true;
}

export type QuestionViewReply = { type: 'question'; view: QuestionView } | { type: 'summary'; view: SummaryView } | { type: 'instrumentMenu'; view: InstrumentMenuView } | CompactReply;

/**
 * The question asked again with the text the officer sent still in its field, for a text that could not be
 * saved as sent: nothing written is lost, and none of it is kept in the dialog's state.
 */
export const keepingWritten = (replies: readonly QuestionViewReply[], written: string): QuestionViewReply[] =>
  replies.map((r) => (r.type === 'question' && (r.view.kind === 'text' || r.view.kind === 'rationale') ? { ...r, view: { ...r.view, written } } : r));

export const askCaseNumber = (instrument: Instrument): MessageReply => message('assessment.askCaseNumber', { instrument: instrument.title });

/** The instruments of the level to choose from, in the pack's order; in compact mode with the case-number field (none when the case is known). */
export function instrumentMenu(pack: LoadedPack, level: AssessmentLevel, mode?: RunnerState['mode']): QuestionViewReply {
  return {
    type: 'instrumentMenu',
    view: { options: instrumentsOf(pack, level).map((i) => ({ id: i.id, title: i.title, description: i.description })), ...(mode === 'compact' ? { caseNumberInput: true as const } : {}) },
  };
}

const PERIOD_LABELS: Record<PresencePeriod, LocalizedText> = { nu: { sv: 'Nu', en: 'Now' }, tidigare: { sv: 'Tidigare', en: 'Earlier' } };

/** Joins localised parts per language, so a composed label stays bilingual. */
function joinLocalized(parts: LocalizedText[], separator: string): LocalizedText {
  return { sv: parts.map((p) => p.sv).join(separator), en: parts.map((p) => p.en ?? p.sv).join(separator) };
}

/** How an answer reads in a summary or a reason prompt. */
export function answerLabel(pack: Pack, item: Item, value: GivenAnswer['value']): LocalizedText {
  switch (item.type) {
    case 'choice':
    case 'relevance':
      return optionsOf(pack, item).find((o) => o.code === value)?.text ?? { sv: String(value) };
    case 'presence': {
      const ratings = readPresence(value) ?? {};
      const options = optionsOf(pack, item);
      return joinLocalized(
        item.periods.map((p) => {
          const rating = options.find((o) => o.code === ratings[p])?.text ?? { sv: '?' };
          return { sv: `${PERIOD_LABELS[p].sv}: ${rating.sv}`, en: `${PERIOD_LABELS[p].en}: ${rating.en ?? rating.sv}` };
        }),
        ' · ',
      );
    }
    case 'measures': {
      const ids = typeof value === 'string' ? [value] : value;
      if (ids.length === 1 && ids[0] === NO_MEASURE) return { sv: 'Inga åtgärder', en: 'No measures' };
      return joinLocalized(ids.map((id) => pack.measures.find((m) => m.id === id)?.title ?? { sv: id }), ', ');
    }
    case 'text':
      return { sv: String(value) };
    default: {
      const never: never = item;
      return never;
    }
  }
}

/**
 * A compact card in an omprövning: each item's previous answer beside it, and the domain's "Oförändrat"
 * when the domain can be confirmed from the item the officer is at, as step by step offers it there.
 */
function withPreviousAnswers(pack: Pack, instrument: Instrument, state: RunnerState, at: Item, reply: CompactReply): CompactReply {
  const previous = state.reassessment?.chosen ? state.reassessment.previous : undefined;
  if (!previous) return reply;
  const fields = reply.view.fields.map((field) => {
    const item = findItem(instrument, field.itemId);
    const before = item && previousAnswerAt(state, item);
    return before && item ? { ...field, previous: answerLabel(pack, item, before.value) } : field;
  });
  const unchangedFrom = state.phase === 'question' && state.kept === undefined && unchangedDomain(pack, instrument, state, at) !== undefined ? at.id : undefined;
  return { type: 'compact', view: { ...reply.view, fields, reassessment: { on: previous.completedOn, unchangedFrom } } };
}

/** The replies that put the current item in front of the officer; with a summary when its section asks for one. */
export function ask(pack: Pack, instrument: Instrument, state: RunnerState, mayShowSummary = false): QuestionViewReply[] {
  const item = currentItem(instrument, state);
  const section = instrument.sections.find((s) => s.items.some((i) => i.id === item.id));
  if (!section) throw new Error(`item ${item.id} has no section`);
  const answers: Answers = state.answers;
  const { position, total } = progress(instrument, answers, item.id);
  const before = previousAnswerAt(state, item);
  const base: QuestionBase = {
    itemId: item.id,
    sectionTitle: section.title,
    about: aboutOf(pack, instrument, item, answers),
    text: item.text,
    guidance: item.guidance,
    position,
    total,
    ...(before
      ? { previous: { on: before.on, answer: answerLabel(pack, item, before.value), domainUnchanged: state.phase === 'question' && unchangedDomain(pack, instrument, state, item) !== undefined } }
      : {}),
  };
  const replies: QuestionViewReply[] = [];
  const firstOfSection = applicableItems(instrument, answers).find((i) => section.items.includes(i));
  if (mayShowSummary && section.summaryBefore && firstOfSection?.id === item.id) {
    replies.push({ type: 'summary', view: summarise(pack, instrument, answers) });
  }
  // Compact mode: the card the item is on, with every item of it (issue 13).
  if (state.mode === 'compact' && (state.phase === 'question' || state.phase === 'rationale')) {
    replies.push(withPreviousAnswers(pack, instrument, state, item, compactAsk(pack, instrument, state)));
    return replies;
  }
  if (state.phase === 'rationale' && state.pending !== undefined) {
    const demand = rationaleDemand(instrument, item, { ...answers, [item.id]: { value: state.pending } });
    const flags = demand.kind === 'required' ? instrument.checks.filter((c) => demand.checkIds.includes(c.id)).map((c) => c.message) : [];
    replies.push({ type: 'question', view: { ...base, kind: 'rationale', answer: answerLabel(pack, item, state.pending), flags, maxLength: MAX_RATIONALE_LENGTH } });
    return replies;
  }
  const given = answers[item.id];
  const options = (codes: readonly AnswerOption[]): OptionView[] => codes.map((o) => ({ code: o.code, label: o.text }));
  switch (item.type) {
    case 'choice':
    case 'relevance': {
      const coded = optionsOf(pack, item);
      replies.push({ type: 'question', view: { ...base, kind: 'choice', options: options(coded), currentAnswer: given ? answerLabel(pack, item, given.value) : undefined } });
      break;
    }
    case 'presence':
      replies.push({
        type: 'question',
        view: { ...base, kind: 'presence', periods: item.periods, options: options(optionsOf(pack, item)), currentAnswer: given ? readPresence(given.value) : undefined },
      });
      break;
    case 'measures': {
      const suggestions = suggestMeasures(pack, instrument, answers).filter((s) => item.parts.includes(s.measure.part));
      const chosen = given ? (typeof given.value === 'string' ? [given.value] : given.value) : undefined;
      replies.push({
        type: 'question',
        view: {
          ...base,
          kind: 'measures',
          options: measureOptions(pack, item).map((m) => ({ code: m.id, label: m.title, part: m.part, legalBasis: m.legalBasis })),
          suggestions: suggestions.map((s) => ({ label: s.measure.title, reasons: s.because.map((b) => b.reason) })),
          currentAnswer: chosen ? chosen.map((id) => answerLabel(pack, item, [id])) : undefined,
        },
      });
      break;
    }
    case 'text':
      replies.push({ type: 'question', view: { ...base, kind: 'text', maxLength: item.maxLength, currentAnswer: typeof given?.value === 'string' ? given.value : undefined } });
      break;
    default: {
      const never: never = item;
      return never;
    }
  }
  return replies;
}

/** For a relevance item: the factor it judges and how the officer rated it ("Våldshandlingar — Nu: J · Tidigare: D"). */
function aboutOf(pack: Pack, instrument: Instrument, item: Item, answers: Answers): LocalizedText | undefined {
  if (item.type !== 'relevance') return undefined;
  const factor = findItem(instrument, item.factor);
  if (!factor) return undefined;
  const rating = answers[factor.id];
  return rating ? joinLocalized([factor.shortText, answerLabel(pack, factor, rating.value)], ' — ') : factor.shortText;
}

/** The answers so far, as short labels: what the officer checks before deciding, and a blind reviewer grades from. */
export function summarise(pack: Pack, instrument: Instrument, answers: Answers): SummaryView {
  const rows: SummaryView['rows'] = [];
  for (const item of instrument.sections.flatMap((s) => s.items)) {
    const given = answers[item.id];
    if (given) rows.push({ label: item.shortText, answer: answerLabel(pack, item, given.value) });
  }
  return { title: instrument.title, rows };
}
