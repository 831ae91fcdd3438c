// "skapa plan <diarienummer>": saves the protection plan of the officer's latest
// completed structured or in-depth assessment of the case, when it could not be
// saved at completion (the API was down, or refused). The plan is built again
// from what the API stored — the answers and the due date it derived — so a
// lost conversation state loses nothing, and a plan saved meanwhile is said to
// be there already instead of being made twice (one plan per assessment).
// Once the plan is there, the assessment is recorded on its case as completion
// records it (caseRecording.ts), since that record may have failed as well.
import type { Logger } from 'pino';
import type { Answers } from '../methodology/instrumentEngine.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import { caseRecordOf, caseRecordReply, PLAN_FAILURE_MESSAGES, planDraftOf, planReplies, type Reply } from './assessmentRunner.js';
import { recordAssessmentOnCase } from './caseRecording.js';
import type { MessageKey } from './messageCatalogue.js';
import { saveProtectionPlan } from './protectionPlanSaving.js';

export interface ProtectionPlanCommandDeps {
  methodology: MethodologySource;
  api: AssessmentApi;
  caseNumberPattern: RegExp;
  log: Logger;
}

const say = (key: MessageKey): Reply[] => [{ type: 'message', key }];

/**
 * The replies to "skapa plan <diarienummer>" for this officer; never throws for an API answer. When the
 * plan is saved (or was already), the case record follows, as at completion; a plan not saved is
 * retried by the same command, which records the case then.
 */
export async function createPlanOnRequest(deps: ProtectionPlanCommandDeps, officer: OfficerRef, typedCaseNumber: string): Promise<Reply[]> {
  const caseNumber = typedCaseNumber.trim().toUpperCase();
  if (!deps.caseNumberPattern.test(caseNumber)) return say('plan.askCaseNumber');
  try {
    // A case the API does not know (404) has no assessment to plan for.
    const listed = await deps.api.listForCase(officer, caseNumber).catch((err: unknown) => {
      if (err instanceof ApiError && err.reason === 'rejected') return [];
      throw err;
    });
    const latest = listed
      .filter((a) => a.status === 'completed' && a.officerId === officer.id && a.level !== 'initial')
      .sort((x, y) => (y.completedAt ?? '').localeCompare(x.completedAt ?? ''))[0];
    if (!latest) return say('plan.noCompletedAssessment');
    const assessment = await deps.api.get(officer, latest.id);
    const pack = deps.methodology.get(assessment.pack.id, assessment.pack.version);
    if (!pack) return say('plan.failed.rejected');
    const reassessOn = assessment.derived?.reassessment?.dueOn;
    if (!reassessOn) return say('plan.noDueDate');
    const answers: Answers = Object.fromEntries(assessment.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    const instrument = findInstrument(pack, assessment.instrumentId);
    const plan = planDraftOf(pack.pack, instrument, answers, assessment.id, reassessOn);
    const saved = await saveProtectionPlan(deps.api, officer, assessment.caseNumber, plan);
    const replies = planReplies(pack.pack, plan, saved);
    const record = saved.status === 'failed' ? undefined : caseRecordOf(instrument, assessment.caseNumber);
    if (!record) return replies;
    const recorded = await recordAssessmentOnCase(deps.api, officer, record.caseNumber, record.violenceType ?? undefined);
    // As at completion: the reason, never the case, in the log.
    if (recorded.status === 'failed') deps.log.warn({ reason: recorded.reason, problemType: recorded.problemType }, 'case status not updated; the assessment and its plan stand');
    return [...replies, caseRecordReply(instrument, recorded)];
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return say(PLAN_FAILURE_MESSAGES[err.reason]);
  }
}
