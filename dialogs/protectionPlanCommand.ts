// "skapa plan <diarienummer>": saves the protection plan of the officer's latest
// completed structured or in-depth assessment of the case, when it could not be
// saved at completion (the API was down, or refused). The plan is built again
// from what the API stored — the answers and the due date it derived — so a
// lost conversation state loses nothing, and a plan saved meanwhile is said to
// be there already instead of being made twice (one plan per assessment).
// It runs the same follow-up as completion (completionFollowUp.ts), except that
// the case is recorded only once the plan is there, since that record may have
// failed as well; when the case has persons a plan may protect, the officer is
// asked whom it protects first (planPersonCommand.ts saves it from the answer).
import type { Logger } from 'pino';
import type { Answers } from '../methodology/instrumentEngine.js';
import type { LoadedPack, MethodologySource } from '../methodology/methodologySource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import { caseRecordOf } from './caseRecordDecision.js';
import { runCompletionFollowUp } from './completionFollowUp.js';
import { message, type MessageReply } from './messageReply.js';
import { PLAN_FAILURE_MESSAGES, planDraftOf } from './protectionPlanDraft.js';
import type { Reply } from './reply.js';
import type { CompletionFollowUp } from './runnerEffect.js';

export interface ProtectionPlanCommandDeps {
  methodology: MethodologySource;
  api: AssessmentApi;
  caseNumberPattern: RegExp;
  log: Logger;
}

/**
 * The replies to "skapa plan <diarienummer>" for this officer; never throws for an API answer. When the
 * plan is saved (or was already), the case record follows, as at completion; a plan not saved is
 * retried by the same command, which records the case then.
 */
export async function createPlanOnRequest(deps: ProtectionPlanCommandDeps, officer: OfficerRef, typedCaseNumber: string): Promise<Reply[]> {
  const caseNumber = typedCaseNumber.trim().toUpperCase();
  if (!deps.caseNumberPattern.test(caseNumber)) return [message('plan.askCaseNumber')];
  try {
    // A case the API does not know (404) has no assessment to plan for.
    const listed = await deps.api.listForCase(officer, caseNumber).catch((err: unknown) => {
      if (err instanceof ApiError && err.reason === 'rejected') return [];
      throw err;
    });
    const latest = listed
      .filter((a) => a.status === 'completed' && a.officerId === officer.id && a.level !== 'initial')
      .sort((x, y) => (y.completedAt ?? '').localeCompare(x.completedAt ?? ''))[0];
    if (!latest) return [message('plan.noCompletedAssessment')];
    const stored = await storedFollowUp(deps, officer, latest.id, true);
    return 'type' in stored ? [stored] : await runCompletionFollowUp(deps, officer, stored.pack, stored.followUp);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return [message(PLAN_FAILURE_MESSAGES[err.reason])];
  }
}

/**
 * The follow-up of a completed assessment, built again from what the API stored — the answers and the
 * due date it derived — recording the case once the plan is there when `recordCase`; or why there is
 * none. Also where the answer to "whom does the plan protect" saves the plan from (planPersonCommand.ts).
 * Throws ApiError.
 */
export async function storedFollowUp(
  deps: Pick<ProtectionPlanCommandDeps, 'methodology' | 'api'>,
  officer: OfficerRef,
  assessmentId: string,
  recordCase: boolean,
): Promise<{ pack: LoadedPack; followUp: CompletionFollowUp } | MessageReply> {
  const assessment = await deps.api.get(officer, assessmentId);
  const pack = deps.methodology.get(assessment.pack.id, assessment.pack.version);
  if (!pack) return message('plan.failed.rejected');
  const reassessOn = assessment.derived?.reassessment?.dueOn;
  if (!reassessOn) return message('plan.noDueDate');
  const answers: Answers = Object.fromEntries(assessment.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
  const instrument = findInstrument(pack, assessment.instrumentId);
  return {
    pack,
    followUp: {
      caseNumber: assessment.caseNumber,
      instrumentId: instrument.id,
      plan: planDraftOf(pack.pack, instrument, answers, assessment.id, reassessOn),
      caseRecord: recordCase ? caseRecordOf(instrument) : undefined,
      recordCase: 'once_plan_is_there',
    },
  };
}
