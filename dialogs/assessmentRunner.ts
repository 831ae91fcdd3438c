// The assessment dialog as a pure transition: (pack, state, event) → (next
// state, effects to run, replies to show). The botbuilder dialog that hosts it
// only executes the effects (API calls) and renders the replies, so every
// decision of the flow is testable without Teams, HTTP or storage. One runner
// drives every instrument of every level: the items' types decide the cards.
// This file is the phase table: what each phase does with what the officer sent,
// and what the runner does with what an effect returned. Answering a question is
// answering.ts (a compact card compactAnswering.ts), the views questionView.ts,
// the start and resume assessmentStart.ts, the draft created assessmentCreated.ts, what follows
// completion afterCompletion.ts.
import { findInstrument } from '../methodology/methodologySource.js';
import type { Instrument, Item } from '../methodology/packSchema.js';
import { afterCompletion } from './afterCompletion.js';
import { answerFromCard, answerTyped, recordWithReason } from './answering.js';
import { LIST_SEPARATOR, readTyped } from './answerRecognition.js';
import { adoptKeptCard, answerCompactCard, answerCompactList, compactBack } from './compactAnswering.js';
import { CARD_VERBS } from './commands.js';
import { groupOfItem } from './compactGroups.js';
import type { MessageKey } from './messageCatalogue.js';
import { message } from './messageReply.js';
import { afterCreated } from './assessmentCreated.js';
import { afterCaseNumber, afterPrevious, confirmDomainUnchanged, onReassessOffer, typedUnchanged } from './reassessment.js';
import { ask, askCaseNumber, instrumentMenu } from './questionView.js';
import { phaseInputOf, REPROMPT, type EffectResult, type OfficerInput, type PhaseInput } from './runnerInput.js';
import { currentItem, instrumentsOf, type RunnerState } from './runnerState.js';
import { readChoice } from './typedChoice.js';
import { askBack, askedAt } from './askBack.js';
import { stay, type RunnerContext, type RunnerStep } from './runnerStep.js';

/**
 * The next step for what the officer sent, or for what an effect of the previous step returned.
 * Never throws on officer input: bad input gives a reply and the same state.
 */
export function transition(ctx: RunnerContext, state: RunnerState, event: OfficerInput | EffectResult): RunnerStep {
  switch (event.type) {
    case 'created':
    case 'completed':
    case 'previous':
      return afterEffect(ctx, state, event);
    case 'text':
    case 'submit':
    case 'back':
    case 'cancel':
    case 'reprompt':
      return onOfficerInput(ctx, state, event);
    default: {
      const never: never = event;
      return never;
    }
  }
}

function onOfficerInput(ctx: RunnerContext, state: RunnerState, officerInput: OfficerInput): RunnerStep {
  const sent = phaseInputOf(officerInput);
  // A candidate of a question asked back is the officer's message made exact — where it was asked only.
  if (sent.type === 'askedBack' && sent.at !== askedAt(state)) {
    const again = onOfficerInput(ctx, state, REPROMPT);
    return { ...again, replies: [message('question.staleCard'), ...again.replies] };
  }
  const input = sent.type === 'askedBack' ? ({ type: 'text', text: sent.text } as const) : sent;
  if (input.type === 'cancel') {
    const key: MessageKey = state.assessmentId ? 'cancel.keptDraft' : 'cancel.nothingSaved';
    return { state: { ...state, phase: 'done' }, effects: [], replies: [message(key)], ended: true };
  }
  switch (state.phase) {
    case 'instrument':
      return onInstrument(ctx, state, input);
    case 'case_number':
      return onCaseNumber(ctx, instrumentOf(ctx, state), state, input);
    case 'reassess_offer':
      return onReassessOffer(ctx, instrumentOf(ctx, state), state, input);
    case 'question':
      return onQuestion(ctx, instrumentOf(ctx, state), state, input);
    case 'rationale':
      return onRationale(ctx, instrumentOf(ctx, state), state, input);
    case 'completing':
    case 'done':
      // A turn never commits 'completing': nothing is left to do but end.
      return { state: { ...state, phase: 'done' }, effects: [], replies: [], ended: true };
    default: {
      const never: never = state.phase;
      return never;
    }
  }
}

const instrumentOf = (ctx: RunnerContext, state: RunnerState): Instrument => findInstrument(ctx.pack, state.instrumentId ?? '');

/** The phase whose effect each result answers; the dialog feeds a result straight back to the step that asked for it. */
const PHASE_OF_RESULT: Readonly<Record<EffectResult['type'], RunnerState['phase']>> = { created: 'case_number', completed: 'completing', previous: 'case_number' };

function afterEffect(ctx: RunnerContext, state: RunnerState, result: EffectResult): RunnerStep {
  if (state.phase !== PHASE_OF_RESULT[result.type]) throw new Error(`effect result '${result.type}' fed to the runner in phase '${state.phase}'`);
  const instrument = instrumentOf(ctx, state);
  switch (result.type) {
    case 'created':
      return afterCreated(ctx, instrument, state, result);
    case 'previous':
      return afterPrevious(ctx, instrument, state, result);
    case 'completed':
      return afterCompletion(ctx, instrument, state, result);
    default: {
      const never: never = result;
      return never;
    }
  }
}

function onInstrument(ctx: RunnerContext, state: RunnerState, input: PhaseInput): RunnerStep {
  const instruments = instrumentsOf(ctx.pack, state.level);
  let chosen: Instrument | undefined;
  let typedCaseNumber: string | undefined;
  if (input.type === 'pickInstrument') chosen = instruments.find((i) => i.id === input.instrumentId);
  else if (input.type === 'text') {
    // The menu asks for both, so both may come typed in one message, in either order: "SARA:SV 5000-K123456-25".
    const { caseNumber, rest } = splitCaseNumber(ctx, input.text);
    typedCaseNumber = caseNumber;
    if (caseNumber && rest === '') {
      const noted: RunnerState = { ...state, presetCaseNumber: caseNumber };
      return stay(noted, message('assessment.caseNumberNoted', { caseNumber }), instrumentMenu(ctx.pack, state.level));
    }
    const options = instruments.map((i) => ({ code: i.id, text: i.title }));
    const read = readChoice(options, rest);
    // "s" for SAM or SARA:SV: asked back, the case number typed beside it kept in each candidate.
    if (read.kind === 'ambiguous') return stay(state, askBack(options, read.candidates, (exact) => [exact, caseNumber].filter(Boolean).join(' '), askedAt(state)));
    chosen = instruments.find((i) => read.kind === 'one' && i.id === read.option.code) ?? instruments.find((i) => i.id === rest.toLowerCase());
  }
  if (input.type === 'back') return stay(state, message('back.atStart'), instrumentMenu(ctx.pack, state.level, state.presetCaseNumber ? undefined : state.mode));
  if (!chosen) {
    const replies = input.type === 'reprompt' ? [] : [message('assessment.instrumentNotRecognised', { count: instruments.length })];
    return stay(state, ...replies, instrumentMenu(ctx.pack, state.level, state.presetCaseNumber ? undefined : state.mode));
  }
  const { presetCaseNumber, ...rest } = state;
  const next: RunnerState = { ...rest, instrumentId: chosen.id, phase: 'case_number' };
  // Compact mode's menu carries the case number: picked and numbered in one message (issue 13).
  const caseNumber = (input.type === 'pickInstrument' ? input.caseNumber : typedCaseNumber) || presetCaseNumber;
  if (caseNumber) return onCaseNumber(ctx, chosen, next, { type: 'text', text: caseNumber });
  return stay(next, askCaseNumber(chosen));
}

/** A case number among the words of a typed message, and what is left around it. */
function splitCaseNumber(ctx: RunnerContext, text: string): { caseNumber: string | undefined; rest: string } {
  const words = text.trim().split(/[\s,;]+/).filter(Boolean);
  const at = words.findIndex((w) => ctx.caseNumberPattern.test(w.toUpperCase()));
  if (at < 0) return { caseNumber: undefined, rest: text.trim() };
  return { caseNumber: words[at]!.toUpperCase(), rest: words.filter((_, i) => i !== at).join(' ') };
}

function onCaseNumber(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: PhaseInput): RunnerStep {
  switch (input.type) {
    case 'text': {
      const caseNumber = input.text.trim().toUpperCase();
      if (!ctx.caseNumberPattern.test(caseNumber)) return stay(state, message('assessment.caseNumberInvalid'));
      return afterCaseNumber(ctx, instrument, state, caseNumber);
    }
    case 'back':
      if (instrumentsOf(ctx.pack, state.level).length > 1) {
        const { instrumentId: _dropped, ...rest } = state;
        return stay({ ...rest, phase: 'instrument' }, instrumentMenu(ctx.pack, state.level, state.presetCaseNumber ? undefined : state.mode));
      }
      return stay(state, message('back.atStart'), askCaseNumber(instrument));
    case 'reprompt':
    case 'card':
    case 'compactCard':
    case 'badCard':
    case 'pickInstrument':
    case 'unchanged':
    case 'reassessChoice':
      return stay(state, askCaseNumber(instrument));
    default: {
      const never: never = input;
      return never;
    }
  }
}

const staleCard = (ctx: RunnerContext, instrument: Instrument, state: RunnerState) => stay(state, message('question.staleCard'), ...ask(ctx.pack.pack, instrument, state));

function onQuestion(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: PhaseInput): RunnerStep {
  if (state.kept !== undefined && state.mode !== 'compact') {
    // Step by step chosen with a card back: what it held is saved first, then the input is read.
    const adopted = adoptKeptCard(ctx, instrument, state);
    const step = onQuestion(ctx, instrument, adopted.state, input);
    return { ...step, effects: [...adopted.effects, ...step.effects] };
  }
  const item = currentItem(instrument, state);
  switch (input.type) {
    case 'text':
      if (typedUnchanged(instrument, state, item, input.text)) return confirmDomainUnchanged(ctx, instrument, state, item);
      return (
        (state.mode === 'compact' ? answerCompactList(ctx, instrument, state, input.text) : undefined) ??
        answerWithReason(ctx, instrument, state, item, input.text) ??
        answerTyped(ctx, instrument, state, item, input.text)
      );
    case 'unchanged':
      if (input.itemId !== item.id) return staleCard(ctx, instrument, state);
      return confirmDomainUnchanged(ctx, instrument, state, item);
    case 'card': {
      const data = input.data;
      if (data.itemId !== item.id || data.verb !== CARD_VERBS.answer) return staleCard(ctx, instrument, state);
      return answerFromCard(ctx, instrument, state, item, data);
    }
    case 'compactCard':
      return answerCompactCard(ctx, instrument, state, input.group, input.values);
    case 'back': {
      if (state.mode === 'compact') return compactBack(ctx, instrument, state);
      const previous = state.history.at(-1);
      if (previous === undefined) return stay(state, message('back.atStart'), ...ask(ctx.pack.pack, instrument, state));
      const back: RunnerState = { ...state, current: previous, history: state.history.slice(0, -1) };
      return stay(back, ...ask(ctx.pack.pack, instrument, back));
    }
    case 'reprompt':
      return stay(state, ...ask(ctx.pack.pack, instrument, state));
    case 'badCard':
    case 'pickInstrument':
    case 'reassessChoice':
      return staleCard(ctx, instrument, state);
    default: {
      const never: never = input;
      return never;
    }
  }
}

/**
 * "Remittera inte, separationen är gammal": an answer that asks a reason, typed with the reason after
 * a comma, semicolon or line break, is the answer and then that reason — one message instead of two.
 * Undefined when the text is no such pair (the whole text is an answer, the head is none, or the
 * answer asks no reason): then it is read as one answer, so a reason is never silently dropped.
 */
function answerWithReason(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, text: string): RunnerStep | undefined {
  const at = text.search(LIST_SEPARATOR);
  if (item.type === 'text' || at < 0 || readTyped(ctx.pack.pack, item, text.trim()) !== undefined) return undefined;
  const reason = text.slice(at + 1).trim();
  if (reason === '') return undefined;
  // A head that is no answer, or an answer asking no reason, leaves the state where it was.
  const answered = answerTyped(ctx, instrument, state, item, text.slice(0, at));
  if (answered.state.phase !== 'rationale' || answered.effects.length > 0) return undefined;
  return onRationale(ctx, instrument, answered.state, { type: 'text', text: reason });
}

function onRationale(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: PhaseInput): RunnerStep {
  const item = currentItem(instrument, state);
  const pending = state.pending;
  if (pending === undefined) throw new Error('rationale phase without a pending answer');
  const withReason = (raw: string): RunnerStep => recordWithReason(ctx, instrument, state, item, pending, raw);
  switch (input.type) {
    case 'text':
      return withReason(input.text);
    case 'card': {
      if (input.data.itemId !== item.id) return staleCard(ctx, instrument, state);
      // The question card is still on screen: answering there again changes the answer being motivated.
      if (input.data.verb === CARD_VERBS.answer) return answerFromCard(ctx, instrument, { ...state, phase: 'question', pending: undefined }, item, input.data);
      return withReason(input.data.rationale ?? '');
    }
    case 'compactCard':
      return answerCompactCard(ctx, instrument, state, input.group, input.values);
    case 'back': {
      if (state.mode === 'compact') return compactBack(ctx, instrument, { ...state, phase: 'question', pending: undefined });
      const back: RunnerState = { ...state, phase: 'question', pending: undefined };
      return stay(back, ...ask(ctx.pack.pack, instrument, back));
    }
    case 'reprompt':
      return stay(state, ...ask(ctx.pack.pack, instrument, state));
    case 'badCard':
    case 'pickInstrument':
    case 'unchanged':
    case 'reassessChoice':
      return staleCard(ctx, instrument, state);
    default: {
      const never: never = input;
      return never;
    }
  }
}
