// The omprövning steps of the assessment runner (issue 12, item 5). A
// structured assessment whose case has a completed one of the same instrument
// offers to re-assess it, or to start afresh — the officer's choice. In an
// omprövning each factor shows its previous rating, a whole domain can be
// confirmed unchanged in one step ("Oförändrat för hela domänen", or typed
// "oförändrat"), and the completion shows what changed. The summary judgements
// and their reasons are always given afresh: nothing is copied but the factor
// ratings the officer confirms. Pure, like the runner that calls it.
import type { Instrument, Item } from '../methodology/packSchema.js';
import { recordAnswer } from './answering.js';
import { planDraftOf } from './protectionPlanDraft.js';
import { message } from './messageReply.js';
import { t } from './messageCatalogue.js';
import { ask, askCaseNumber } from './questionView.js';
import type { Reply } from './reply.js';
import type { RunnerEffect } from './runnerEffect.js';
import type { EffectResult, PhaseInput } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import { stay, type RunnerContext, type RunnerStep } from './runnerStep.js';
import { changeSummaryView } from './reassessmentViews.js';
import type { PreviousAssessment } from './reassessmentState.js';
import { readChoice, typedKey } from './typedChoice.js';
import type { CompactValues } from './compactSubmission.js';
import { answerOfferCard, offerOnFirstCard, offersOnFirstCard, type OfferChoice } from './offerOnFirstCard.js';
import { isFactorSection, sectionOf, unchangedDomain } from './unchangedDomain.js';

/** Creates the draft of an assessment of the case; of an omprövning, naming the assessment it re-assesses. */
export function createAssessmentEffect(ctx: RunnerContext, instrument: Instrument, caseNumber: string, reassessmentOf?: string): RunnerEffect {
  const { pack, hash } = ctx.pack;
  return { type: 'createAssessment', caseNumber, level: instrument.level, instrumentId: instrument.id, pack: { id: pack.id, version: pack.version, hash }, ...(reassessmentOf ? { reassessmentOf } : {}) };
}

/** The case number is known: a structured assessment first looks for the case's previous one; others are created at once. */
export function afterCaseNumber(ctx: RunnerContext, instrument: Instrument, state: RunnerState, caseNumber: string): RunnerStep {
  const effect: RunnerEffect = instrument.level === 'structured' ? { type: 'findPrevious', caseNumber, instrumentId: instrument.id } : createAssessmentEffect(ctx, instrument, caseNumber);
  return { state, effects: [effect], replies: [], ended: false };
}

/** The offer: on the first card in compact mode where it can go there (offerOnFirstCard.ts), else a card of its own. */
const offer = (ctx: RunnerContext, instrument: Instrument, state: RunnerState, previous: PreviousAssessment): Reply =>
  offersOnFirstCard(instrument, state) ? offerOnFirstCard(ctx, instrument, state) : { type: 'reassessmentOffer', view: { instrument: instrument.title, completedOn: previous.completedOn } };

/** What the look-up found: no previous assessment creates the draft; one is offered for omprövning. */
export function afterPrevious(ctx: RunnerContext, instrument: Instrument, state: RunnerState, result: Extract<EffectResult, { type: 'previous' }>): RunnerStep {
  if (!result.previous) return { state, effects: [createAssessmentEffect(ctx, instrument, result.caseNumber)], replies: [], ended: false };
  const offered: RunnerState = { ...state, phase: 'reassess_offer', kept: undefined, reassessment: { caseNumber: result.caseNumber, previous: result.previous, chosen: false } };
  return stay(offered, offer(ctx, instrument, offered, result.previous));
}

/** The two answers to the offer, labelled as the card's buttons in both languages, so typing either reads. */
const OFFER_CHOICES = [
  { code: 'reassess', text: { sv: t('sv', 'button.chooseReassessment'), en: t('en', 'button.chooseReassessment') } },
  { code: 'fresh', text: { sv: t('sv', 'button.freshAssessment'), en: t('en', 'button.freshAssessment') } },
] as const;

/** The officer answers the offer: omprövning or a new assessment; back returns to the case number. */
export function onReassessOffer(ctx: RunnerContext, instrument: Instrument, state: RunnerState, input: PhaseInput): RunnerStep {
  const offered = state.reassessment;
  if (!offered) throw new Error('omprövning offered without a previous assessment');
  const { reassessment: _offer, kept: _kept, ...rest } = state;
  /** `card`: the first card's values, answered with the offer on it; the runner answers them once the draft is created. */
  const choose = (choice: OfferChoice, card?: CompactValues): RunnerStep => {
    // The draft is created in phase 'case_number', whose effect result 'created' moves on to the questions.
    const chosen: RunnerState = choice === 'reassess' ? { ...rest, phase: 'case_number', reassessment: { ...offered, chosen: true } } : { ...rest, phase: 'case_number' };
    const next: RunnerState = card ? { ...chosen, kept: card } : chosen;
    const reassessmentOf = choice === 'reassess' ? offered.previous.id : undefined;
    return { state: next, effects: [createAssessmentEffect(ctx, instrument, offered.caseNumber, reassessmentOf)], replies: [], ended: false };
  };
  switch (input.type) {
    case 'reassessChoice':
      return choose(input.choice);
    case 'text': {
      const read = readChoice(OFFER_CHOICES, input.text);
      // Typed while the first card is back with marks: what it held is kept, and answered once the draft is made.
      if (read.kind === 'one') return choose(read.option.code === 'reassess' ? 'reassess' : 'fresh', state.kept);
      return stay(state, message('reassessment.offerNotRecognised'), offer(ctx, instrument, state, offered.previous));
    }
    case 'back':
      return stay({ ...rest, phase: 'case_number' }, askCaseNumber(instrument));
    case 'compactCard':
      if (offersOnFirstCard(instrument, state)) return answerOfferCard(ctx, instrument, state, input.group, input.values, choose);
      return stay(state, offer(ctx, instrument, state, offered.previous));
    case 'reprompt':
    case 'card':
    case 'badCard':
    case 'pickInstrument':
    case 'unchanged':
      return stay(state, offer(ctx, instrument, state, offered.previous));
    default: {
      const never: never = input;
      return never;
    }
  }
}

/**
 * "oförändrat" and the button's label as it shows it, in both languages, compared letters only (typedKey):
 * "Oförändrat.", "oforandrat", "Oförändrat för hela domänen" all confirm. Whole messages only.
 */
const UNCHANGED_WORDS = new Set(['oförändrat', 'oförändrad', 'oförändrade', 'unchanged', t('sv', 'button.unchangedDomain'), t('en', 'button.unchangedDomain')].map(typedKey));

/** "oförändrat" typed at a factor of an omprövning: the domain is confirmed, or the officer is told why it cannot be. */
export function typedUnchanged(instrument: Instrument, state: RunnerState, item: Item, text: string): boolean {
  return state.reassessment?.chosen === true && isFactorSection(sectionOf(instrument, item)) && UNCHANGED_WORDS.has(typedKey(text));
}

/**
 * "Oförändrat för hela domänen": the domain's factors not yet answered in this omprövning (the one on
 * screen included) are saved as rated last time, with the reasons given then, and the officer goes on
 * after the domain. Refused, with the question asked again, when the domain cannot be confirmed.
 */
export function confirmDomainUnchanged(ctx: RunnerContext, instrument: Instrument, state: RunnerState, item: Item): RunnerStep {
  const confirmed = unchangedDomain(ctx.pack.pack, instrument, state, item);
  const last = confirmed?.at(-1);
  const assessmentId = state.assessmentId;
  if (!confirmed || !last || !assessmentId) return stay(state, message('reassessment.cannotConfirm'), ...ask(ctx.pack.pack, instrument, state));
  const earlier = confirmed.slice(0, -1);
  const ids = new Set(confirmed.map((c) => c.itemId));
  const answers = { ...state.answers };
  for (const factor of earlier) answers[factor.itemId] = factor.given;
  const history = [...state.history.filter((id) => !ids.has(id)), ...earlier.map((f) => f.itemId)];
  const step = recordAnswer(ctx, instrument, { ...state, answers, history }, last.itemId, last.given);
  const saves: RunnerEffect[] = earlier.map((f) => ({ type: 'saveAnswer', assessmentId, itemId: f.itemId, value: f.given.value, rationale: f.given.rationale }));
  const told = message('reassessment.domainConfirmed', { section: sectionOf(instrument, item).title, count: confirmed.length });
  return { ...step, effects: [...saves, ...step.effects], replies: [told, ...step.replies] };
}

/** At completion of an omprövning: what changed since the previous assessment (none for any other assessment). */
export function changesReplies(ctx: RunnerContext, instrument: Instrument, state: RunnerState, assessmentId: string, dueOn: string | undefined): Reply[] {
  const reassessment = state.reassessment;
  if (!reassessment?.chosen) return [];
  const measures = planDraftOf(ctx.pack.pack, instrument, state.answers, assessmentId, dueOn ?? ctx.today).measures;
  return [{ type: 'changes', view: changeSummaryView(ctx.pack.pack, instrument, reassessment.previous, state.answers, measures, ctx.today) }];
}
