// Executes the effects a step of the assessment runner asks for, through the
// API, feeding what the API answers back to the runner: the draft created, the
// answers saved, the previous assessment found, the completion — and then the
// hand-off of a completed assessment: its follow-up (plan, case record) and the
// link to its PDF. An in-depth assessment of an escalated case opens with the
// escalation's handover, its basis question answered from it. Throws what the
// API throws, and OwnDraftExists; the caller keeps the state.
import type { AssessmentSummaryResponse } from '../api/assessmentContract.js';
import { ApiError, completedAssessmentOf, type CompletedAssessment, type OfficerRef } from './assessmentApi.js';
import type { AssessmentDialogDeps } from './assessmentDialogDeps.js';
import { transition } from './assessmentRunner.js';
import { runCompletionFollowUp } from './completionFollowUp.js';
import { documentLinkReply } from './documentCommand.js';
import { escalationHandover } from './escalationHandover.js';
import { handoverBasisAnswer } from './handoverBasisAnswer.js';
import type { Locale } from './messageCatalogue.js';
import type { EffectResult } from './runnerInput.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

/**
 * Executes effects in order. What the API answers is fed back to the runner as an effect result —
 * the id of a created draft ('created'), the completion ('completed') — and the effects that result
 * causes run in turn; the follow-up of a completed assessment (its plan, its case record) runs last
 * and adds its replies. The replies of every step are kept, in order. Throws OwnDraftExists when the
 * officer has a draft with answers of the instrument in the case: that one goes on, not a second.
 */
export async function runEffects(deps: AssessmentDialogDeps, ctx: RunnerContext, step: RunnerStep, officer: OfficerRef, createKey: string | undefined, locale: Locale): Promise<RunnerStep> {
  let current: RunnerStep = { ...step, effects: [] };
  let completedId: string | undefined;
  const pending = [...step.effects];
  const completing = step.effects.some((e) => e.type === 'complete');
  // Every save of this step answers the one message the officer sent (a compact card: all of its answers);
  // the API allows the pause before it once per answer (api/activeTime.ts).
  // The first card answered with the omprövning offer on it is saved only after the draft is created: its saves count too.
  let answersInMessage = step.effects.filter((e) => e.type === 'saveAnswer').length;
  // The mode the officer works in is recorded with the assessment and each answer, so statistics can report
  // minutes per mode and count an assessment switched midway as 'mixed' (issue 13, item 6).
  const mode = () => (current.state.mode === 'compact' ? 'compact' : 'step');
  const feed = (result: EffectResult) => {
    const next = transition(ctx, current.state, result);
    current = { ...next, effects: [], replies: [...current.replies, ...next.replies] };
    pending.push(...next.effects);
    answersInMessage += next.effects.filter((e) => e.type === 'saveAnswer').length;
  };
  for (let effect = pending.shift(); effect; effect = pending.shift()) {
    switch (effect.type) {
      case 'createAssessment': {
        const request = { caseNumber: effect.caseNumber, level: effect.level, instrumentId: effect.instrumentId, pack: effect.pack, mode: mode(), ...(effect.reassessmentOf ? { reassessmentOf: effect.reassessmentOf } : {}) } as const;
        // One draft of an instrument per officer and case: one with answers is gone on from, not doubled;
        // an empty one (this very turn's, run again after a state conflict, or one left at once) is taken as made.
        const listed = effect.reassessmentOf ? undefined : await caseAssessmentsOf(deps, officer, effect.caseNumber);
        const own = listed && ownDraftIn(listed, officer, effect.instrumentId);
        if (own && own.updatedAt !== own.createdAt) throw new OwnDraftExists(own.id, own.updatedAt);
        const { id } = own ?? (await deps.api.create(officer, request, createKey));
        // Issue 12, item 6: an in-depth assessment of an escalated case opens with the structured result and the note in view,
        // and its question of which structured assessment it builds on answered from them where they determine it.
        const handover = effect.level === 'in_depth' ? await escalationHandover(deps, officer, effect.caseNumber, 'assessment') : undefined;
        if (handover) current = { ...current, replies: [...current.replies, { type: 'handover', view: handover }] };
        const instrument = handover && ctx.pack.pack.instruments.find((i) => i.id === effect.instrumentId);
        const fromHandover = instrument ? handoverBasisAnswer(instrument, handover, listed ?? (await caseAssessmentsOf(deps, officer, effect.caseNumber).catch(() => [])), locale) : undefined;
        feed({ type: 'created', assessmentId: id, ...(fromHandover ? { fromHandover } : {}) });
        break;
      }
      case 'saveAnswer':
      case 'complete': {
        let completed: CompletedAssessment | undefined;
        try {
          if (effect.type === 'complete') completed = await deps.api.complete(officer, effect.assessmentId);
          else await deps.api.saveAnswer(officer, effect.assessmentId, effect.itemId, { value: effect.value, rationale: effect.rationale, mode: mode(), answersInMessage });
        } catch (err) {
          // The same turn run again (after a state conflict, or redelivered) finds the assessment its
          // first run completed: it goes on from the completion instead of failing on a closed draft.
          completed = completing ? await completedBefore(deps, officer, effect.assessmentId, err) : undefined;
          if (!completed) throw err;
          pending.length = 0;
        }
        if (completed) {
          completedId = effect.assessmentId;
          feed({ type: 'completed', caseNumber: completed.caseNumber, reassessOn: completed.reassessOn });
        }
        break;
      }
      case 'findPrevious': {
        const find = deps.api.previousAssessment?.bind(deps.api);
        const previous = find ? await find(officer, effect.caseNumber, effect.instrumentId) : undefined;
        feed({ type: 'previous', caseNumber: effect.caseNumber, previous });
        break;
      }
      case 'followUp': {
        const replies = await runCompletionFollowUp(deps, officer, ctx.pack, effect.followUp);
        current = { ...current, replies: [...current.replies, ...replies] };
        break;
      }
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }
  // Issue 19: the completed assessment's PDF for the case file, by a link valid for minutes, after its plan and case record.
  if (completedId && deps.documentLinks) {
    const link = await documentLinkReply({ ...deps, documentLinks: deps.documentLinks }, officer, completedId, locale);
    current = { ...current, replies: [...current.replies, link] };
  }
  return current;
}

/** The case's assessments the officer may see, newest first; none for a case the API does not know. */
async function caseAssessmentsOf(deps: AssessmentDialogDeps, officer: OfficerRef, caseNumber: string): Promise<AssessmentSummaryResponse[]> {
  return deps.api.listForCase(officer, caseNumber).catch((err: unknown) => {
    if (err instanceof ApiError && err.reason === 'rejected') return [];
    throw err;
  });
}

/** The officer's own latest draft of the instrument among the case's assessments. */
function ownDraftIn(listed: readonly AssessmentSummaryResponse[], officer: OfficerRef, instrumentId: string): AssessmentSummaryResponse | undefined {
  return listed.filter((a) => a.status === 'draft' && a.officerId === officer.id && a.instrumentId === instrumentId).sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))[0];
}

/** The completion of an assessment the API already holds as completed, when err says it is no draft any more. */
async function completedBefore(deps: AssessmentDialogDeps, officer: OfficerRef, assessmentId: string, err: unknown): Promise<CompletedAssessment | undefined> {
  if (!(err instanceof ApiError) || err.reason !== 'not_draft') return undefined;
  const stored = await deps.api.get(officer, assessmentId);
  return stored.status === 'completed' ? completedAssessmentOf(stored) : undefined;
}

/** The officer asked for a new assessment of an instrument they already have a draft of in the case: that draft goes on (assessmentStep.ts). */
export class OwnDraftExists extends Error {
  readonly reason = 'own_draft_exists';
  constructor(
    readonly assessmentId: string,
    readonly updatedAt: string,
  ) {
    super('the officer has a draft of this instrument in the case');
    this.name = 'OwnDraftExists';
  }
}
