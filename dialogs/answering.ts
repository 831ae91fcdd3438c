// Answering the current question: what the officer typed or pressed is read
// (answerRecognition.ts), checked against the item by the methodology engine,
// then either stored (saved through the API, on to the next question or to the
// completion) or held while the officer writes the reason it needs. Part of the
// pure runner: it returns a step, the dialog runs its effects.
import { forbiddenCharacterIn } from '../api/freeText.js';
import { completionProblems, MAX_RATIONALE_LENGTH, nextItem, optionsOf, rationaleDemand, staleAnswerIds, validateAnswer, type Answers, type GivenAnswer } from '../methodology/instrumentEngine.js';
import { NO_MEASURE, type AnswerOption, type Instrument, type Item, type LocalizedText } from '../methodology/packSchema.js';
import { openedBranches, type OpenedBranch } from '../methodology/possibleItems.js';
import { presenceTokens, type PresenceRatings } from '../methodology/presenceAnswer.js';
import { askedAt } from './askBack.js';
import { ambiguityIn, LIST_SEPARATOR, measureOptions, readTyped } from './answerRecognition.js';
import { groupOfItem } from './compactGroups.js';
import { MEASURES_INPUT } from './commands.js';
import { lowerFirst } from './messageCatalogue.js';
import { message, type MessageReply } from './messageReply.js';
import { answerLabel, ask, keepingWritten } from './questionView.js';
import { textFaultReply } from './textFault.js';
import type { RunnerEffect } from './runnerEffect.js';
import type { AnswerSubmit } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import { stay, type RunnerContext, type RunnerStep } from './runnerStep.js';

/**
 * The reason the held answer asked for: empty, too long or holding a character that cannot be
 * stored, the officer is told so with the card again (an over-long reason still in it, to shorten)
 * and the state as it was; otherwise the answer is stored with it.
 */
export function recordWithReason(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, pending: GivenAnswer['value'], raw: string): RunnerStep {
  const rationale = raw.trim();
  if (rationale === '') return stay(state, message('rationale.empty', { answer: answerLabel(ctx.pack.pack, item, pending) }), ...ask(ctx.pack.pack, instrument, state));
  if (rationale.length > MAX_RATIONALE_LENGTH) {
    return stay(state, textFaultReply({ kind: 'length', max: MAX_RATIONALE_LENGTH, length: rationale.length }, 'field.rationale'), ...keepingWritten(ask(ctx.pack.pack, instrument, state), rationale));
  }
  const forbidden = forbiddenCharacterIn(rationale, 'many');
  if (forbidden) return stay(state, message('text.forbiddenCharacter', { character: forbidden }), ...ask(ctx.pack.pack, instrument, state));
  return recordAnswer(ctx, instrument, { ...state, pending: undefined }, item.id, { value: pending, rationale });
}

/** Why the total rose: "2 frågor till om varningstecken", the section's title as a topic in both languages. */
function branchOpened(branch: OpenedBranch): MessageReply {
  const lower = (text: string): string => (/^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLocaleLowerCase('sv') + text.slice(1) : text);
  const topic: LocalizedText = { sv: lower(branch.sectionTitle.sv), en: lower(branch.sectionTitle.en ?? branch.sectionTitle.sv) };
  return branch.count === 1 ? message('question.branchOpened.one', { topic }) : message('question.branchOpened.many', { count: branch.count, topic });
}

/** A typed answer to the item: refused when empty or too long, asked again when it cannot be read. */
export function answerTyped(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, typed: string): RunnerStep {
  const text = typed.trim();
  if (text === '') return stay(state, message('question.empty'), ...ask(ctx.pack.pack, instrument, state));
  // Told by how much, the card again holding the text to shorten; the state as it was.
  if (item.type === 'text' && text.length > item.maxLength) {
    return stay(state, textFaultReply({ kind: 'length', max: item.maxLength, length: text.length }, 'field.answer'), ...keepingWritten(ask(ctx.pack.pack, instrument, state), text));
  }
  // Said before the API refuses it: the officer learns which character, and nothing typed before is lost.
  const forbidden = item.type === 'text' ? forbiddenCharacterIn(text, 'many') : undefined;
  if (forbidden) return stay(state, message('text.forbiddenCharacter', { character: forbidden }), ...ask(ctx.pack.pack, instrument, state));
  // Fits more than one option: asked back with the candidates as buttons, never guessed; nothing changes meanwhile.
  const asked = ambiguityIn(ctx.pack.pack, item, text, askedAt(state));
  if (asked) return stay(state, asked);
  const value = readTyped(ctx.pack.pack, item, text);
  if (value !== undefined) return answer(ctx, instrument, state, item, value);
  const refused = notRecognised(ctx, instrument, state, item);
  // Several answers typed at once, one question at a time: say where a list is read.
  if (state.mode === 'compact' || item.type === 'text' || !LIST_SEPARATOR.test(text)) return refused;
  const [said, ...again] = refused.replies;
  return { ...refused, replies: [...(said ? [said] : []), message('question.listNeedsCompact'), ...again] };
}

/** An answer from the item's card: a button's option, the ratings per period, the measures chosen, or a form field read like typed text. */
export function answerFromCard(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item, data: AnswerSubmit): RunnerStep {
  switch (item.type) {
    case 'presence': {
      const ratings: PresenceRatings = {};
      for (const period of item.periods) if (data[period]) ratings[period] = data[period];
      if (Object.keys(ratings).length !== item.periods.length) return stay(state, message('presence.incomplete'), ...ask(ctx.pack.pack, instrument, state));
      return answer(ctx, instrument, state, item, presenceTokens(ratings));
    }
    case 'measures': {
      if (data.value === NO_MEASURE) return answer(ctx, instrument, state, item, [NO_MEASURE]);
      // The multi-select arrives as comma-separated ids under its input id.
      const ids = (data[MEASURES_INPUT] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) return stay(state, message('measures.noneChosen'), ...ask(ctx.pack.pack, instrument, state));
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
  const again = ask(ctx.pack.pack, instrument, state);
  switch (item.type) {
    case 'presence':
      return stay(state, message('presence.notRecognised', { count: item.periods.length }), ...again);
    case 'measures':
    {
      const options = measureOptions(ctx.pack.pack, item);
      // The example names this question's own first two measures, so it is a list that would be read.
      const example = (locale: 'sv' | 'en') => options.slice(0, 2).map((m) => lowerFirst(m.title[locale] ?? m.title.sv)).join(', ');
      return stay(state, message('measures.notRecognised', { count: options.length, example: { sv: example('sv'), en: example('en') } }), ...again);
    }
    case 'choice':
    case 'relevance': {
      const count = optionsOf(ctx.pack.pack, item).length;
      // On a compact card of several questions, one answer typed is read as the first open one's: say which.
      const onCard = state.mode === 'compact' && groupOfItem(instrument, item.id).items.length > 1;
      return stay(state, onCard ? message('compact.notRecognised', { count, question: item.shortText }) : message('question.notRecognised', { count }), ...again);
    }
    case 'text':
      return stay(state, message('question.empty'), ...again);
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
    return stay(next, ...ask(ctx.pack.pack, instrument, next));
  }
  return recordAnswer(ctx, instrument, state, item.id, { value, rationale: null });
}

/** Stores an answer: saves it through the API, then moves on, or completes when nothing is left. */
export function recordAnswer(ctx: RunnerContext, instrument: Instrument, state: RunnerState, itemId: string, given: { value: GivenAnswer['value']; rationale: string | null }): RunnerStep {
  const assessmentId = state.assessmentId;
  if (!assessmentId) throw new Error('answer recorded before the assessment was created');
  const answers: Record<string, GivenAnswer> = { ...state.answers, [itemId]: given };
  // A changed gate answer can switch later items off; their answers are no longer part of this assessment.
  for (const stale of staleAnswerIds(instrument, answers)) delete answers[stale];
  const history = [...state.history.filter((id) => answers[id] !== undefined && id !== itemId), itemId];
  const save: RunnerEffect = { type: 'saveAnswer', assessmentId, itemId, value: given.value, rationale: given.rationale };
  const base: RunnerState = { ...state, phase: 'question', answers, history, pending: undefined, kept: undefined };
  const next = nextItem(instrument, answers);
  if (next) {
    const moved: RunnerState = { ...base, current: next.id };
    const opened = openedBranches(instrument, state.answers, answers).map(branchOpened);
    return { state: moved, effects: [save], replies: [...opened, ...ask(ctx.pack.pack, instrument, moved, true)], ended: false };
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
    return { state: revisit, effects: [save], replies: [message('assessment.reasonOwed'), ...ask(ctx.pack.pack, instrument, revisit)], ended: false };
  }
  // The API completes it; its answer (the case and the due date it derived) is fed back as 'completed'.
  const completing: RunnerState = { ...base, phase: 'completing', current: undefined };
  return { state: completing, effects: [save, { type: 'complete', assessmentId }], replies: [], ended: false };
}
