// What follows the API's completion of an assessment, as part of the pure
// runner: the officer is told (with the re-assessment date the API derived),
// and a structured or in-depth assessment goes on to its follow-up.
import { deriveValues } from '../methodology/deriveValues.js';
import type { Instrument } from '../methodology/packSchema.js';
import { reassessmentDue } from '../methodology/reassessmentDue.js';
import { caseRecordOf } from './caseRecordDecision.js';
import { message } from './messageReply.js';
import { planDraftOf } from './protectionPlanDraft.js';
import { changesReplies } from './reassessment.js';
import type { CompletionFollowUp } from './runnerEffect.js';
import type { EffectResult } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

/**
 * The assessment is completed and the dialog ends. An initial assessment ends here; a structured or
 * in-depth one asks for its follow-up: the protection plan (Skydd, Stöd, Reducering av hotaktör),
 * dated by the re-assessment due date, then the record on its case — made whatever becomes of the
 * plan, since the two are independent (see CompletionFollowUp).
 */
export function afterCompletion(ctx: RunnerContext, instrument: Instrument, state: RunnerState, result: Extract<EffectResult, { type: 'completed' }>): RunnerStep {
  const assessmentId = state.assessmentId;
  if (!assessmentId) throw new Error('assessment completed before it was created');
  // The API's derived date is the record; the runner's own count (same rule, today) only stands in when it has none.
  const dueOn = result.reassessOn ?? reassessmentDue(ctx.pack.pack, instrument, state.answers, ctx.today)?.dueOn;
  const reference = assessmentId.slice(0, 8);
  const done: RunnerState = { ...state, phase: 'done' };
  const told = dueOn ? message('completed.withDue', { instrument: instrument.title, reference, dueOn }) : message('completed', { instrument: instrument.title, reference });
  if (state.level === 'initial') return { state: done, effects: [], replies: [told], ended: true, completed: true };
  const changes = changesReplies(ctx, instrument, state, assessmentId, dueOn);
  const followUp: CompletionFollowUp = {
    caseNumber: result.caseNumber,
    instrumentId: instrument.id,
    plan: dueOn ? planDraftOf(ctx.pack.pack, instrument, state.answers, assessmentId, dueOn) : undefined,
    caseRecord: caseRecordOf(instrument),
    recordCase: 'whatever_the_plan',
  };
  // Issue 12, item 6: a structured assessment judged high suggests the escalation to in-depth (the officer's choice).
  const judgements = Object.values(deriveValues(ctx.pack.pack, instrument, state.answers).judgements);
  if (state.level === 'structured' && judgements.includes(HIGH_JUDGEMENT)) followUp.suggestEscalation = true;
  return { state: done, effects: [{ type: 'followUp', followUp }], replies: dueOn ? [told, ...changes] : [told, ...changes, message('plan.noDueDate')], ended: true, completed: true };
}

/** The packs' code for a high judgement (risk scale 'riskniva'). */
const HIGH_JUDGEMENT = 'hog';
