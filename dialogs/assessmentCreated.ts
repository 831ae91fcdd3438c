// What the runner does once the API has created the draft: says so and asks the
// first question — or answers the first card, sent with the omprövning offer on
// it, with what it held; or, for an in-depth assessment of an escalated case,
// takes the answer the handover gives its first question and asks the next
// (handoverBasisAnswer.ts). Pure, like the runner's phase table that calls it.
import { nextItem } from '../methodology/instrumentEngine.js';
import type { Instrument } from '../methodology/packSchema.js';
import { adoptKeptCard, answerCompactCard } from './compactAnswering.js';
import { groupOfItem } from './compactGroups.js';
import { answeredFromHandover } from './handoverBasisAnswer.js';
import { message } from './messageReply.js';
import { ask } from './questionView.js';
import type { EffectResult } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import { stay, type RunnerContext, type RunnerStep } from './runnerStep.js';

export function afterCreated(ctx: RunnerContext, instrument: Instrument, state: RunnerState, result: Extract<EffectResult, { type: 'created' }>): RunnerStep {
  const first = nextItem(instrument, {});
  const created: RunnerState = { ...state, phase: 'question', assessmentId: result.assessmentId, current: first?.id };
  const told = message(state.reassessment?.chosen ? 'reassessment.created' : state.mode === 'compact' ? 'assessment.createdCompact' : 'assessment.created');
  // The first card was sent with the omprövning offer on it (offerOnFirstCard.ts): now there is a draft, it is answered.
  if (state.kept !== undefined && first) {
    const step = state.mode === 'compact' ? answerCompactCard(ctx, instrument, created, groupOfItem(instrument, first.id).id, state.kept) : adoptedFirstCard(ctx, instrument, created);
    return { ...step, replies: [told, ...step.replies] };
  }
  if (result.fromHandover && !state.reassessment?.chosen) return answeredFromHandover(ctx, instrument, created, result.fromHandover, told);
  return stay(created, told, ...ask(ctx.pack.pack, instrument, created, true));
}

/** Step by step chosen since the first card was sent with the offer: what of it reads is saved, and the questions go on. */
function adoptedFirstCard(ctx: RunnerContext, instrument: Instrument, created: RunnerState): RunnerStep {
  const adopted = adoptKeptCard(ctx, instrument, created);
  return { state: adopted.state, effects: adopted.effects, replies: ask(ctx.pack.pack, instrument, adopted.state, true), ended: false };
}
