// What the work-list commands need from the API (issue 12): the officer's work
// list, one page at a time, and discarding a draft from it. Apart from the
// assessment client's interface so that the dialogs' test doubles of that one
// need not grow; the HTTP client implements both.
import type { z } from 'zod';
import type { ChangeMeasureRequest, measureResponseSchema, planResponseSchema } from '../api/caseContract.js';
import type { WorkListQuery, WorkListResponse } from '../api/workListContract.js';
import type { OfficerRef } from './assessmentApi.js';

export interface CaseWorkApi {
  /** One page of the officer's work list (GET /worklist). */
  workList(officer: OfficerRef, query: WorkListQuery): Promise<WorkListResponse>;
  /**
   * Discards the officer's draft with their reason, if it is still at `version` (If-Match): a draft
   * changed since is refused as ApiError 'stale', one completed or discarded meanwhile as 'not_draft'.
   */
  discardDraft(officer: OfficerRef, assessmentId: string, reason: string, version: number): Promise<void>;
  /** The case's protection plans with their measures, oldest first (GET /cases/{caseNumber}/plans). */
  casePlans(officer: OfficerRef, caseNumber: string): Promise<PlanResponse[]>;
  /** Changes a measure if it is still at `version` (If-Match); a measure changed since is refused as 'stale'. */
  changeMeasure(officer: OfficerRef, measureId: string, change: ChangeMeasureRequest, version: number): Promise<MeasureResponse>;
  /**
   * Ends an active plan with the officer's reason (POST /plans/{id}/closure): a plan closed meanwhile is
   * refused as 'stale', a closed case as 'case_closed'. Optional: a double that never ends a plan need not answer it.
   */
  closePlan?(officer: OfficerRef, planId: string, reason: string): Promise<PlanResponse>;
  /**
   * Ta ärendet (POST /referrals/{id}/take): the current state of the referral for this officer —
   * 'taken' by this press, 'already_yours', 'taken_by_other', 'case_closed'. Any other refusal throws ApiError.
   * Optional: a double that never meets a referral need not answer it.
   */
  takeReferral?(officer: OfficerRef, referralId: string): Promise<ReferralTake>;
  /**
   * Eskalera (POST /cases/{caseNumber}/escalations): hands the case to the region's specialists with the note.
   * 'exists': its latest structured assessment was escalated already; 'no_structured': it has none; 'case_closed'.
   */
  escalate?(officer: OfficerRef, caseNumber: string, note: string): Promise<EscalationOutcome>;
}

export type ReferralTakeOutcome = 'taken' | 'already_yours' | 'taken_by_other' | 'case_closed';
/** What a press of Ta ärendet came to; for the taker of an escalation also the note and the structured judgement. */
export interface ReferralTake {
  outcome: ReferralTakeOutcome;
  /** 'bops': a referral to Bops; 'in_depth': an escalation to the specialists; null when the press did not reach it (taken by another, case closed). */
  kind: 'bops' | 'in_depth' | null;
  note: string | null;
  judgement: string | null;
}
export type EscalationOutcome = 'created' | 'exists' | 'no_structured' | 'case_closed';

export type PlanResponse = z.output<typeof planResponseSchema>;
export type MeasureResponse = z.output<typeof measureResponseSchema>;
