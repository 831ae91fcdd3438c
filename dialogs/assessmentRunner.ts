// The assessment dialog as a pure transition: (pack, state, input) → (next
// state, effects to run, replies to show). The botbuilder dialog that hosts it
// only executes the effects (API calls) and renders the replies, so every
// decision of the flow is testable without Teams, HTTP or storage.
import { z } from 'zod';
import {
  applicableItems,
  findItem,
  MAX_RATIONALE_LENGTH,
  nextItem,
  optionsOf,
  progress,
  recogniseChoice,
  staleAnswerIds,
  type Answers,
  type GivenAnswer,
} from '../methodology/instrumentEngine.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import type { ChoiceItem, Instrument, Item, LocalizedText } from '../methodology/packSchema.js';
import { CARD_VERBS } from './commands.js';
import type { MessageKey } from './messageCatalogue.js';

/** Bumped whenever the snapshot shape changes; an older snapshot is not resumed blindly. */
export const RUNNER_STATE_VERSION = 1;

const answerSchema = z.object({
  value: z.union([z.string(), z.array(z.string())]),
  rationale: z.string().nullable().optional(),
});

export const runnerStateSchema = z.object({
  v: z.literal(RUNNER_STATE_VERSION),
  packId: z.string(),
  packVersion: z.string(),
  instrumentId: z.string(),
  phase: z.enum(['case_number', 'question', 'rationale', 'done']),
  assessmentId: z.string().optional(),
  current: z.string().optional(),
  /** The chosen option while the officer writes the required reason for it. */
  pendingChoice: z.string().optional(),
  answers: z.record(z.string(), answerSchema),
  /** Items answered, in order, so "back" retraces the officer's own path. */
  history: z.array(z.string()),
});
export type RunnerState = z.infer<typeof runnerStateSchema>;

/** Data an Adaptive Card button or form sends back; anything else is rejected. */
export const cardSubmitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(CARD_VERBS.answer), itemId: z.string().max(64), value: z.string().max(20_000) }),
  z.object({ verb: z.literal(CARD_VERBS.rationale), itemId: z.string().max(64), rationale: z.string().max(20_000).optional() }),
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
  | { type: 'created'; assessmentId: string };

export type RunnerEffect =
  | { type: 'createAssessment'; caseNumber: string; level: Instrument['level']; instrumentId: string; pack: { id: string; version: string; hash: string } }
  | { type: 'saveAnswer'; assessmentId: string; itemId: string; value: GivenAnswer['value']; rationale: string | null }
  | { type: 'complete'; assessmentId: string };

export type MessageParam = string | number | LocalizedText;

interface QuestionBase {
  itemId: string;
  sectionTitle: LocalizedText;
  text: LocalizedText;
  guidance: LocalizedText | undefined;
  position: number;
  total: number;
}

export type QuestionView =
  | (QuestionBase & { kind: 'choice'; options: { code: string; label: LocalizedText }[]; currentAnswer: LocalizedText | undefined })
  | (QuestionBase & { kind: 'text'; maxLength: number; currentAnswer: string | undefined })
  | (QuestionBase & { kind: 'rationale'; choice: LocalizedText; maxLength: number });

export interface SummaryView {
  title: LocalizedText;
  rows: { label: LocalizedText; answer: LocalizedText }[];
}

export type Reply =
  | { type: 'message'; key: MessageKey; params?: Record<string, MessageParam> }
  | { type: 'question'; view: QuestionView }
  | { type: 'summary'; view: SummaryView };

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
}

/** A fresh run of one instrument; the first reply asks for the case number. */
export function startAssessment(pack: LoadedPack, instrumentId: string): RunnerStep {
  findInstrument(pack, instrumentId);
  const state: RunnerState = {
    v: RUNNER_STATE_VERSION,
    packId: pack.pack.id,
    packVersion: pack.pack.version,
    instrumentId,
    phase: 'case_number',
    answers: {},
    history: [],
  };
  return { state, effects: [], replies: [{ type: 'message', key: 'assessment.askCaseNumber' }], ended: false };
}

/** The next step for one input. Never throws on officer input: bad input gives a reply and the same state. */
export function transition(ctx: RunnerContext, state: RunnerState, input: RunnerInput): RunnerStep {
  const instrument = findInstrument(ctx.pack, state.instrumentId);
  const normalised = input.type === 'submit' ? fromSubmit(input.data) : input;
  if (normalised.type === 'cancel') {
    const key: MessageKey = state.assessmentId ? 'cancel.keptDraft' : 'cancel.nothingSaved';
    return { state: { ...state, phase: 'done' }, effects: [], replies: [{ type: 'message', key }], ended: true };
  }
  switch (state.phase) {
    case 'case_number':
      return onCaseNumber(ctx, instrument, state, normalised);
    case 'question':
      return onQuestion(ctx, instrument, state, normalised);
    case 'rationale':
      return onRationale(ctx, instrument, state, normalised);
    case 'done':
      return { state, effects: [], replies: [], ended: true };
    default: {
      const never: never = state.phase;
      return never;
    }
  }
}

type ItemSubmit = Extract<CardSubmit, { itemId: string }>;
type NormalisedInput = Exclude<RunnerInput, { type: 'submit' } | { type: 'cancel' }> | { type: 'card'; data: ItemSubmit } | { type: 'badCard' };

function fromSubmit(data: unknown): NormalisedInput | { type: 'cancel' } {
  const parsed = cardSubmitSchema.safeParse(data);
  if (!parsed.success) return { type: 'badCard' };
  if (parsed.data.verb === CARD_VERBS.back) return { type: 'back' };
  if (parsed.data.verb === CARD_VERBS.cancel) return { type: 'cancel' };
  return { type: 'card', data: parsed.data };
}

const stay = (state: RunnerState, ...replies: Reply[]): RunnerStep => ({ state, effects: [], replies, ended: false });
const message = (key: MessageKey, params?: Record<string, MessageParam>): Reply => (params ? { type: 'message', key, params } : { type: 'message', key });

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
      return stay(state, message('back.atStart'), message('assessment.askCaseNumber'));
    case 'reprompt':
    case 'card':
    case 'badCard':
      return stay(state, message('assessment.askCaseNumber'));
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

function onQuestion(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: NormalisedInput): RunnerStep {
  const item = currentItem(instrument, state);
  switch (input.type) {
    case 'text':
      return answerTyped(ctx, instrument, state, item, input.text);
    case 'card': {
      const data = input.data;
      if (data.itemId !== item.id || data.verb !== CARD_VERBS.answer) {
        return stay(state, message('question.staleCard'), ...ask(ctx, instrument, state));
      }
      // A button carries an option code; a form field (text item, long choice list) carries what was entered.
      if (item.type === 'choice' && optionsOf(ctx.pack.pack, item).some((o) => o.code === data.value)) {
        return choose(ctx, instrument, state, item, data.value);
      }
      return answerTyped(ctx, instrument, state, item, data.value);
    }
    case 'back': {
      const previous = state.history.at(-1);
      if (previous === undefined) return stay(state, message('back.atStart'), ...ask(ctx, instrument, state));
      const back: RunnerState = { ...state, current: previous, history: state.history.slice(0, -1) };
      return stay(back, ...ask(ctx, instrument, back));
    }
    case 'reprompt':
    case 'created':
      return stay(state, ...ask(ctx, instrument, state));
    case 'badCard':
      return stay(state, message('question.staleCard'), ...ask(ctx, instrument, state));
    default: {
      const never: never = input;
      return never;
    }
  }
}

function onRationale(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: NormalisedInput): RunnerStep {
  const item = currentItem(instrument, state);
  const choice = state.pendingChoice;
  if (item.type !== 'choice' || choice === undefined) throw new Error('rationale phase without a pending choice');
  const choiceLabel = optionsOf(ctx.pack.pack, item).find((o) => o.code === choice)?.text ?? { sv: choice };
  const withReason = (raw: string): RunnerStep => {
    const rationale = raw.trim();
    if (rationale === '') return stay(state, message('rationale.empty', { choice: choiceLabel }), ...ask(ctx, instrument, state));
    if (rationale.length > MAX_RATIONALE_LENGTH) {
      return stay(state, message('question.textTooLong', { max: MAX_RATIONALE_LENGTH }), ...ask(ctx, instrument, state));
    }
    return record(ctx, instrument, { ...state, pendingChoice: undefined }, item.id, { value: choice, rationale });
  };
  switch (input.type) {
    case 'text':
      return withReason(input.text);
    case 'card': {
      if (input.data.itemId !== item.id) return stay(state, message('question.staleCard'), ...ask(ctx, instrument, state));
      // The question card is still on screen: pressing another option there changes the choice being motivated.
      if (input.data.verb === CARD_VERBS.answer) return choose(ctx, instrument, { ...state, phase: 'question' }, item, input.data.value);
      return withReason(input.data.rationale ?? '');
    }
    case 'back': {
      const back: RunnerState = { ...state, phase: 'question', pendingChoice: undefined };
      return stay(back, ...ask(ctx, instrument, back));
    }
    case 'reprompt':
    case 'created':
      return stay(state, ...ask(ctx, instrument, state));
    case 'badCard':
      return stay(state, message('question.staleCard'), ...ask(ctx, instrument, state));
    default: {
      const never: never = input;
      return never;
    }
  }
}

function answerTyped(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, typed: string): RunnerStep {
  const text = typed.trim();
  if (text === '') return stay(state, message('question.empty'), ...ask(ctx, instrument, state));
  switch (item.type) {
    case 'text':
      if (text.length > item.maxLength) return stay(state, message('question.textTooLong', { max: item.maxLength }), ...ask(ctx, instrument, state));
      return record(ctx, instrument, state, item.id, { value: text, rationale: null });
    case 'choice': {
      const option = recogniseChoice(optionsOf(ctx.pack.pack, item), text);
      return option ? choose(ctx, instrument, state, item, option.code) : notRecognised(ctx, instrument, state, item);
    }
    case 'presence':
    case 'relevance':
    case 'measures':
      throw unaskableItem(item);
    default: {
      const never: never = item;
      return never;
    }
  }
}

function notRecognised(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: ChoiceItem): RunnerStep {
  const count = optionsOf(ctx.pack.pack, item).length;
  return stay(state, message('question.notRecognised', { count }), ...ask(ctx, instrument, state));
}

function choose(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: ChoiceItem, code: string): RunnerStep {
  if (!optionsOf(ctx.pack.pack, item).some((o) => o.code === code)) return notRecognised(ctx, instrument, state, item);
  if (item.rationale === 'required') {
    const next: RunnerState = { ...state, phase: 'rationale', pendingChoice: code };
    return stay(next, ...ask(ctx, instrument, next));
  }
  return record(ctx, instrument, state, item.id, { value: code, rationale: null });
}

/** Stores an answer: saves it through the API, then moves on or completes. */
function record(ctx: RunnerContext, instrument: Instrument, state: RunnerState, itemId: string, answer: { value: GivenAnswer['value']; rationale: string | null }): RunnerStep {
  const assessmentId = state.assessmentId;
  if (!assessmentId) throw new Error('answer recorded before the assessment was created');
  const answers: Record<string, GivenAnswer> = { ...state.answers, [itemId]: answer };
  // A changed gate answer can switch later items off; their answers are no longer part of this assessment.
  for (const stale of staleAnswerIds(instrument, answers)) delete answers[stale];
  const history = [...state.history.filter((id) => answers[id] !== undefined && id !== itemId), itemId];
  const save: RunnerEffect = { type: 'saveAnswer', assessmentId, itemId, value: answer.value, rationale: answer.rationale };
  const next = nextItem(instrument, answers);
  if (!next) {
    const done: RunnerState = { ...state, phase: 'done', answers, history, current: undefined, pendingChoice: undefined };
    return {
      state: done,
      effects: [save, { type: 'complete', assessmentId }],
      replies: [message('completed', { reference: assessmentId.slice(0, 8) })],
      ended: true,
    };
  }
  const moved: RunnerState = { ...state, phase: 'question', answers, history, current: next.id, pendingChoice: undefined };
  return { state: moved, effects: [save], replies: ask(ctx, instrument, moved, true), ended: false };
}

/** The replies that put the current item in front of the officer; with a summary when its section asks for one. */
function ask(ctx: RunnerContext, instrument: Instrument, state: RunnerState, mayShowSummary = false): Reply[] {
  const item = currentItem(instrument, state);
  const section = instrument.sections.find((s) => s.items.some((i) => i.id === item.id));
  if (!section) throw new Error(`item ${item.id} has no section`);
  const answers: Answers = state.answers;
  const { position, total } = progress(instrument, answers, item.id);
  const base = { itemId: item.id, sectionTitle: section.title, text: item.text, guidance: item.guidance, position, total };
  const replies: Reply[] = [];
  const firstOfSection = applicableItems(instrument, answers).find((i) => section.items.includes(i));
  if (mayShowSummary && section.summaryBefore && firstOfSection?.id === item.id) {
    replies.push({ type: 'summary', view: summarise(ctx, instrument, answers) });
  }
  const given = answers[item.id];
  switch (item.type) {
    case 'choice': {
      const options = optionsOf(ctx.pack.pack, item);
      if (state.phase === 'rationale' && state.pendingChoice !== undefined) {
        const choice = options.find((o) => o.code === state.pendingChoice)?.text ?? { sv: state.pendingChoice };
        replies.push({ type: 'question', view: { ...base, kind: 'rationale', choice, maxLength: MAX_RATIONALE_LENGTH } });
        break;
      }
      const currentAnswer = options.find((o) => o.code === given?.value)?.text;
      replies.push({ type: 'question', view: { ...base, kind: 'choice', options: options.map((o) => ({ code: o.code, label: o.text })), currentAnswer } });
      break;
    }
    case 'text':
      replies.push({ type: 'question', view: { ...base, kind: 'text', maxLength: item.maxLength, currentAnswer: typeof given?.value === 'string' ? given.value : undefined } });
      break;
    case 'presence':
    case 'relevance':
    case 'measures':
      throw unaskableItem(item);
    default: {
      const never: never = item;
      return never;
    }
  }
  return replies;
}

// The chat dialog runs the initial instrument only so far; structured and
// in-depth instruments (presence ratings, relevance, measures) need cards of
// their own before the dialog may start them.
function unaskableItem(item: Item): Error {
  return new Error(`the chat dialog cannot ask ${item.type} items yet (item "${item.id}")`);
}

/** The answers so far, as short labels: what the officer checks before deciding. */
export function summarise(ctx: RunnerContext, instrument: Instrument, answers: Answers): SummaryView {
  const rows: SummaryView['rows'] = [];
  for (const item of instrument.sections.flatMap((s) => s.items)) {
    const given = answers[item.id];
    if (!given) continue;
    const answer: LocalizedText =
      item.type === 'choice' ? (optionsOf(ctx.pack.pack, item).find((o) => o.code === given.value)?.text ?? { sv: String(given.value) }) : { sv: String(given.value) };
    rows.push({ label: item.shortText, answer });
  }
  return { title: instrument.title, rows };
}
