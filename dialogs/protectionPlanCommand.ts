// "skapa plan <diarienummer>": saves the protection plan of the officer's latest
// completed structured or in-depth assessment of the case, when it could not be
// saved at completion (the API was down, or refused). The plan is built again
// from what the API stored — the answers and the due date it derived — so a
// lost conversation state loses nothing, and a plan saved meanwhile is said to
// be there already instead of being made twice (one plan per assessment).
import type { Answers } from '../methodology/instrumentEngine.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import { planDraftOf, planReplies, type Reply } from './assessmentRunner.js';
import type { MessageKey } from './messageCatalogue.js';
import { saveProtectionPlan } from './protectionPlanSaving.js';

export interface ProtectionPlanCommandDeps {
  methodology: MethodologySource;
  api: AssessmentApi;
  caseNumberPattern: RegExp;
}

const say = (key: MessageKey): Reply[] => [{ type: 'message', key }];

const FAILURE_MESSAGES: Record<ApiError['reason'], MessageKey> = {
  unavailable: 'plan.failed.unavailable',
  forbidden: 'plan.failed.notAllowed',
  rejected: 'plan.failed.rejected',
};

/** The replies to "skapa plan <diarienummer>" for this officer; never throws for an API answer. */
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
    const plan = planDraftOf(pack.pack, findInstrument(pack, assessment.instrumentId), answers, assessment.id, reassessOn);
    return planReplies(pack.pack, plan, await saveProtectionPlan(deps.api, officer, assessment.caseNumber, plan));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return say(FAILURE_MESSAGES[err.reason]);
  }
}
