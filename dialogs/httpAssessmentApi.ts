// The bot's typed client of the assessment API over HTTP, with its own service
// credential and the officer named per call. Methods and paths come from the
// API's operation table (api/apiOperations.ts), so a route is written once;
// responses are parsed with the same zod contract the API validates with. The
// boundary of transport details: HTTP statuses and problem types become
// ApiErrorReasons here, and no dialog sees a problem-type URI.
import { z } from 'zod';
import {
  assessmentResponseSchema,
  ON_BEHALF_OF_HEADER,
  PURPOSE_HEADER,
  assessmentListResponseSchema,
  CASE_LIST_MAX_LIMIT,
  type AssessmentResponse,
  type AssessmentSummaryResponse,
  type CreateAssessmentRequest,
  type PackVersionChoiceRequest,
  type SaveAnswerRequest,
} from '../api/assessmentContract.js';
import { operationOf, pathOf, type OperationId, type PathParams } from '../api/apiOperations.js';
import { API_PREFIX } from '../api/apiPaths.js';
import { caseResponseSchema, measureResponseSchema, personListResponseSchema, planListResponseSchema, planResponseSchema, type ChangeCaseRequest, type ChangeMeasureRequest, type ClosePlanRequest, type CreatePlanRequest, type SetProtectedPersonRequest, type SetReassessmentDateRequest } from '../api/caseContract.js';
import { assessmentEtag } from '../api/assessmentEtag.js';
import { IDEMPOTENCY_KEY_HEADER } from '../api/idempotencyKey.js';
import { workListResponseSchema, type WorkListQuery, type WorkListResponse } from '../api/workListContract.js';
import type { CaseWorkApi, EscalationOutcome, MeasureResponse, PlanResponse, ReferralTake } from './caseWorkApi.js';
import { saveConversationReferenceResponseSchema, type SaveConversationReferenceRequest } from '../api/conversationReferenceContract.js';
import { escalationResponseSchema, escalationViewResponseSchema, takeReferralResponseSchema, type EscalationViewResponse } from '../api/referralContract.js';
import { calendarDate } from '../methodology/calendarDate.js';
import type { PreviousAssessment } from './reassessmentState.js';
import { receivedShareListSchema, shareListResponseSchema, sharePreviewSchema, shareResponseSchema, type CreateShareRequest } from '../api/shareContract.js';
import { reviewBasisResponseSchema, reviewListResponseSchema, reviewResponseSchema, type CreateReviewRequest } from '../api/reviewContract.js';
import type { ReceivedShare, ReviewBasis, ReviewResponse, SharePreview, ShareResponse, SharingApi } from './sharingApi.js';
import type { DocumentLinkApi } from './documentLinkApi.js';
import type { Locale } from './messageCatalogue.js';
import { documentLinkResponseSchema } from '../api/assessmentDocumentContract.js';
import { rriLogResponseSchema, type AddRriContactRequest, type AddRriOutcomeRequest } from '../api/rriContract.js';
import type { RriApi, RriLogResponse } from './rriApi.js';
import { textFaultsNamed } from './textFault.js';
import { problemTypeUri } from '../api/problem.js';
import { PURPOSES, type PurposeName } from '../api/purposes.js';
import { ApiError, completedAssessmentOf, type ApiErrorReason, type AssessmentApi, type CasePerson, type CaseRecord, type CompletedAssessment, type OfficerRef } from './assessmentApi.js';

/** The API's answer to Ta ärendet when a colleague was first: the current state, told plainly. */
const REFERRAL_TAKEN_PROBLEM = problemTypeUri('referral-taken');
/** The API's answer to an escalation of a case without a completed structured assessment. */
const NOT_COMPLETED_PROBLEM = problemTypeUri('assessment-not-completed');
/** A case without a completed assessment of the instrument (or no such case): no omprövning, not an error. */
const NOT_FOUND_PROBLEM = problemTypeUri('not-found');

/** A request that does not match the operation's schema: a text the API cannot store among its issues is 'invalid_text'. */
const VALIDATION_PROBLEM = problemTypeUri('validation');

/** The API's answer when the assessment already has its plan: for the bot, a retry that already succeeded. */
const PLAN_EXISTS_PROBLEM = problemTypeUri('plan-exists');

/**
 * The refusals the dialogs branch on, by the API's problem type; any other refusal is 'rejected'.
 * case-closed: new work on a closed case, told to the officer as such. not-draft: a change of a
 * completed assessment, which a re-run turn takes for its own completion. precondition-failed (412):
 * the case changed since it was read, read again before changing it. share-withdrawn: a refresh or
 * withdrawal of a share withdrawn already.
 */
const REASON_OF_PROBLEM: ReadonlyMap<string, ApiErrorReason> = new Map<string, ApiErrorReason>([
  [problemTypeUri('case-closed'), 'case_closed'],
  [problemTypeUri('not-draft'), 'not_draft'],
  [problemTypeUri('precondition-failed'), 'stale'],
  // A plan closed (taken over by a later one) since it was read: what it protected is history now.
  [problemTypeUri('plan-closed'), 'stale'],
  [problemTypeUri('review-refused'), 'review_refused'],
  [problemTypeUri('share-withdrawn'), 'share_withdrawn'],
]);

/**
 * What the bot states as the purpose of an operation's request (api/purposes.ts). By default nothing: each
 * operation's audit rows name what its access is for (its purpose in api/apiOperations.ts) — an answer as
 * assessment, a measure decided or an RRI contact as Bops case work, a work list as a work list, a share as
 * sharing, a review as the second look. A look-up of persons must state one: the bot looks them up to choose
 * whom a protection plan protects. Where a dialog knows more than the operation (a case's assessments listed
 * to choose the one to review), it passes the purpose with the call.
 */
const STATED_PURPOSE: Partial<Readonly<Record<OperationId, PurposeName>>> = { listPersons: 'case' };

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string().optional(),
    detail: z.string().optional(),
    // A malformed list is dropped, not the problem: its type still says what the refusal was.
    errors: z.array(z.object({ code: z.string(), path: z.array(z.union([z.string(), z.number()])) }).loose()).optional().catch(undefined),
  })
  .loose();

export interface HttpAssessmentApiOptions {
  /** Read per call: in one process the port is known only after listen(). */
  baseUrl: () => string;
  /** Returns a currently valid service token. */
  serviceToken: () => Promise<string>;
  /** Per request; the API is local or near, a slow answer means trouble. */
  timeoutMs?: number;
}

/** What a request carries besides its path: a JSON body, a query string, headers of its own, the purpose the dialog states. */
interface OperationRequest {
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  purpose?: PurposeName | undefined;
}

export class HttpAssessmentApi implements AssessmentApi, CaseWorkApi, SharingApi, DocumentLinkApi, RriApi {
  constructor(private readonly options: HttpAssessmentApiOptions) {}

  async create(officer: OfficerRef, request: CreateAssessmentRequest, idempotencyKey?: string): Promise<{ id: string }> {
    const body = await this.call(officer, 'createAssessment', {}, { body: request, headers: idempotencyKey === undefined ? {} : { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } });
    return { id: assessmentResponseSchema.parse(body).id };
  }

  async saveAnswer(officer: OfficerRef, assessmentId: string, itemId: string, request: SaveAnswerRequest): Promise<void> {
    await this.call(officer, 'saveAnswer', { id: assessmentId, itemId }, { body: request });
  }

  async complete(officer: OfficerRef, assessmentId: string): Promise<CompletedAssessment> {
    return completedAssessmentOf(assessmentResponseSchema.parse(await this.call(officer, 'completeAssessment', { id: assessmentId })));
  }

  async get(officer: OfficerRef, assessmentId: string, purpose?: PurposeName): Promise<AssessmentResponse> {
    return assessmentResponseSchema.parse(await this.call(officer, 'getAssessment', { id: assessmentId }, { purpose }));
  }

  async choosePackVersion(officer: OfficerRef, assessmentId: string, choice: PackVersionChoiceRequest): Promise<AssessmentResponse> {
    return assessmentResponseSchema.parse(await this.call(officer, 'choosePackVersion', { id: assessmentId }, { body: choice }));
  }

  async listForCase(officer: OfficerRef, caseNumber: string, purpose?: PurposeName): Promise<AssessmentSummaryResponse[]> {
    const page = assessmentListResponseSchema.parse(await this.call(officer, 'listCaseAssessments', { caseNumber }, { query: { limit: String(CASE_LIST_MAX_LIMIT) }, purpose }));
    return page.items;
  }

  async previousAssessment(officer: OfficerRef, caseNumber: string, instrumentId: string): Promise<PreviousAssessment | undefined> {
    let assessment: AssessmentResponse;
    try {
      assessment = assessmentResponseSchema.parse(await this.call(officer, 'getLatestCompletedAssessment', { caseNumber }, { query: { instrumentId } }));
    } catch (err) {
      // None, or one the officer may not read: no omprövning is offered, a new assessment is made as before.
      if (err instanceof ApiError && (err.problemType === NOT_FOUND_PROBLEM || err.reason === 'forbidden')) return undefined;
      throw err;
    }
    return this.previousOf(officer, caseNumber, assessment);
  }

  async reassessedAssessment(officer: OfficerRef, caseNumber: string, assessmentId: string): Promise<PreviousAssessment> {
    return this.previousOf(officer, caseNumber, await this.get(officer, assessmentId));
  }

  /** A completed assessment with its plan's measures and re-assessment date, as an omprövning compares with it. */
  private async previousOf(officer: OfficerRef, caseNumber: string, assessment: AssessmentResponse): Promise<PreviousAssessment> {
    let plans: PlanResponse[] = [];
    try {
      // Read for the omprövning, which compares with the plan's measures: assessment work, not plan work.
      plans = planListResponseSchema.parse(await this.call(officer, 'listPlans', { caseNumber }, { purpose: 'assessment' })).items;
    } catch (err) {
      // An officer who may not read the case's plans re-assesses without the measures to compare.
      if (!(err instanceof ApiError) || err.reason !== 'forbidden') throw err;
    }
    const plan = plans.find((p) => p.assessmentId === assessment.id);
    return {
      id: assessment.id,
      completedOn: calendarDate(new Date(assessment.completedAt ?? assessment.updatedAt)),
      answers: Object.fromEntries(assessment.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }])),
      measures: (plan?.measures ?? []).map((m) => ({ part: m.part, measureId: m.measureId, status: m.status })),
      dueOn: plan?.reassessment?.dueOn ?? null,
    };
  }

  async caseAssignees(officer: OfficerRef, caseNumber: string): Promise<string[]> {
    return caseResponseSchema.parse(await this.call(officer, 'getCase', { caseNumber })).assignedOfficerIds;
  }

  async assign(officer: OfficerRef, caseNumber: string, officerId: string): Promise<void> {
    await this.call(officer, 'assignOfficer', { caseNumber, officerId });
  }

  async createPlan(officer: OfficerRef, caseNumber: string, request: CreatePlanRequest): Promise<{ status: 'created'; planId: string } | { status: 'already_created' }> {
    try {
      const plan = planResponseSchema.parse(await this.call(officer, 'createPlan', { caseNumber }, { body: request }));
      return { status: 'created', planId: plan.id };
    } catch (err) {
      if (err instanceof ApiError && err.problemType === PLAN_EXISTS_PROBLEM) return { status: 'already_created' };
      throw err;
    }
  }

  async casePersons(officer: OfficerRef, caseNumber: string): Promise<CasePerson[]> {
    return personListResponseSchema.parse(await this.call(officer, 'listPersons', { caseNumber })).items.map(({ id, role, protectedIdentity }) => ({ id, role, protectedIdentity }));
  }

  async setPlanProtectedPerson(officer: OfficerRef, planId: string, personId: string | null): Promise<void> {
    await this.call(officer, 'setPlanProtectedPerson', { id: planId }, { body: { personId } satisfies SetProtectedPersonRequest });
  }

  async setReassessmentDate(officer: OfficerRef, planId: string, request: SetReassessmentDateRequest): Promise<{ dueOn: string; derivedDueOn: string }> {
    const plan = planResponseSchema.parse(await this.call(officer, 'setReassessmentDate', { id: planId }, { body: request }));
    if (!plan.reassessment) throw new ApiError('rejected', undefined, 'the plan came back without its re-assessment');
    return { dueOn: plan.reassessment.dueOn, derivedDueOn: plan.reassessment.derivedDueOn };
  }

  async readCase(officer: OfficerRef, caseNumber: string): Promise<CaseRecord> {
    return caseRecordOf(await this.exchange(officer, 'getCase', { caseNumber }));
  }

  async changeCase(officer: OfficerRef, caseNumber: string, change: ChangeCaseRequest, etag: string): Promise<CaseRecord> {
    return caseRecordOf(await this.exchange(officer, 'changeCase', { caseNumber }, { body: change, headers: { 'if-match': etag } }));
  }

  async workList(officer: OfficerRef, query: WorkListQuery): Promise<WorkListResponse> {
    const search = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return workListResponseSchema.parse(await this.call(officer, 'getWorkList', {}, { query: search }));
  }

  async discardDraft(officer: OfficerRef, assessmentId: string, reason: string, version: number): Promise<void> {
    await this.call(officer, 'discardAssessment', { id: assessmentId }, { body: { reason }, headers: { 'if-match': assessmentEtag(version) } });
  }

  async casePlans(officer: OfficerRef, caseNumber: string): Promise<PlanResponse[]> {
    return planListResponseSchema.parse(await this.call(officer, 'listPlans', { caseNumber })).items;
  }

  async changeMeasure(officer: OfficerRef, measureId: string, change: ChangeMeasureRequest, version: number): Promise<MeasureResponse> {
    return measureResponseSchema.parse(await this.call(officer, 'changeMeasureStatus', { id: measureId }, { body: change, headers: { 'if-match': assessmentEtag(version) } }));
  }

  async closePlan(officer: OfficerRef, planId: string, reason: string): Promise<PlanResponse> {
    return planResponseSchema.parse(await this.call(officer, 'closePlan', { id: planId }, { body: { reason } satisfies ClosePlanRequest }));
  }

  async takeReferral(officer: OfficerRef, referralId: string): Promise<ReferralTake> {
    try {
      const taken = takeReferralResponseSchema.parse(await this.call(officer, 'takeReferral', { id: referralId }));
      return { outcome: taken.outcome, kind: taken.kind, note: taken.note, judgement: taken.judgement };
    } catch (err) {
      if (err instanceof ApiError && err.problemType === REFERRAL_TAKEN_PROBLEM) return { outcome: 'taken_by_other', kind: null, note: null, judgement: null };
      if (err instanceof ApiError && err.reason === 'case_closed') return { outcome: 'case_closed', kind: null, note: null, judgement: null };
      throw err;
    }
  }

  async escalationView(officer: OfficerRef, caseNumber: string, purpose?: PurposeName): Promise<EscalationViewResponse | undefined> {
    try {
      return escalationViewResponseSchema.parse(await this.call(officer, 'getCaseEscalation', { caseNumber }, { purpose }));
    } catch (err) {
      if (err instanceof ApiError && err.reason !== 'unavailable') return undefined;
      throw err;
    }
  }

  async escalate(officer: OfficerRef, caseNumber: string, note: string): Promise<EscalationOutcome> {
    try {
      return escalationResponseSchema.parse(await this.call(officer, 'escalateCase', { caseNumber }, { body: { note } })).outcome;
    } catch (err) {
      if (err instanceof ApiError && err.problemType === NOT_COMPLETED_PROBLEM) return 'no_structured';
      if (err instanceof ApiError && err.reason === 'case_closed') return 'case_closed';
      throw err;
    }
  }

  /** Stores the officer's Teams conversation reference (PUT /officers/me/conversation-reference). */
  async saveConversationReference(officer: OfficerRef, request: SaveConversationReferenceRequest): Promise<'saved' | 'unchanged'> {
    return saveConversationReferenceResponseSchema.parse(await this.call(officer, 'saveConversationReference', {}, { body: request })).outcome;
  }

  async sharePreview(officer: OfficerRef, caseNumber: string): Promise<SharePreview> {
    return sharePreviewSchema.parse(await this.call(officer, 'getSharePreview', { caseNumber }));
  }

  async createShare(officer: OfficerRef, caseNumber: string, request: CreateShareRequest): Promise<ShareResponse> {
    return shareResponseSchema.parse(await this.call(officer, 'createShare', { caseNumber }, { body: request }));
  }

  async caseShares(officer: OfficerRef, caseNumber: string): Promise<ShareResponse[]> {
    return shareListResponseSchema.parse(await this.call(officer, 'listCaseShares', { caseNumber })).items;
  }

  async refreshShare(officer: OfficerRef, caseNumber: string, shareId: string, snapshotHash?: string): Promise<ShareResponse> {
    return shareResponseSchema.parse(await this.call(officer, 'refreshShare', { caseNumber, shareId }, snapshotHash === undefined ? {} : { body: { snapshotHash } }));
  }

  async withdrawShare(officer: OfficerRef, caseNumber: string, shareId: string, reason: string): Promise<ShareResponse> {
    return shareResponseSchema.parse(await this.call(officer, 'withdrawShare', { caseNumber, shareId }, { body: { reason } }));
  }

  async receivedShares(officer: OfficerRef): Promise<ReceivedShare[]> {
    return receivedShareListSchema.parse(await this.call(officer, 'listReceivedShares', {})).items;
  }

  async reviewBasis(officer: OfficerRef, assessmentId: string): Promise<ReviewBasis> {
    return reviewBasisResponseSchema.parse(await this.call(officer, 'getReviewBasis', { id: assessmentId }));
  }

  async createReview(officer: OfficerRef, assessmentId: string, request: CreateReviewRequest): Promise<ReviewResponse> {
    return reviewResponseSchema.parse(await this.call(officer, 'createReview', { id: assessmentId }, { body: request }));
  }

  async giveReviewReason(officer: OfficerRef, assessmentId: string, reviewId: string, reason: string): Promise<ReviewResponse> {
    return reviewResponseSchema.parse(await this.call(officer, 'giveReviewReason', { id: assessmentId, reviewId }, { body: { reason } }));
  }

  async reviews(officer: OfficerRef, assessmentId: string): Promise<ReviewResponse[]> {
    return reviewListResponseSchema.parse(await this.call(officer, 'listReviews', { id: assessmentId })).items;
  }

  async documentLink(officer: OfficerRef, assessmentId: string, locale: Locale): Promise<{ url: string; expiresAt: string }> {
    const link = documentLinkResponseSchema.parse(await this.call(officer, 'createDocumentLink', { id: assessmentId }, { headers: { 'accept-language': locale } }));
    // The path is the API's own (its prefix included), on the server the bot reaches the API at.
    return { url: `${this.options.baseUrl().replace(/\/$/, '')}${link.path}`, expiresAt: link.expiresAt };
  }

  async rriLog(officer: OfficerRef, caseNumber: string): Promise<RriLogResponse> {
    return rriLogResponseSchema.parse(await this.call(officer, 'getRriLog', { caseNumber }));
  }

  async addRriContact(officer: OfficerRef, caseNumber: string, contact: AddRriContactRequest): Promise<void> {
    await this.call(officer, 'addRriContact', { caseNumber }, { body: contact });
  }

  async addRriOutcome(officer: OfficerRef, caseNumber: string, outcome: AddRriOutcomeRequest): Promise<void> {
    await this.call(officer, 'addRriOutcome', { caseNumber }, { body: outcome });
  }

  private async call<Id extends OperationId>(officer: OfficerRef, operation: Id, params: PathParams<Id>, request: OperationRequest = {}): Promise<unknown> {
    return (await this.exchange(officer, operation, params, request)).payload;
  }

  /** One request of an operation; the answer's body and its ETag (a case change needs the tag it was read at). */
  private async exchange<Id extends OperationId>(officer: OfficerRef, operation: Id, params: PathParams<Id>, { body, query, headers: extra = {}, purpose = STATED_PURPOSE[operation] }: OperationRequest = {}): Promise<{ payload: unknown; etag: string | null }> {
    let token: string;
    try {
      token = await this.options.serviceToken();
    } catch (err) {
      // No credential is an outage like an unreachable API: the officer's answers are kept, the turn goes on.
      throw new ApiError('unavailable', undefined, `no service token: ${(err as Error).name}`);
    }
    const headers: Record<string, string> = {
      ...extra,
      authorization: `Bearer ${token}`,
      [ON_BEHALF_OF_HEADER]: officer.id,
      ...(purpose === undefined ? {} : { [PURPOSE_HEADER]: PURPOSES[purpose] }),
      accept: 'application/json, application/problem+json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      const search = query ? `?${new URLSearchParams(query).toString()}` : '';
      response = await fetch(`${this.options.baseUrl().replace(/\/$/, '')}${API_PREFIX}${pathOf(operation, params)}${search}`, {
        method: operationOf(operation).method.toUpperCase(),
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new ApiError('unavailable', undefined, `API not reachable: ${(err as Error).name}`);
    }
    if (response.status === 204) return { payload: undefined, etag: null };
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { payload, etag: response.headers.get('etag') };
    const problem = problemSchema.safeParse(payload);
    const type = problem.success ? problem.data.type : undefined;
    const detail = problem.success ? (problem.data.detail ?? problem.data.title ?? '') : '';
    if (response.status >= 500) throw new ApiError('unavailable', type, `API ${response.status}`);
    if (response.status === 401 || response.status === 403) throw new ApiError('forbidden', type, `API ${response.status}: ${detail}`);
    const issues = problem.success ? (problem.data.errors ?? []).map(({ code, path }) => ({ code, path })) : [];
    // A text the API named as one it cannot store: which field and why, read from the body sent by the same schema.
    const textFaults = type === VALIDATION_PROBLEM ? textFaultsNamed(operation, body, issues) : [];
    if (textFaults.length) throw new ApiError('invalid_text', type, `API ${response.status}: ${detail}`, issues, textFaults);
    throw new ApiError((type === undefined ? undefined : REASON_OF_PROBLEM.get(type)) ?? 'rejected', type, `API ${response.status}: ${detail}`, issues);
  }
}

/** A case answer as the dialog reads it; without an ETag no change could be made on it, so that is an error. */
function caseRecordOf({ payload, etag }: { payload: unknown; etag: string | null }): CaseRecord {
  const record = caseResponseSchema.parse(payload);
  if (!etag) throw new ApiError('rejected', undefined, 'API answered a case without an ETag');
  return { status: record.status, violenceType: record.violenceType, etag };
}
