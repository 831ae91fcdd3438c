// Compact mode's omprövning offer on the assessment's first card (issue 13,
// item 1: a compact SARA:SV of a case with a completed assessment took one
// message more than the target, the offer's own). The choice — omprövning or a
// new assessment — stays the officer's, required and never preselected; it is
// only asked on the first card, beside that card's questions, so one Spara
// answers both. That card may come before the choice only when it is no factor
// domain: a domain card shows the previous ratings and "Oförändrat för hela
// domänen" in an omprövning, which it cannot do before the officer chose one —
// then the offer stays a card of its own. The draft is created once the card
// reads whole (it names the assessment re-assessed), and the card is then
// answered as any other. Pure, like the runner that calls it.
import { nextItem } from '../methodology/instrumentEngine.js';
import type { Instrument } from '../methodology/packSchema.js';
import { groupOfItem } from './compactGroups.js';
import { readCompactSubmission, type CompactValues } from './compactSubmission.js';
import { compactAsk, type CompactReply } from './compactView.js';
import { message } from './messageReply.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';
import { stay } from './runnerStep.js';
import { isFactorSection, sectionOf } from './unchangedDomain.js';

/** The input of the offer's choice on the card: no item id can start with "_" (methodology/packSchema.ts idSchema). */
export const OFFER_INPUT = '_reassessment';
export type OfferChoice = 'reassess' | 'fresh';
const CHOICES: readonly string[] = ['reassess', 'fresh'] satisfies OfferChoice[];

/** The choice the card holds, or undefined when none (or one that is not ours) was made. */
export const offerChoiceOf = (values: CompactValues): OfferChoice | undefined => {
  const value = values[OFFER_INPUT];
  return value !== undefined && CHOICES.includes(value) ? (value as OfferChoice) : undefined;
};

/** The offer goes on the first card: compact mode, and a first card that is no factor domain. */
export function offersOnFirstCard(instrument: Instrument, state: RunnerState): boolean {
  const first = nextItem(instrument, {});
  return state.mode === 'compact' && first !== undefined && !isFactorSection(sectionOf(instrument, first));
}

/** The first card with the offer above its questions; a card that came back (state.kept) shows its marks, the choice's too. */
export function offerOnFirstCard(ctx: RunnerContext, instrument: Instrument, state: RunnerState): CompactReply {
  const offered = state.reassessment;
  const first = nextItem(instrument, {});
  if (!offered || !first) throw new Error('the offer on the first card without a previous assessment or a first question');
  const reply = compactAsk(ctx.pack.pack, instrument, { ...state, phase: 'question', current: first.id });
  const choice = state.kept ? offerChoiceOf(state.kept) : undefined;
  const offer = { instrument: instrument.title, completedOn: offered.previous.completedOn, choice, missing: state.kept !== undefined && choice === undefined };
  return { type: 'compact', view: { ...reply.view, offer, marked: reply.view.marked + (offer.missing ? 1 : 0) } };
}

/**
 * The first card sent with the offer on it: anything missing — the choice included — brings it back
 * marked with every value kept; read whole, the choice is made and the draft created, and the card's
 * values wait in `kept` for the draft (the runner answers them once it is created).
 */
export function answerOfferCard(ctx: RunnerContext, instrument: Instrument, state: RunnerState, groupId: string, values: CompactValues, choose: (choice: OfferChoice, kept: CompactValues) => RunnerStep): RunnerStep {
  const first = nextItem(instrument, {});
  const group = first ? groupOfItem(instrument, first.id) : undefined;
  if (!group || group.id !== groupId) return stay(state, message('question.staleCard'), offerOnFirstCard(ctx, instrument, state));
  const choice = offerChoiceOf(values);
  const reading = readCompactSubmission(ctx.pack.pack, instrument, {}, group, values);
  if (choice === undefined || reading.kind === 'marked') {
    const back: RunnerState = { ...state, kept: values };
    const count = (reading.kind === 'marked' ? Object.keys(reading.marks).length : 0) + (choice === undefined ? 1 : 0);
    return stay(back, message('compact.marked', { count }), offerOnFirstCard(ctx, instrument, back));
  }
  return choose(choice, values);
}
