// Runs the follow-up of a completed structured or in-depth assessment, the one
// place that does: save the protection plan, then record the assessment on its
// case, and say what became of each. The assessment dialog runs it when the
// completion is answered, "skapa plan" when the officer retries a plan; what to
// do is decided beforehand, as data (CompletionFollowUp in runnerEffect.ts), so
// this is the I/O edge only. It never throws for an API answer: the completed
// assessment stands whatever becomes of its plan and its case record.
import type { Logger } from 'pino';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import type { AssessmentApi, OfficerRef } from './assessmentApi.js';
import { caseRecordReply } from './caseRecordDecision.js';
import { recordAssessmentOnCase } from './caseRecording.js';
import { planReplies, type PlanOutcome } from './protectionPlanDraft.js';
import { saveProtectionPlan } from './protectionPlanSaving.js';
import type { Reply } from './reply.js';
import { message } from './messageReply.js';
import { caseRecordDue, type CompletionFollowUp } from './runnerEffect.js';

export interface CompletionFollowUpDeps {
  api: AssessmentApi;
  log: Logger;
}

/**
 * Saves the plan (if one is due), then records the case (if one is due, as followUp.recordCase says
 * after what became of the plan). The replies come in that order: the plan, the case record. A failure
 * is logged by its reason, never with the case number.
 */
export async function runCompletionFollowUp(deps: CompletionFollowUpDeps, officer: OfficerRef, pack: LoadedPack, followUp: CompletionFollowUp): Promise<Reply[]> {
  const replies: Reply[] = [];
  let planned: PlanOutcome | undefined;
  if (followUp.plan) {
    planned = await saveProtectionPlan(deps.api, officer, followUp.caseNumber, followUp.plan);
    if (planned.status === 'failed') deps.log.warn({ reason: planned.reason }, 'protection plan not saved; the assessment stays completed');
    // Asked whom the plan protects, the officer's answer saves it and, on the retry, then records the case.
    replies.push(...planReplies(pack.pack, followUp.plan, planned, { caseNumber: followUp.caseNumber, recordCase: followUp.recordCase === 'once_plan_is_there' && followUp.caseRecord !== undefined }));
  }
  const suggestion: Reply[] = followUp.suggestEscalation ? [message('escalation.suggested')] : [];
  const record = caseRecordDue(followUp, planned);
  if (!record) return [...replies, ...suggestion];
  const recorded = await recordAssessmentOnCase(deps.api, officer, followUp.caseNumber, record.violenceType ?? undefined);
  if (recorded.status === 'failed') deps.log.warn({ reason: recorded.reason, problemType: recorded.problemType }, 'case status not updated; the assessment and its plan stand');
  return [...replies, caseRecordReply(findInstrument(pack, followUp.instrumentId), recorded), ...suggestion];
}
