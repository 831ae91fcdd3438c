// The assessment dialog as a pure transition: (pack, state, input) → (next
// state, effects to run, replies to show). The botbuilder dialog that hosts it
// only executes the effects (API calls) and renders the replies, so every
// decision of the flow is testable without Teams, HTTP or storage. One runner
// drives every instrument of every level: the items' types decide the cards.
import { z } from 'zod';
import type { ViolenceType } from '../api/caseDomain.js';
import {
  applicableItems,
  completionProblems,
  findItem,
  MAX_RATIONALE_LENGTH,
  nextItem,
  optionsOf,
  progress,
  rationaleDemand,
  recogniseChoice,
  staleAnswerIds,
  validateAnswer,
  type Answers,
  type GivenAnswer,
} from '../methodology/instrumentEngine.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { findInstrument, MethodologyError } from '../methodology/methodologySource.js';
import { MEASURE_PARTS, NO_MEASURE, type AnswerOption, type Instrument, type Item, type LocalizedText, type MeasurePart, type MeasuresItem, type Pack, type PresenceItem, type PresencePeriod } from '../methodology/packSchema.js';
import { presenceTokens, readPresence, type PresenceRatings } from '../methodology/presenceAnswer.js';
import { reassessmentDue } from '../methodology/reassessmentDue.js';
import { suggestMeasures } from '../methodology/suggestMeasures.js';
import type { ApiErrorReason } from './assessmentApi.js';
import { caseViolenceTypeOf, type CaseRecordOutcome } from './caseRecording.js';
import { CARD_VERBS, MEASURES_INPUT } from './commands.js';
import type { MessageKey } from './messageCatalogue.js';

/** Bumped whenever the snapshot shape changes; an older snapshot is not resumed blindly. */
export const RUNNER_STATE_VERSION = 2;

const answerValueSchema = z.union([z.string(), z.array(z.string())]);
const answerSchema = z.object({ value: answerValueSchema, rationale: z.string().nullable().optional() });

export const runnerStateSchema = z.object({
  v: z.literal(RUNNER_STATE_VERSION),
  packId: z.string(),
  packVersion: z.string(),
  level: z.enum(['initial', 'structured', 'in_depth']),
  /** Unset only while the officer picks the instrument. */
  instrumentId: z.string().optional(),
  /**
   * 'completing' only lives within one turn, between the completion being sent to the API and its
   * answer being fed back; a turn never commits it.
   */
  phase: z.enum(['instrument', 'case_number', 'question', 'rationale', 'completing', 'done']),
  assessmentId: z.string().optional(),
  current: z.string().optional(),
  /** The answer given while the officer writes the reason it needs. */
  pending: answerValueSchema.optional(),
  answers: z.record(z.string(), answerSchema),
  /** Items answered, in order, so "back" retraces the officer's own path. */
  history: z.array(z.string()),
});
export type RunnerState = z.infer<typeof runnerStateSchema>;
export type AssessmentLevel = RunnerState['level'];

const itemId = z.string().max(64);
/**
 * Data an Adaptive Card button or form sends back; anything else is rejected.
 * Form inputs arrive as extra string fields (one per presence period).
 */
export const cardSubmitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(CARD_VERBS.answer), itemId, value: z.string().max(20_000).optional() }).catchall(z.string().max(4000)),
  z.object({ verb: z.literal(CARD_VERBS.rationale), itemId, rationale: z.string().max(20_000).optional() }),
  z.object({ verb: z.literal(CARD_VERBS.instrument), instrumentId: itemId }),
  z.object({ verb: z.literal(CARD_VERBS.back) }),
  z.object({ verb: z.literal(CARD_VERBS.cancel) }),
]);
export type CardSubmit = z.infer<typeof cardSubmitSchema>;

export type RunnerInput =
  | { type: 'text'; text: string }
  | { type: 'submit'; data: unknown }
  | { type: 'back' }
  | { type: 'cancel' }
  | { type: 'reprompt' }
  | { type: 'created'; assessmentId: string }
  /** The API completed the assessment; reassessOn is the due date it derived (null when it derived none). */
  | { type: 'completed'; caseNumber: string; reassessOn: string | null };

/** A measure of the plan, in the part the pack's catalogue gives it. */
export interface PlanMeasure {
  part: MeasurePart;
  measureId: string;
}

/**
 * The protection plan a completed structured or in-depth assessment proposes: the measures the
 * officer chose, per part, and the re-assessment date the method derived. Who is responsible and
 * the measures' status ('proposed': the officer decides) are added where the officer is known.
 */
export interface PlanDraft {
  assessmentId: string;
  reassessOn: string;
  measures: PlanMeasure[];
}

/**
 * How saving the plan went. 'already_created': the API holds a plan for this assessment already (a
 * re-run turn, a retry) — not an error. 'assigned': the officer was assigned to the case so that
 * they may write its plan. A failure leaves the completed assessment as it is.
 */
export type PlanOutcome =
  | { status: 'created'; assigned: boolean }
  | { status: 'already_created' }
  | { status: 'failed'; reason: ApiErrorReason };

/** The record to make on a case: Bops has it; `violenceType` is the chosen instrument's, for a case with none yet (null: leave it as it is). */
export interface CaseRecordRequest {
  violenceType: ViolenceType | null;
}

/**
 * What follows a completed structured or in-depth assessment: the plan to save (undefined when the
 * method gave no re-assessment date, which the officer has been told), then the record to make on
 * its case (undefined when the instrument asks none).
 */
export interface CompletionFollowUp {
  /** The case of the assessment, as the API answered its completion. */
  caseNumber: string;
  /** The instrument the officer chose, whose title words the case record. */
  instrumentId: string;
  plan: PlanDraft | undefined;
  caseRecord: CaseRecordRequest | undefined;
  /**
   * When the case is recorded. At completion 'whatever_the_plan': the two are independent, and a plan
   * that failed is retried by "skapa plan". On that retry 'once_plan_is_there': the case is recorded
   * only when the plan was saved or was there already; a plan still not saved is retried by the same
   * command, which records the case then.
   */
  recordCase: 'whatever_the_plan' | 'once_plan_is_there';
}

export type RunnerEffect =
  | { type: 'createAssessment'; caseNumber: string; level: Instrument['level']; instrumentId: string; pack: { id: string; version: string; hash: string } }
  | { type: 'saveAnswer'; assessmentId: string; itemId: string; value: GivenAnswer['value']; rationale: string | null }
  | { type: 'complete'; assessmentId: string }
  /** The last effect of a completed assessment; nothing is fed back to the runner, which has ended. */
  | { type: 'followUp'; followUp: CompletionFollowUp };

/** The case record to make now that the plan came out as `plan` (undefined: no plan was due), or undefined when none is due. */
export function caseRecordDue(followUp: CompletionFollowUp, plan: PlanOutcome | undefined): CaseRecordRequest | undefined {
  switch (followUp.recordCase) {
    case 'whatever_the_plan':
      return followUp.caseRecord;
    case 'once_plan_is_there':
      return plan && plan.status !== 'failed' ? followUp.caseRecord : undefined;
    default: {
      const never: never = followUp.recordCase;
      return never;
    }
  }
}

export type MessageParam = string | number | LocalizedText;

interface QuestionBase {
  itemId: string;
  sectionTitle: LocalizedText;
  /** What the question is about when its text is shared by many items (the factor a relevance judges). */
  about: LocalizedText | undefined;
  text: LocalizedText;
  guidance: LocalizedText | undefined;
  position: number;
  total: number;
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
  | (QuestionBase & { kind: 'text'; maxLength: number; currentAnswer: string | undefined })
  | (QuestionBase & { kind: 'rationale'; answer: LocalizedText; flags: LocalizedText[]; maxLength: number });

export interface SummaryView {
  title: LocalizedText;
  rows: { label: LocalizedText; answer: LocalizedText }[];
}

export interface InstrumentMenuView {
  options: { id: string; title: LocalizedText; description: LocalizedText | undefined }[];
}

/** The saved plan as the officer sees it: every part, with the measures proposed in it (maybe none). */
export interface PlanView {
  /** The officer was assigned to the case so that the plan could be saved. */
  assigned: boolean;
  reassessOn: string;
  parts: { part: MeasurePart; measures: LocalizedText[] }[];
}

/** What the officer is told of the case record after a structured or in-depth assessment, naming the instrument they chose. */
export interface CaseRecordView {
  instrument: LocalizedText;
  outcome: CaseRecordOutcome;
}

export type Reply =
  | { type: 'message'; key: MessageKey; params?: Record<string, MessageParam> }
  | { type: 'plan'; view: PlanView }
  | { type: 'caseRecord'; view: CaseRecordView }
  | { type: 'question'; view: QuestionView }
  | { type: 'summary'; view: SummaryView }
  | { type: 'instrumentMenu'; view: InstrumentMenuView };

export interface RunnerStep {
  state: RunnerState;
  effects: RunnerEffect[];
  replies: Reply[];
  /** The dialog is over (completed or cancelled). */
  ended: boolean;
}

export interface RunnerContext {
  pack: LoadedPack;
  caseNumberPattern: RegExp;
  /** Today as YYYY-MM-DD, for the re-assessment due date; passed in so the runner stays pure. */
  today: string;
}

const instrumentsOf = (pack: LoadedPack, level: AssessmentLevel) => pack.pack.instruments.filter((i) => i.level === level);

/**
 * A fresh assessment of one level. With one instrument at that level it asks
 * for the case number at once; with several (structured: SARA:SV, SAM,
 * PATRIARK, general threat) the officer first picks the instrument.
 */
export function startAssessment(pack: LoadedPack, level: AssessmentLevel): RunnerStep {
  const instruments = instrumentsOf(pack, level);
  const only = instruments.length === 1 ? instruments[0] : undefined;
  if (instruments.length === 0) throw new MethodologyError('unknown_instrument', `pack ${pack.pack.id}@${pack.pack.version} has no ${level} instrument`);
  const state: RunnerState = {
    v: RUNNER_STATE_VERSION,
    packId: pack.pack.id,
    packVersion: pack.pack.version,
    level,
    ...(only ? { instrumentId: only.id } : {}),
    phase: only ? 'case_number' : 'instrument',
    answers: {},
    history: [],
  };
  return { state, effects: [], replies: only ? [askCaseNumber(only)] : [menu(pack, level)], ended: false };
}

/** The next step for one input. Never throws on officer input: bad input gives a reply and the same state. */
export function transition(ctx: RunnerContext, state: RunnerState, input: RunnerInput): RunnerStep {
  const normalised = input.type === 'submit' ? fromSubmit(input.data) : input;
  if (normalised.type === 'cancel') {
    const key: MessageKey = state.assessmentId ? 'cancel.keptDraft' : 'cancel.nothingSaved';
    return { state: { ...state, phase: 'done' }, effects: [], replies: [{ type: 'message', key }], ended: true };
  }
  if (state.phase === 'instrument') return onInstrument(ctx, state, normalised);
  if (state.phase === 'done') return { state, effects: [], replies: [], ended: true };
  const instrument = findInstrument(ctx.pack, state.instrumentId ?? '');
  switch (state.phase) {
    case 'completing':
      return onCompleted(ctx, instrument, state, normalised);
    case 'case_number':
      return onCaseNumber(ctx, instrument, state, normalised);
    case 'question':
      return onQuestion(ctx, instrument, state, normalised);
    case 'rationale':
      return onRationale(ctx, instrument, state, normalised);
    default: {
      const never: never = state.phase;
      return never;
    }
  }
}

type ItemSubmit = Extract<CardSubmit, { itemId: string }>;
type NormalisedInput =
  | Exclude<RunnerInput, { type: 'submit' } | { type: 'cancel' }>
  | { type: 'card'; data: ItemSubmit }
  | { type: 'pickInstrument'; instrumentId: string }
  | { type: 'badCard' };

function fromSubmit(data: unknown): NormalisedInput | { type: 'cancel' } {
  const parsed = cardSubmitSchema.safeParse(data);
  if (!parsed.success) return { type: 'badCard' };
  switch (parsed.data.verb) {
    case CARD_VERBS.back:
      return { type: 'back' };
    case CARD_VERBS.cancel:
      return { type: 'cancel' };
    case CARD_VERBS.instrument:
      return { type: 'pickInstrument', instrumentId: parsed.data.instrumentId };
    case CARD_VERBS.answer:
    case CARD_VERBS.rationale:
      return { type: 'card', data: parsed.data };
    default: {
      const never: never = parsed.data;
      return never;
    }
  }
}

const stay = (state: RunnerState, ...replies: Reply[]): RunnerStep => ({ state, effects: [], replies, ended: false });
const message = (key: MessageKey, params?: Record<string, MessageParam>): Reply => (params ? { type: 'message', key, params } : { type: 'message', key });
const askCaseNumber = (instrument: Instrument): Reply => message('assessment.askCaseNumber', { instrument: instrument.title });

function menu(pack: LoadedPack, level: AssessmentLevel): Reply {
  return {
    type: 'instrumentMenu',
    view: { options: instrumentsOf(pack, level).map((i) => ({ id: i.id, title: i.title, description: i.description })) },
  };
}

function onInstrument(ctx: RunnerContext, state: RunnerState, input: NormalisedInput): RunnerStep {
  const instruments = instrumentsOf(ctx.pack, state.level);
  let chosen: Instrument | undefined;
  if (input.type === 'pickInstrument') chosen = instruments.find((i) => i.id === input.instrumentId);
  else if (input.type === 'text') {
    const option = recogniseChoice(
      instruments.map((i) => ({ code: i.id, text: i.title })),
      input.text,
    );
    chosen = instruments.find((i) => i.id === option?.code) ?? instruments.find((i) => i.id === input.text.trim().toLowerCase());
  }
  if (input.type === 'back') return stay(state, message('back.atStart'), menu(ctx.pack, state.level));
  if (!chosen) {
    const replies = input.type === 'reprompt' ? [] : [message('assessment.instrumentNotRecognised', { count: instruments.length })];
    return stay(state, ...replies, menu(ctx.pack, state.level));
  }
  return stay({ ...state, instrumentId: chosen.id, phase: 'case_number' }, askCaseNumber(chosen));
}

function onCaseNumber(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: NormalisedInput): RunnerStep {
  switch (input.type) {
    case 'text': {
      const caseNumber = input.text.trim().toUpperCase();
      if (!ctx.caseNumberPattern.test(caseNumber)) return stay(state, message('assessment.caseNumberInvalid'));
      const { pack, hash } = ctx.pack;
      return {
        state,
        effects: [{ type: 'createAssessment', caseNumber, level: instrument.level, instrumentId: instrument.id, pack: { id: pack.id, version: pack.version, hash } }],
        replies: [],
        ended: false,
      };
    }
    case 'created': {
      const first = nextItem(instrument, {});
      const created: RunnerState = { ...state, phase: 'question', assessmentId: input.assessmentId, current: first?.id };
      return stay(created, message('assessment.created'), ...ask(ctx, instrument, created, true));
    }
    case 'back':
      if (instrumentsOf(ctx.pack, state.level).length > 1) {
        const { instrumentId: _dropped, ...rest } = state;
        return stay({ ...rest, phase: 'instrument' }, menu(ctx.pack, state.level));
      }
      return stay(state, message('back.atStart'), askCaseNumber(instrument));
    case 'reprompt':
    case 'card':
    case 'badCard':
    case 'pickInstrument':
    case 'completed':
      return stay(state, askCaseNumber(instrument));
    default: {
      const never: never = input;
      return never;
    }
  }
}

function currentItem(instrument: Instrument, state: RunnerState): Item {
  const item = state.current ? findItem(instrument, state.current) : undefined;
  if (!item) throw new Error(`runner state points at no item of ${instrument.id}`);
  return item;
}

const staleCard = (ctx: RunnerContext, instrument: Instrument, state: RunnerState) => stay(state, message('question.staleCard'), ...ask(ctx, instrument, state));

function onQuestion(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: NormalisedInput): RunnerStep {
  const item = currentItem(instrument, state);
  switch (input.type) {
    case 'text':
      return answerTyped(ctx, instrument, state, item, input.text);
    case 'card': {
      const data = input.data;
      if (data.itemId !== item.id || data.verb !== CARD_VERBS.answer) return staleCard(ctx, instrument, state);
      return answerFromCard(ctx, instrument, state, item, data);
    }
    case 'back': {
      const previous = state.history.at(-1);
      if (previous === undefined) return stay(state, message('back.atStart'), ...ask(ctx, instrument, state));
      const back: RunnerState = { ...state, current: previous, history: state.history.slice(0, -1) };
      return stay(back, ...ask(ctx, instrument, back));
    }
    case 'reprompt':
    case 'created':
    case 'completed':
      return stay(state, ...ask(ctx, instrument, state));
    case 'badCard':
    case 'pickInstrument':
      return staleCard(ctx, instrument, state);
    default: {
      const never: never = input;
      return never;
    }
  }
}

function onRationale(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: NormalisedInput): RunnerStep {
  const item = currentItem(instrument, state);
  const pending = state.pending;
  if (pending === undefined) throw new Error('rationale phase without a pending answer');
  const withReason = (raw: string): RunnerStep => {
    const rationale = raw.trim();
    if (rationale === '') return stay(state, message('rationale.empty', { answer: answerLabel(ctx, item, pending) }), ...ask(ctx, instrument, state));
    if (rationale.length > MAX_RATIONALE_LENGTH) {
      return stay(state, message('question.textTooLong', { max: MAX_RATIONALE_LENGTH }), ...ask(ctx, instrument, state));
    }
    return record(ctx, instrument, { ...state, pending: undefined }, item.id, { value: pending, rationale });
  };
  switch (input.type) {
    case 'text':
      return withReason(input.text);
    case 'card': {
      if (input.data.itemId !== item.id) return staleCard(ctx, instrument, state);
      // The question card is still on screen: answering there again changes the answer being motivated.
      if (input.data.verb === CARD_VERBS.answer) return answerFromCard(ctx, instrument, { ...state, phase: 'question', pending: undefined }, item, input.data);
      return withReason(input.data.rationale ?? '');
    }
    case 'back': {
      const back: RunnerState = { ...state, phase: 'question', pending: undefined };
      return stay(back, ...ask(ctx, instrument, back));
    }
    case 'reprompt':
    case 'created':
    case 'completed':
      return stay(state, ...ask(ctx, instrument, state));
    case 'badCard':
    case 'pickInstrument':
      return staleCard(ctx, instrument, state);
    default: {
      const never: never = input;
      return never;
    }
  }
}

const measureOptions = (ctx: RunnerContext, item: MeasuresItem) => ctx.pack.pack.measures.filter((m) => item.parts.includes(m.part));

/** What a typed message means for the current item; undefined when it cannot be read as an answer. */
function readTyped(ctx: RunnerContext, item: Item, text: string): GivenAnswer['value'] | undefined {
  switch (item.type) {
    case 'text':
      return text;
    case 'choice':
    case 'relevance':
      return recogniseChoice(optionsOf(ctx.pack.pack, item), text)?.code;
    case 'presence':
      return readTypedPresence(optionsOf(ctx.pack.pack, item), item, text);
    case 'measures': {
      if (/^(0|ingen|inga|none|inga åtgärder|ingen åtgärd)$/i.test(text)) return [NO_MEASURE];
      const options = measureOptions(ctx, item);
      const picked = text.split(/[\s,;]+/).filter(Boolean).map((n) => (/^\d+$/.test(n) ? options[Number(n) - 1]?.id : undefined));
      return picked.length && picked.every((id) => id !== undefined) ? [...new Set(picked as string[])] : undefined;
    }
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** The first word of an option's label ("J" of "J – förekommer"), with any dash read as the en dash "–". */
function shortLabel(option: AnswerOption): string {
  return (option.text.sv.trim().split(/\s+/)[0] ?? '').replace(/^[-—]$/, '–').toLowerCase();
}

/** One typed rating: an option by number, label or code, or by the short label on its own ("J", "–", "-"). */
function recogniseRating(options: readonly AnswerOption[], token: string): AnswerOption | undefined {
  const short = token.replace(/^[-—]$/, '–').toLowerCase();
  return recogniseChoice(options, token) ?? options.find((o) => shortLabel(o) === short);
}

/**
 * Ratings typed for each period in order: "J D", "j/d", "nu J tidigare D",
 * "J –", or "JD" when every option's short label is one character.
 */
function readTypedPresence(options: readonly AnswerOption[], item: PresenceItem, text: string): string[] | undefined {
  let tokens = text
    .toLowerCase()
    .replace(/\b(nu|tidigare|now|earlier)\b/g, ' ')
    .split(/[\s,;/]+/)
    .filter(Boolean);
  if (tokens.length === 1 && [...tokens[0]!].length === item.periods.length && options.every((o) => [...shortLabel(o)].length === 1)) tokens = [...tokens[0]!];
  if (tokens.length !== item.periods.length) return undefined;
  const ratings: PresenceRatings = {};
  for (const [i, period] of item.periods.entries()) {
    const option = recogniseRating(options, tokens[i]!);
    if (!option) return undefined;
    ratings[period] = option.code;
  }
  return presenceTokens(ratings);
}

function answerTyped(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, typed: string): RunnerStep {
  const text = typed.trim();
  if (text === '') return stay(state, message('question.empty'), ...ask(ctx, instrument, state));
  if (item.type === 'text' && text.length > item.maxLength) return stay(state, message('question.textTooLong', { max: item.maxLength }), ...ask(ctx, instrument, state));
  const value = readTyped(ctx, item, text);
  return value === undefined ? notRecognised(ctx, instrument, state, item) : answer(ctx, instrument, state, item, value);
}

function answerFromCard(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, data: Extract<ItemSubmit, { verb: 'answer' }>): RunnerStep {
  switch (item.type) {
    case 'presence': {
      const ratings: PresenceRatings = {};
      for (const period of item.periods) if (data[period]) ratings[period] = data[period];
      if (Object.keys(ratings).length !== item.periods.length) return stay(state, message('presence.incomplete'), ...ask(ctx, instrument, state));
      return answer(ctx, instrument, state, item, presenceTokens(ratings));
    }
    case 'measures': {
      if (data.value === NO_MEASURE) return answer(ctx, instrument, state, item, [NO_MEASURE]);
      // The multi-select arrives as comma-separated ids under its input id.
      const ids = (data[MEASURES_INPUT] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) return stay(state, message('measures.noneChosen'), ...ask(ctx, instrument, state));
      return answer(ctx, instrument, state, item, ids);
    }
    case 'choice':
    case 'relevance':
    case 'text':
      // A button carries an option code; a form field carries what was entered, read like typed text.
      if (item.type !== 'text' && optionsOf(ctx.pack.pack, item).some((o) => o.code === data.value)) return answer(ctx, instrument, state, item, data.value!);
      return answerTyped(ctx, instrument, state, item, data.value ?? '');
    default: {
      const never: never = item;
      return never;
    }
  }
}

function notRecognised(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item): RunnerStep {
  switch (item.type) {
    case 'presence':
      return stay(state, message('presence.notRecognised', { count: item.periods.length }), ...ask(ctx, instrument, state));
    case 'measures':
      return stay(state, message('measures.notRecognised', { count: measureOptions(ctx, item).length }), ...ask(ctx, instrument, state));
    case 'choice':
    case 'relevance':
      return stay(state, message('question.notRecognised', { count: optionsOf(ctx.pack.pack, item).length }), ...ask(ctx, instrument, state));
    case 'text':
      return stay(state, message('question.empty'), ...ask(ctx, instrument, state));
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** An answer read from the officer: checked against the item, then stored or sent on to the reason it needs. */
function answer(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, value: GivenAnswer['value']): RunnerStep {
  const withThis: Answers = { ...state.answers, [item.id]: { value, rationale: null } };
  const problems = validateAnswer(ctx.pack.pack, instrument, item.id, { value }, withThis).filter((p) => p.code !== 'rationale_required');
  if (problems.length) return notRecognised(ctx, instrument, state, item);
  const demand = rationaleDemand(instrument, item, withThis);
  if (demand.kind === 'required') {
    const next: RunnerState = { ...state, phase: 'rationale', pending: value };
    return stay(next, ...ask(ctx, instrument, next));
  }
  return record(ctx, instrument, state, item.id, { value, rationale: null });
}

/** Stores an answer: saves it through the API, then moves on, or completes when nothing is left. */
function record(ctx: RunnerContext, instrument: Instrument, state: RunnerState, itemId: string, given: { value: GivenAnswer['value']; rationale: string | null }): RunnerStep {
  const assessmentId = state.assessmentId;
  if (!assessmentId) throw new Error('answer recorded before the assessment was created');
  const answers: Record<string, GivenAnswer> = { ...state.answers, [itemId]: given };
  // A changed gate answer can switch later items off; their answers are no longer part of this assessment.
  for (const stale of staleAnswerIds(instrument, answers)) delete answers[stale];
  const history = [...state.history.filter((id) => answers[id] !== undefined && id !== itemId), itemId];
  const save: RunnerEffect = { type: 'saveAnswer', assessmentId, itemId, value: given.value, rationale: given.rationale };
  const base: RunnerState = { ...state, phase: 'question', answers, history, pending: undefined };
  const next = nextItem(instrument, answers);
  if (next) {
    const moved: RunnerState = { ...base, current: next.id };
    return { state: moved, effects: [save], replies: ask(ctx, instrument, moved, true), ended: false };
  }
  // Everything is answered, but a later answer may have made an earlier reason necessary
  // (a consistency flag): go back to that item rather than let the completion fail.
  const owed = completionProblems(ctx.pack.pack, instrument, answers)[0];
  if (owed) {
    const owedAnswer = answers[owed.itemId];
    const revisit: RunnerState =
      owed.code === 'rationale_required' && owedAnswer
        ? { ...base, phase: 'rationale', current: owed.itemId, pending: owedAnswer.value }
        : { ...base, current: owed.itemId };
    return { state: revisit, effects: [save], replies: [message('assessment.reasonOwed'), ...ask(ctx, instrument, revisit)], ended: false };
  }
  // The API completes it; its answer (the case and the due date it derived) is fed back as 'completed'.
  const completing: RunnerState = { ...base, phase: 'completing', current: undefined };
  return { state: completing, effects: [save, { type: 'complete', assessmentId }], replies: [], ended: false };
}

/**
 * The assessment is completed and the dialog ends. An initial assessment ends here; a structured or
 * in-depth one asks for its follow-up: the protection plan (Skydd, Stöd, Reducering av hotaktör),
 * dated by the re-assessment due date, then the record on its case — made whatever becomes of the
 * plan, since the two are independent (see CompletionFollowUp).
 */
function onCompleted(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: NormalisedInput): RunnerStep {
  const assessmentId = state.assessmentId;
  if (input.type !== 'completed' || !assessmentId) return { state: { ...state, phase: 'done' }, effects: [], replies: [], ended: true };
  // The API's derived date is the record; the runner's own count (same rule, today) only stands in when it has none.
  const dueOn = input.reassessOn ?? reassessmentDue(ctx.pack.pack, instrument, state.answers, ctx.today)?.dueOn;
  const reference = assessmentId.slice(0, 8);
  const done: RunnerState = { ...state, phase: 'done' };
  const completed = dueOn ? message('completed.withDue', { instrument: instrument.title, reference, dueOn }) : message('completed', { instrument: instrument.title, reference });
  if (state.level === 'initial') return { state: done, effects: [], replies: [completed], ended: true };
  const followUp: CompletionFollowUp = {
    caseNumber: input.caseNumber,
    instrumentId: instrument.id,
    plan: dueOn ? planDraftOf(ctx.pack.pack, instrument, state.answers, assessmentId, dueOn) : undefined,
    caseRecord: caseRecordOf(instrument),
    recordCase: 'whatever_the_plan',
  };
  return { state: done, effects: [{ type: 'followUp', followUp }], replies: dueOn ? [completed] : [completed, message('plan.noDueDate')], ended: true };
}

/**
 * The record on its case a completed assessment of this instrument asks for, or undefined when it asks
 * none. A structured or in-depth assessment is Bops' work, so an intake case becomes a Bops case; a
 * structured instrument also names its violence type, for a case with none yet. The in-depth
 * instrument names none (null), and the case's violence type is left as it is. An initial
 * assessment is made at intake and records nothing. Completion in chat and the "skapa plan" retry
 * both ask it here, so they record alike.
 */
export function caseRecordOf(instrument: Instrument): CaseRecordRequest | undefined {
  if (instrument.level === 'initial') return undefined;
  return { violenceType: caseViolenceTypeOf(instrument) ?? null };
}

/** What the officer is told of the case record, worded by the instrument they chose. */
export const caseRecordReply = (instrument: Pick<Instrument, 'title'>, outcome: CaseRecordOutcome): Reply => ({ type: 'caseRecord', view: { instrument: instrument.title, outcome } });

/**
 * The plan of a completed assessment: every measure the officer chose in its measures items ("ingen"
 * is no measure), once each, in the part the pack's catalogue gives it. Pure, so completion in chat and
 * the "skapa plan" retry build the same plan from the same answers.
 */
export function planDraftOf(pack: Pack, instrument: Instrument, answers: Answers, assessmentId: string, reassessOn: string): PlanDraft {
  const applicable = new Set(applicableItems(instrument, answers).map((i) => i.id));
  const measures: PlanMeasure[] = [];
  for (const item of instrument.sections.flatMap((s) => s.items)) {
    if (item.type !== 'measures' || !applicable.has(item.id)) continue;
    const value = answers[item.id]?.value;
    const ids = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    for (const id of ids) {
      const measure = pack.measures.find((m) => m.id === id);
      if (measure && !measures.some((m) => m.measureId === id)) measures.push({ part: measure.part, measureId: id });
    }
  }
  return { assessmentId, reassessOn, measures };
}

/** What the officer is told of the plan: the parts and their measures, or that it was saved before, or why it was not and how to retry. */
export function planReplies(pack: Pack, plan: PlanDraft, outcome: PlanOutcome): Reply[] {
  switch (outcome.status) {
    case 'created': {
      const titleOf = (id: string): LocalizedText => pack.measures.find((m) => m.id === id)?.title ?? { sv: id };
      const parts = MEASURE_PARTS.map((part) => ({ part, measures: plan.measures.filter((m) => m.part === part).map((m) => titleOf(m.measureId)) }));
      return [{ type: 'plan', view: { assigned: outcome.assigned, reassessOn: plan.reassessOn, parts } }];
    }
    case 'already_created':
      return [message('plan.alreadySaved')];
    case 'failed':
      return [message(PLAN_FAILURE_MESSAGES[outcome.reason])];
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/**
 * Why a plan was not saved, told with how to retry; also for the "skapa plan" retry's own failures.
 * An assessment no longer a draft or a case changed meanwhile is a refusal like any other to the officer.
 */
export const PLAN_FAILURE_MESSAGES: Readonly<Record<ApiErrorReason, MessageKey>> = {
  unavailable: 'plan.failed.unavailable',
  forbidden: 'plan.failed.notAllowed',
  rejected: 'plan.failed.rejected',
  not_draft: 'plan.failed.rejected',
  stale: 'plan.failed.rejected',
  case_closed: 'plan.failed.caseClosed',
};

const PERIOD_LABELS: Record<PresencePeriod, LocalizedText> = { nu: { sv: 'Nu', en: 'Now' }, tidigare: { sv: 'Tidigare', en: 'Earlier' } };

/** Joins localised parts per language, so a composed label stays bilingual. */
function joinLocalized(parts: LocalizedText[], separator: string): LocalizedText {
  return { sv: parts.map((p) => p.sv).join(separator), en: parts.map((p) => p.en ?? p.sv).join(separator) };
}

/** How an answer reads in a summary or a reason prompt. */
function answerLabel(ctx: RunnerContext, item: Item, value: GivenAnswer['value']): LocalizedText {
  switch (item.type) {
    case 'choice':
    case 'relevance':
      return optionsOf(ctx.pack.pack, item).find((o) => o.code === value)?.text ?? { sv: String(value) };
    case 'presence': {
      const ratings = readPresence(value) ?? {};
      const options = optionsOf(ctx.pack.pack, item);
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
      return joinLocalized(ids.map((id) => ctx.pack.pack.measures.find((m) => m.id === id)?.title ?? { sv: id }), ', ');
    }
    case 'text':
      return { sv: String(value) };
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** The replies that put the current item in front of the officer; with a summary when its section asks for one. */
function ask(ctx: RunnerContext, instrument: Instrument, state: RunnerState, mayShowSummary = false): Reply[] {
  const item = currentItem(instrument, state);
  const section = instrument.sections.find((s) => s.items.some((i) => i.id === item.id));
  if (!section) throw new Error(`item ${item.id} has no section`);
  const answers: Answers = state.answers;
  const { position, total } = progress(instrument, answers, item.id);
  const base: QuestionBase = { itemId: item.id, sectionTitle: section.title, about: aboutOf(ctx, instrument, item, answers), text: item.text, guidance: item.guidance, position, total };
  const replies: Reply[] = [];
  const firstOfSection = applicableItems(instrument, answers).find((i) => section.items.includes(i));
  if (mayShowSummary && section.summaryBefore && firstOfSection?.id === item.id) {
    replies.push({ type: 'summary', view: summarise(ctx, instrument, answers) });
  }
  if (state.phase === 'rationale' && state.pending !== undefined) {
    const demand = rationaleDemand(instrument, item, { ...answers, [item.id]: { value: state.pending } });
    const flags = demand.kind === 'required' ? instrument.checks.filter((c) => demand.checkIds.includes(c.id)).map((c) => c.message) : [];
    replies.push({ type: 'question', view: { ...base, kind: 'rationale', answer: answerLabel(ctx, item, state.pending), flags, maxLength: MAX_RATIONALE_LENGTH } });
    return replies;
  }
  const given = answers[item.id];
  const options = (codes: readonly AnswerOption[]): OptionView[] => codes.map((o) => ({ code: o.code, label: o.text }));
  switch (item.type) {
    case 'choice':
    case 'relevance': {
      const coded = optionsOf(ctx.pack.pack, item);
      replies.push({ type: 'question', view: { ...base, kind: 'choice', options: options(coded), currentAnswer: given ? answerLabel(ctx, item, given.value) : undefined } });
      break;
    }
    case 'presence':
      replies.push({
        type: 'question',
        view: { ...base, kind: 'presence', periods: item.periods, options: options(optionsOf(ctx.pack.pack, item)), currentAnswer: given ? readPresence(given.value) : undefined },
      });
      break;
    case 'measures': {
      const suggestions = suggestMeasures(ctx.pack.pack, instrument, answers).filter((s) => item.parts.includes(s.measure.part));
      const chosen = given ? (typeof given.value === 'string' ? [given.value] : given.value) : undefined;
      replies.push({
        type: 'question',
        view: {
          ...base,
          kind: 'measures',
          options: measureOptions(ctx, item).map((m) => ({ code: m.id, label: m.title, part: m.part, legalBasis: m.legalBasis })),
          suggestions: suggestions.map((s) => ({ label: s.measure.title, reasons: s.because.map((b) => b.reason) })),
          currentAnswer: chosen ? chosen.map((id) => answerLabel(ctx, item, [id])) : undefined,
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
function aboutOf(ctx: RunnerContext, instrument: Instrument, item: Item, answers: Answers): LocalizedText | undefined {
  if (item.type !== 'relevance') return undefined;
  const factor = findItem(instrument, item.factor);
  if (!factor) return undefined;
  const rating = answers[factor.id];
  return rating ? joinLocalized([factor.shortText, answerLabel(ctx, factor, rating.value)], ' — ') : factor.shortText;
}

/** The answers so far, as short labels: what the officer checks before deciding. */
export function summarise(ctx: RunnerContext, instrument: Instrument, answers: Answers): SummaryView {
  const rows: SummaryView['rows'] = [];
  for (const item of instrument.sections.flatMap((s) => s.items)) {
    const given = answers[item.id];
    if (given) rows.push({ label: item.shortText, answer: answerLabel(ctx, item, given.value) });
  }
  return { title: instrument.title, rows };
}

/** What resuming needs of a draft saved through the API. */
export interface DraftToResume {
  assessmentId: string;
  instrumentId: string;
  answers: { itemId: string; value: GivenAnswer['value']; rationale: string | null }[];
}

/**
 * Rebuilds the runner state of a draft from what the API saved, for when the conversation state
 * was lost (a Redis outage, expiry) or cannot be read (an older snapshot version): the officer goes
 * on at the first unanswered question, or at the reason still owed. Answers the API holds to items
 * that are no longer applicable are left out, as when they are given in the dialog.
 */
export function resumeAssessment(ctx: RunnerContext, draft: DraftToResume): RunnerStep {
  const instrument = findInstrument(ctx.pack, draft.instrumentId);
  const answers: Record<string, GivenAnswer> = {};
  for (const given of draft.answers) answers[given.itemId] = { value: given.value, rationale: given.rationale };
  for (const stale of staleAnswerIds(instrument, answers)) delete answers[stale];
  const history = applicableItems(instrument, answers)
    .filter((item) => answers[item.id] !== undefined)
    .map((item) => item.id);
  const base: RunnerState = {
    v: RUNNER_STATE_VERSION,
    packId: ctx.pack.pack.id,
    packVersion: ctx.pack.pack.version,
    level: instrument.level,
    instrumentId: instrument.id,
    phase: 'question',
    assessmentId: draft.assessmentId,
    answers,
    history,
  };
  const next = nextItem(instrument, answers);
  const owed = next ? undefined : completionProblems(ctx.pack.pack, instrument, answers)[0];
  const owedAnswer = owed && answers[owed.itemId];
  // Everything answered and nothing owed: the last answer is asked again, and giving it completes.
  const current = next?.id ?? owed?.itemId ?? history.at(-1) ?? applicableItems(instrument, answers)[0]?.id;
  const state: RunnerState =
    owed?.code === 'rationale_required' && owedAnswer ? { ...base, phase: 'rationale', current, pending: owedAnswer.value } : { ...base, current };
  return { state, effects: [], replies: [message('assessment.resumed', { instrument: instrument.title }), ...ask(ctx, instrument, state)], ended: false };
}
