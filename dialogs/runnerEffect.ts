// What the assessment runner asks the edge to do, as data: create the draft,
// save an answer, complete the assessment, and, once it is completed, its
// follow-up (the protection plan, then the record on the case). The runner stays
// pure; runEffects.ts executes the API calls and feeds their results back,
// and completionFollowUp.ts runs the follow-up, for the dialog and for the
// "skapa plan" retry alike.
import type { GivenAnswer } from '../methodology/instrumentEngine.js';
import type { Instrument } from '../methodology/packSchema.js';
import type { CaseRecordRequest } from './caseRecordDecision.js';
import type { PlanDraft, PlanOutcome } from './protectionPlanDraft.js';

/**
 * What follows a completed structured or in-depth assessment: the plan to save (undefined when the
 * method gave no re-assessment date, which the officer has been told), then the record to make on
 * its case (undefined when the instrument asks none).
 */
export interface CompletionFollowUp {
  /** The case of the assessment, as the API answered its completion. */
  caseNumber: string;
  /** The instrument the officer chose, whose title words the case record. */
  instrumentId: string;
  plan: PlanDraft | undefined;
  caseRecord: CaseRecordRequest | undefined;
  /**
   * When the case is recorded. At completion 'whatever_the_plan': the two are independent, and a plan
   * that failed is retried by "skapa plan". On that retry 'once_plan_is_there': the case is recorded
   * only when the plan was saved or was there already; a plan still not saved is retried by the same
   * command, which records the case then.
   */
  recordCase: 'whatever_the_plan' | 'once_plan_is_there';
  /** Issue 12, item 6: a structured assessment judged high suggests, last, the escalation to in-depth (the officer's choice). */
  suggestEscalation?: boolean;
}

export type RunnerEffect =
  /** Looks for the case's previous completed assessment of the instrument (a structured assessment may re-assess it). */
  | { type: 'findPrevious'; caseNumber: string; instrumentId: string }
  /** reassessmentOf: an omprövning, of the case's previous completed assessment with this id. */
  | { type: 'createAssessment'; caseNumber: string; level: Instrument['level']; instrumentId: string; pack: { id: string; version: string; hash: string }; reassessmentOf?: string }
  | { type: 'saveAnswer'; assessmentId: string; itemId: string; value: GivenAnswer['value']; rationale: string | null }
  | { type: 'complete'; assessmentId: string }
  /** The last effect of a completed assessment; nothing is fed back to the runner, which has ended. */
  | { type: 'followUp'; followUp: CompletionFollowUp };

/** The case record to make now that the plan came out as `plan` (undefined: no plan was due), or undefined when none is due. */
export function caseRecordDue(followUp: CompletionFollowUp, plan: PlanOutcome | undefined): CaseRecordRequest | undefined {
  switch (followUp.recordCase) {
    case 'whatever_the_plan':
      return followUp.caseRecord;
    case 'once_plan_is_there':
      return plan && (plan.status === 'created' || plan.status === 'already_created') ? followUp.caseRecord : undefined;
    default: {
      const never: never = followUp.recordCase;
      return never;
    }
  }
}
