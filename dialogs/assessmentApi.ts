// What the dialogs need from the API, as an interface so dialog tests can run
// against the real HTTP API or a test double. Always called for one officer:
// the API authorises that officer, not the bot.
import type { AssessmentResponse, AssessmentSummaryResponse, CreateAssessmentRequest, PackVersionChoiceRequest, SaveAnswerRequest } from '../api/assessmentContract.js';
import type { ChangeCaseRequest, CreatePlanRequest, SetReassessmentDateRequest } from '../api/caseContract.js';
import type { CaseStatus, PersonRole, ViolenceType } from '../api/caseDomain.js';
import type { EscalationViewResponse } from '../api/referralContract.js';
import type { PurposeName } from '../api/purposes.js';
import type { PreviousAssessment } from './reassessmentState.js';
import type { FieldTextFault } from './textFault.js';

export interface OfficerRef {
  /** Entra object id in Teams; a dev id locally. */
  id: string;
}

export interface AssessmentApi {
  /**
   * With an idempotency key, a repeat of the same create (a turn re-run after a state conflict, a
   * redelivered activity) returns the assessment the first one made instead of a second draft.
   */
  create(officer: OfficerRef, request: CreateAssessmentRequest, idempotencyKey?: string): Promise<{ id: string }>;
  saveAnswer(officer: OfficerRef, assessmentId: string, itemId: string, request: SaveAnswerRequest): Promise<void>;
  /** Completes the draft; answers with what the dialog goes on with (the case, the due date the API derived). */
  complete(officer: OfficerRef, assessmentId: string): Promise<CompletedAssessment>;
  /** One assessment with its saved answers: what the dialog resumes from when its own state is gone; `purpose` as for listForCase. */
  get(officer: OfficerRef, assessmentId: string, purpose?: PurposeName): Promise<AssessmentResponse>;
  /**
   * The case's assessments the officer may see (first page): where "fortsätt <diarienummer>" finds the draft.
   * `purpose`: what the listing is for when it is not assessment work (the audit records it; api/purposes.ts).
   */
  listForCase(officer: OfficerRef, caseNumber: string, purpose?: PurposeName): Promise<AssessmentSummaryResponse[]>;
  /** The officers assigned to the case (GET /cases/{caseNumber}). */
  caseAssignees(officer: OfficerRef, caseNumber: string): Promise<string[]>;
  /** Assigns an officer to the case (PUT /cases/{caseNumber}/assignments/{officerId}; a repeat changes nothing). */
  assign(officer: OfficerRef, caseNumber: string, officerId: string): Promise<void>;
  /**
   * Creates the protection plan of a completed assessment. The API holds one plan per assessment:
   * when it has one already (a re-run turn, a retry) the answer is 'already_created', not an error.
   */
  createPlan(officer: OfficerRef, caseNumber: string, request: CreatePlanRequest): Promise<{ status: 'created'; planId: string } | { status: 'already_created' }>;
  /**
   * Issue 12, item 8: the persons of the case the officer may see (GET /cases/{caseNumber}/persons, each
   * read audited), by role and the label the API stores — whom a plan may protect. Optional: a double
   * without it is never asked, and its plans name no one.
   */
  casePersons?(officer: OfficerRef, caseNumber: string): Promise<CasePerson[]>;
  /**
   * Sets or clears (null) whom an active plan protects (PUT /plans/{id}/protected-person); a plan closed
   * meanwhile is refused as 'stale', a person it cannot protect (or the officer may not see) as 'rejected'.
   */
  setPlanProtectedPerson?(officer: OfficerRef, planId: string, personId: string | null): Promise<void>;
  /** The case's status and violence type, with the ETag a change of them must send (GET /cases/{caseNumber}). */
  readCase(officer: OfficerRef, caseNumber: string): Promise<CaseRecord>;
  /**
   * Changes the case's status and/or violence type (PATCH /cases/{caseNumber}) if it is still at `etag`;
   * a case changed since is refused as 'stale' (412 precondition-failed).
   */
  changeCase(officer: OfficerRef, caseNumber: string, change: ChangeCaseRequest, etag: string): Promise<CaseRecord>;
  /**
   * Moves a draft to the newer method version offered, or records staying (POST /assessments/{id}/pack-version).
   * Optional: an API double that never meets a draft of an older version need not answer it, and then no move is offered.
   */
  choosePackVersion?(officer: OfficerRef, assessmentId: string, choice: PackVersionChoiceRequest): Promise<AssessmentResponse>;
  /**
   * Sets the officer's own date for the plan's next re-assessment (PUT /plans/{id}/reassessment): the
   * API refuses a date other than the method's without a reason, or one in the past, as 'rejected'.
   * Optional: an API double that saves no plans need not answer it, and then no own date is offered.
   */
  setReassessmentDate?(officer: OfficerRef, planId: string, request: SetReassessmentDateRequest): Promise<{ dueOn: string; derivedDueOn: string }>;
  /**
   * Issue 12, item 6: the case's escalation to in-depth (the structured assessment's result, the handover
   * note), shown when the in-depth assessment of the case begins or is resumed; undefined when there is
   * none or the officer may not read it. Optional: a double that never meets an escalation need not answer it.
   * `purpose`: what it is read for when that is not the case work of taking it (as the in-depth assessment begins: assessment).
   */
  escalationView?(officer: OfficerRef, caseNumber: string, purpose?: PurposeName): Promise<EscalationViewResponse | undefined>;
  /**
   * The case's latest completed assessment of the instrument with its plan's measures and re-assessment
   * date (what an omprövning re-examines); undefined when there is none, or the case is unknown.
   * Optional: without it no omprövning is offered.
   */
  previousAssessment?(officer: OfficerRef, caseNumber: string, instrumentId: string): Promise<PreviousAssessment | undefined>;
  /** The assessment an omprövning re-assesses, by its id, as previousAssessment gives it: what a resumed omprövning shows again. */
  reassessedAssessment?(officer: OfficerRef, caseNumber: string, assessmentId: string): Promise<PreviousAssessment>;
}

/**
 * A person of a case as the bot may show them: a role and whether their identity is protected. Not the
 * label the API stores: it is free text an officer typed, and chat names roles, never names.
 */
export interface CasePerson {
  id: string;
  role: PersonRole;
  protectedIdentity: boolean;
}

/** What the dialog reads of a case: where it stands, what it is about, and the ETag to change it by. */
export interface CaseRecord {
  status: CaseStatus;
  violenceType: ViolenceType | null;
  etag: string;
}

/** What the dialog needs of a completed assessment: its case, and the re-assessment date the API derived (null if none). */
export interface CompletedAssessment {
  caseNumber: string;
  reassessOn: string | null;
}

export const completedAssessmentOf = (assessment: Pick<AssessmentResponse, 'caseNumber' | 'derived'>): CompletedAssessment => ({
  caseNumber: assessment.caseNumber,
  reassessOn: assessment.derived?.reassessment?.dueOn ?? null,
});

/**
 * Why an API call failed, in the terms the dialogs branch on; the client (httpAssessmentApi.ts) is the
 * one place that reads them from HTTP statuses and problem types. 'case_closed': the case is closed and
 * takes no new work until a Bops officer reopens it — told as such, not as a generic refusal.
 * 'not_draft': the assessment is completed and takes no more changes (a re-run turn goes on from the
 * completion). 'stale': the case changed since it was read (If-Match no longer matches); read it again.
 * 'review_refused': the assessment takes no review (none to review, or a blind one after the reviewer saw
 * the original). 'share_withdrawn': the share is withdrawn already (nothing to refresh or withdraw).
 * 'invalid_text': the API refused a text of the request that it cannot store as written (a control
 * character, too many characters); textFaults say which field and why, so the officer can be told and
 * the form comes back as filled in — not "try again later", which would only send the same text again.
 * 'rejected': any other refusal of the request.
 */
export type ApiErrorReason = 'unavailable' | 'forbidden' | 'rejected' | 'invalid_text' | 'not_draft' | 'stale' | 'case_closed' | 'review_refused' | 'share_withdrawn';

/** One value a refused request got wrong, as the API's problem lists it: a code and where, never the value. */
export interface ApiIssue {
  code: string;
  path: readonly (string | number)[];
}

export class ApiError extends Error {
  constructor(
    readonly reason: ApiErrorReason,
    /** The problem type URI from the API, when it answered: for the log only, the dialogs branch on reason. */
    readonly problemType: string | undefined,
    message: string,
    /** What the API named as wrong in the request ({code, path}), for a dialog that can say which value. */
    readonly issues: readonly ApiIssue[] = [],
    /** For 'invalid_text': each text refused, by its path in the request body, and why. */
    readonly textFaults: readonly FieldTextFault[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
