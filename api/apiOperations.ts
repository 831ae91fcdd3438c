// Every operation of /api/v1, once: method, path, the purpose its audit rows
// name unless the caller states one, parameters, headers, body, success and
// the problem types (RFC 9457) it can answer with. The table drives the
// Express routes (api/apiRouter.ts mounts one handler per operationId, and
// the type check fails while one is missing), the OpenAPI document
// (api/openApiDocument.ts) and the bot's client paths (pathOf, in
// dialogs/httpAssessmentApi.ts) — so a new operation is one entry here plus
// its handler and repository.
import type { z } from 'zod';
import {
  assessmentListResponseSchema,
  assessmentResponseSchema,
  auditTrailResponseSchema,
  caseAssessmentsQuerySchema,
  caseNumberSchema,
  createAssessmentRequestSchema,
  discardAssessmentRequestSchema,
  latestCompletedQuerySchema,
  packVersionChoiceRequestSchema,
  saveAnswerRequestSchema,
} from './assessmentContract.js';
import {
  addMeasureRequestSchema,
  addPersonRequestSchema,
  breakGlassRequestSchema,
  caseResponseSchema,
  caseStatisticsResponseSchema,
  changeCaseRequestSchema,
  changeMeasureRequestSchema,
  closePlanRequestSchema,
  createCaseRequestSchema,
  createPlanRequestSchema,
  setProtectedPersonRequestSchema,
  setReassessmentDateRequestSchema,
  measureResponseSchema,
  personListResponseSchema,
  personResponseSchema,
  planListResponseSchema,
  planResponseSchema,
} from './caseContract.js';
import { assessmentDocumentSchema, documentLinkResponseSchema, documentLinkTokenSchema } from './assessmentDocumentContract.js';
import { itemIdSchema, officerIdSchema, uuidSchema } from './idSchemas.js';
import { guidelineSectionResponseSchema, methodSearchQuerySchema, methodSearchResponseSchema } from './methodologyContract.js';
import { fillPath, PAGE_PATHS } from './apiPaths.js';
import { figureIdSchema, figureResponseSchema, figuresQuerySchema } from './figuresContract.js';
import { addRriContactRequestSchema, addRriOutcomeRequestSchema, rriContactResponseSchema, rriLogResponseSchema, rriOutcomeResponseSchema } from './rriContract.js';
import { workListQuerySchema, workListResponseSchema } from './workListContract.js';
import { saveConversationReferenceRequestSchema, saveConversationReferenceResponseSchema } from './conversationReferenceContract.js';
import { escalateRequestSchema, escalationResponseSchema, escalationViewResponseSchema, takeReferralResponseSchema } from './referralContract.js';
import { createReviewRequestSchema, reviewReasonRequestSchema, reviewListResponseSchema, reviewBasisResponseSchema, reviewResponseSchema, reviewStatisticsResponseSchema } from './reviewContract.js';
import { createShareRequestSchema, refreshShareRequestSchema, shareListResponseSchema, sharePreviewSchema, receivedShareListSchema, receivedShareSchema, shareResponseSchema, withdrawShareRequestSchema } from './shareContract.js';
import type { ProblemType } from './problem.js';
import { PURPOSES, type Purpose } from './purposes.js';

export const OPENAPI_PATH = '/openapi.json';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Request headers an operation reads, described once in the OpenAPI document. */
export type RequestHeader = 'purpose' | 'purpose-required' | 'if-match' | 'if-match-required' | 'idempotency-key';
export type ResponseHeader = 'location' | 'etag' | 'idempotent-replayed';

export interface Operation {
  method: HttpMethod;
  /** Express form, as the router declares it: /assessments/:id */
  path: string;
  operationId: string;
  tag: 'assessments' | 'cases' | 'officers' | 'figures' | 'sharing' | 'methodology' | 'meta';
  summary: string;
  /**
   * The purpose its requests' audit rows name when the caller states none, refused requests included
   * (x-default-purpose in the OpenAPI document). With the purpose-required header a request must state
   * one; this is then only what a request refused before that check records.
   */
  purpose: Purpose;
  /** Path parameters in order, with the schema the handler parses them with. */
  params?: Readonly<Record<string, z.ZodType>>;
  query?: z.ZodType;
  headers?: readonly RequestHeader[];
  body?: z.ZodType;
  /** The body may be left out altogether (the OpenAPI requestBody is then not required). */
  bodyOptional?: true;
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType | Readonly<Record<string, unknown>>; headers?: readonly ResponseHeader[]; alsoPdf?: true; alsoCsv?: true; pdfOnly?: true; htmlOnly?: true };
  /** Problems particular to the operation; authentication, validation and internal errors are added to all but the public ones. */
  problems: readonly ProblemType[];
  /** Served without a bearer token. */
  public?: boolean;
}

const caseNumberParam = caseNumberSchema.meta({ description: 'Police case number, e.g. 5000-K123456-25' });

const OPERATIONS = [
  {
    method: 'post', path: '/assessments', operationId: 'createAssessment', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: 'Create an assessment on an exact methodology pack version',
    headers: ['purpose', 'idempotency-key'], body: createAssessmentRequestSchema,
    success: { status: 201, description: 'Created (or, for a repeated Idempotency-Key, the assessment created first)', schema: assessmentResponseSchema, headers: ['location', 'etag', 'idempotent-replayed'] },
    problems: ['forbidden', 'pack-mismatch', 'idempotency-key-reused', 'case-closed', 'invalid-reference'],
  },
  {
    method: 'put', path: '/assessments/:id/answers/:itemId', operationId: 'saveAnswer', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: 'Save one answer of a draft (insert or replace)',
    params: { id: uuidSchema, itemId: itemIdSchema }, headers: ['purpose', 'if-match'], body: saveAnswerRequestSchema,
    success: { status: 204, description: 'Saved; ETag is the new version', headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'not-draft', 'pack-mismatch', 'precondition-failed', 'concurrent-change', 'invalid-answer', 'case-closed'],
  },
  {
    method: 'post', path: '/assessments/:id/complete', operationId: 'completeAssessment', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: 'Complete a draft whose required items are answered',
    params: { id: uuidSchema }, headers: ['purpose', 'if-match'],
    success: { status: 200, description: 'Completed', schema: assessmentResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'not-draft', 'pack-mismatch', 'precondition-failed', 'incomplete-assessment', 'case-closed'],
  },
  {
    method: 'post', path: '/assessments/:id/discard', operationId: 'discardAssessment', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: 'Discard a draft with a reason (its officer only); it takes no more answers and no longer keeps its case open',
    params: { id: uuidSchema }, headers: ['purpose', 'if-match'], body: discardAssessmentRequestSchema,
    success: { status: 200, description: 'Discarded', schema: assessmentResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'not-draft', 'precondition-failed', 'case-closed'],
  },
  {
    method: 'post', path: '/assessments/:id/pack-version', operationId: 'choosePackVersion', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: 'Move a draft begun on an older method version to the active one (answers the diff proves unchanged are kept), or record staying (its officer only)',
    params: { id: uuidSchema }, headers: ['purpose', 'if-match'], body: packVersionChoiceRequestSchema,
    success: { status: 200, description: 'The draft after the choice', schema: assessmentResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'not-draft', 'pack-mismatch', 'precondition-failed', 'case-closed'],
  },
  {
    method: 'get', path: '/assessments/:id', operationId: 'getAssessment', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: 'Read an assessment with its answers (audited)',
    params: { id: uuidSchema }, headers: ['purpose'],
    success: { status: 200, description: 'The assessment', schema: assessmentResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/assessments/:id/audit', operationId: 'getAssessmentAuditTrail', tag: 'assessments', purpose: PURPOSES.supervision,
    summary: "An assessment's audit trail (auditors)",
    params: { id: uuidSchema },
    success: { status: 200, description: 'Audit rows in order', schema: auditTrailResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/assessments', operationId: 'listCaseAssessments', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: "A case's assessments, newest first, one page at a time",
    params: { caseNumber: caseNumberParam }, query: caseAssessmentsQuerySchema, headers: ['purpose'],
    success: { status: 200, description: 'One page; nextCursor continues it', schema: assessmentListResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/assessments/latest-completed', operationId: 'getLatestCompletedAssessment', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: "The case's most recently completed assessment with an instrument, with its answers: what a re-assessment (omprövning) re-examines (audited as a read)",
    params: { caseNumber: caseNumberParam }, query: latestCompletedQuerySchema, headers: ['purpose'],
    success: { status: 200, description: 'The assessment', schema: assessmentResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'post', path: '/cases', operationId: 'createCase', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Register a case',
    headers: ['purpose'], body: createCaseRequestSchema,
    success: { status: 201, description: 'Created', schema: caseResponseSchema, headers: ['location', 'etag'] },
    problems: ['forbidden', 'not-found', 'case-exists'],
  },
  {
    method: 'get', path: '/cases/:caseNumber', operationId: 'getCase', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Read a case',
    params: { caseNumber: caseNumberParam }, headers: ['purpose'],
    success: { status: 200, description: 'The case', schema: caseResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'patch', path: '/cases/:caseNumber', operationId: 'changeCase', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Change a case’s status (intake → bops → closed; closed → bops reopens) and/or violence type',
    params: { caseNumber: caseNumberParam }, headers: ['purpose', 'if-match-required'], body: changeCaseRequestSchema,
    success: { status: 200, description: 'The case as changed; ETag is the new version', schema: caseResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'precondition-failed', 'precondition-required', 'case-transition-refused', 'case-closed', 'case-has-open-work'],
  },
  {
    method: 'put', path: '/cases/:caseNumber/assignments/:officerId', operationId: 'assignOfficer', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Assign an officer to a case',
    params: { caseNumber: caseNumberParam, officerId: officerIdSchema }, headers: ['purpose'],
    success: { status: 200, description: 'The case with its assigned officers', schema: caseResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'invalid-reference'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/protected-access', operationId: 'openProtectedAccess', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Break-glass: open the case’s protected persons for yourself, with a reason (audited, shown on the case to its readers)',
    params: { caseNumber: caseNumberParam }, headers: ['purpose'], body: breakGlassRequestSchema,
    success: { status: 200, description: 'The case, the caller among those with protected access', schema: caseResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'invalid-reference'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/persons', operationId: 'addPerson', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Add a person to a case with an explicit role',
    params: { caseNumber: caseNumberParam }, headers: ['purpose'], body: addPersonRequestSchema,
    success: { status: 201, description: 'Added', schema: personResponseSchema, headers: ['location'] },
    problems: ['forbidden', 'not-found', 'duplicate', 'invalid-reference', 'case-closed'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/persons', operationId: 'listPersons', tag: 'cases', purpose: PURPOSES.case,
    summary: 'The persons in a case the officer may see (purpose required)',
    params: { caseNumber: caseNumberParam }, headers: ['purpose-required'],
    success: { status: 200, description: 'Persons', schema: personListResponseSchema },
    problems: ['forbidden', 'not-found', 'purpose-required'],
  },
  {
    method: 'get', path: '/persons/:id', operationId: 'getPerson', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Read one person (purpose required)',
    params: { id: uuidSchema }, headers: ['purpose-required'],
    success: { status: 200, description: 'The person', schema: personResponseSchema },
    problems: ['forbidden', 'not-found', 'purpose-required'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/plans', operationId: 'createPlan', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Create a protection plan for a completed assessment',
    params: { caseNumber: caseNumberParam }, headers: ['purpose'], body: createPlanRequestSchema,
    success: { status: 201, description: 'Created', schema: planResponseSchema, headers: ['location'] },
    problems: ['forbidden', 'not-found', 'duplicate', 'plan-exists', 'invalid-reference', 'assessment-not-completed', 'assessment-superseded', 'person-has-plan', 'pack-mismatch', 'case-closed'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/plans', operationId: 'listPlans', tag: 'cases', purpose: PURPOSES.case,
    summary: "A case's protection plans with their measures, oldest first (those protecting a protected person only to officers assigned to the case)",
    params: { caseNumber: caseNumberParam }, headers: ['purpose'],
    success: { status: 200, description: 'Plans', schema: planListResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/plans/:id', operationId: 'getPlan', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Read a protection plan with its measures',
    params: { id: uuidSchema }, headers: ['purpose'],
    success: { status: 200, description: 'The plan', schema: planResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'post', path: '/plans/:id/measures', operationId: 'addMeasure', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Add a measure to a plan',
    params: { id: uuidSchema }, headers: ['purpose'], body: addMeasureRequestSchema,
    success: { status: 201, description: 'Added', schema: measureResponseSchema },
    problems: ['forbidden', 'not-found', 'duplicate', 'invalid-reference', 'pack-mismatch', 'case-closed'],
  },
  {
    method: 'put', path: '/plans/:id/reassessment', operationId: 'setReassessmentDate', tag: 'cases', purpose: PURPOSES.case,
    summary: "Set the officer's own date for the plan's next re-assessment: a date other than the method's needs a reason, and none lies in the past",
    params: { id: uuidSchema }, headers: ['purpose'], body: setReassessmentDateRequestSchema,
    success: { status: 200, description: 'The plan with its re-assessment', schema: planResponseSchema },
    problems: ['forbidden', 'not-found', 'reassessment-date-refused', 'reassessment-not-planned', 'case-closed'],
  },
  {
    method: 'put', path: '/plans/:id/protected-person', operationId: 'setPlanProtectedPerson', tag: 'cases', purpose: PURPOSES.case,
    summary: "Set or change whom an active plan protects: a person of the plan's case in a role a plan protects, or null for no one named (assigned Bops officers and specialists; audited)",
    params: { id: uuidSchema }, headers: ['purpose'], body: setProtectedPersonRequestSchema,
    success: { status: 200, description: 'The plan with the person it protects', schema: planResponseSchema },
    problems: ['forbidden', 'not-found', 'invalid-reference', 'plan-closed', 'person-has-plan', 'case-closed'],
  },
  {
    method: 'post', path: '/plans/:id/closure', operationId: 'closePlan', tag: 'cases', purpose: PURPOSES.case,
    summary: "End an active plan by hand with the officer's reason (kept on the plan, not in the audit row): it closes, its planned re-assessment is cancelled, its measures leave the work list and reminders (whoever may change the plan's measures; audited)",
    params: { id: uuidSchema }, headers: ['purpose'], body: closePlanRequestSchema,
    success: { status: 200, description: 'The closed plan with its reason', schema: planResponseSchema },
    problems: ['forbidden', 'not-found', 'plan-closed', 'case-closed'],
  },
  {
    method: 'put', path: '/measures/:id/status', operationId: 'changeMeasureStatus', tag: 'cases', purpose: PURPOSES.case,
    summary: "Change a measure's status: decided, carried out, declined (reason required) or ended, by whom and when, its follow-up date and a contact ban's expiry (If-Match: the measure's ETag)",
    params: { id: uuidSchema }, headers: ['purpose', 'if-match'], body: changeMeasureRequestSchema,
    success: { status: 200, description: 'The measure; ETag is its new version', schema: measureResponseSchema, headers: ['etag'] },
    problems: ['forbidden', 'not-found', 'invalid-reference', 'case-closed', 'precondition-failed'],
  },
  {
    method: 'get', path: '/statistics/cases', operationId: 'getCaseStatistics', tag: 'cases', purpose: PURPOSES.statistics,
    summary: 'National counts of cases and measures by region (small counts suppressed; no personal data)',
    success: { status: 200, description: 'Counts', schema: caseStatisticsResponseSchema },
    problems: ['forbidden'],
  },
  {
    method: 'get', path: '/methodology/search', operationId: 'searchMethodology', tag: 'methodology', purpose: PURPOSES.methodology,
    summary: "Search the active pack's guidance",
    query: methodSearchQuerySchema,
    success: { status: 200, description: 'Hits citing the pack version', schema: methodSearchResponseSchema },
    problems: [],
  },
  {
    method: 'get', path: '/methodology/sections/:id', operationId: 'getGuidelineSection', tag: 'methodology', purpose: PURPOSES.methodology,
    summary: 'Read one guideline section of the active pack',
    params: { id: itemIdSchema },
    success: { status: 200, description: 'The section', schema: guidelineSectionResponseSchema },
    problems: ['not-found'],
  },
  // Issue 12 (work list): the calling officer's work, most urgent first.
  {
    method: 'get', path: '/worklist', operationId: 'getWorkList', tag: 'cases', purpose: PURPOSES.workList,
    summary: "The calling officer's work list: own drafts, re-assessments and measure follow-ups due within 7 days or overdue in their cases; by due date, then the case's latest judgement (high first); paged (each case shown audited)",
    query: workListQuerySchema, headers: ['purpose'],
    success: { status: 200, description: 'One page; nextOffset continues it', schema: workListResponseSchema },
    problems: ['forbidden'],
  },
  // Issue 19 (case-file document): the assessment for the case file, in the wording of its own pack version.
  {
    method: 'get', path: '/assessments/:id/document', operationId: 'getAssessmentDocument', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: "An assessment's case-file document: application/json (this schema) or application/pdf; a draft is marked UTKAST (audited, Cache-Control: no-store)",
    params: { id: uuidSchema }, headers: ['purpose'],
    success: { status: 200, description: 'The document', schema: assessmentDocumentSchema, alsoPdf: true },
    problems: ['forbidden', 'not-found'],
  },
  // Issue 12 (conversation references, referral to Bops).
  {
    method: 'put', path: '/officers/me/conversation-reference', operationId: 'saveConversationReference', tag: 'officers', purpose: PURPOSES.notices,
    summary: "The bot stores the officer's Teams conversation reference, so any instance can speak first (the bot's own credential on behalf of the officer only; ids only; audited when it changed)",
    headers: ['purpose'], body: saveConversationReferenceRequestSchema,
    success: { status: 200, description: 'Saved, or unchanged (nothing written)', schema: saveConversationReferenceResponseSchema },
    problems: ['forbidden'],
  },
  {
    method: 'post', path: '/referrals/:id/take', operationId: 'takeReferral', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Ta ärendet: assigns the calling Bops officer to a referred case if no one took it yet (first wins; a repeat by the same officer changes nothing)',
    params: { id: uuidSchema }, headers: ['purpose'],
    success: { status: 200, description: 'The referral, taken by the caller', schema: takeReferralResponseSchema },
    problems: ['forbidden', 'not-found', 'referral-taken', 'case-closed'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/escalations', operationId: 'escalateCase', tag: 'cases', purpose: PURPOSES.case,
    summary: "Eskalera: hands the case to its region's specialists for an in-depth assessment, from its latest completed structured assessment, with a handover note (one escalation per structured assessment)",
    params: { caseNumber: caseNumberParam }, headers: ['purpose'], body: escalateRequestSchema,
    success: { status: 201, description: 'Handed over (200: that assessment was escalated already, nothing written)', schema: escalationResponseSchema },
    problems: ['forbidden', 'not-found', 'assessment-not-completed', 'case-closed'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/escalation', operationId: 'getCaseEscalation', tag: 'cases', purpose: PURPOSES.case,
    summary: "The case's latest escalation to in-depth: the structured judgement and the handover note, for specialists (audited)",
    params: { caseNumber: caseNumberParam }, headers: ['purpose'],
    success: { status: 200, description: 'The escalation', schema: escalationViewResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  // Issue 16 (RRI log): riskreducerande insatser offered to a case's threat actor, and their outcomes at follow-up.
  {
    method: 'post', path: '/cases/:caseNumber/rri/contacts', operationId: 'addRriContact', tag: 'cases', purpose: PURPOSES.case,
    summary: "Record an RRI contact with the case's threat actor: date, kind, accepted or declined, talks held, officer (officers assigned to the case; audited)",
    params: { caseNumber: caseNumberParam }, headers: ['purpose'], body: addRriContactRequestSchema,
    success: { status: 201, description: 'Recorded', schema: rriContactResponseSchema },
    problems: ['forbidden', 'not-found', 'invalid-reference', 'case-closed'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/rri/outcomes', operationId: 'addRriOutcome', tag: 'cases', purpose: PURPOSES.case,
    summary: 'Record an RRI outcome at follow-up: stopped, decreased, unchanged or increased, its source and date (officers assigned to the case; audited)',
    params: { caseNumber: caseNumberParam }, headers: ['purpose'], body: addRriOutcomeRequestSchema,
    success: { status: 201, description: 'Recorded', schema: rriOutcomeResponseSchema },
    problems: ['forbidden', 'not-found', 'case-closed'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/rri', operationId: 'getRriLog', tag: 'cases', purpose: PURPOSES.case,
    summary: "A case's RRI log: contacts and outcomes, oldest first (audited)",
    params: { caseNumber: caseNumberParam }, headers: ['purpose'],
    success: { status: 200, description: 'The log', schema: rriLogResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  // Issue 16 (figures): the method followed up, for analysts, method owners and auditors; aggregates only.
  {
    method: 'get', path: PAGE_PATHS.getFigure, operationId: 'getFigure', tag: 'figures', purpose: PURPOSES.statistics,
    summary: 'One figure (rri, rri-outcomes, consistency, judgements, measures-by-risk, prioritisation, prioritisation-outcomes) by region, filtered by period, region, violence type and instrument; cells resting on fewer cases than the minimum are null (CSV: "..") — no names, case numbers or free text',
    params: { figure: figureIdSchema }, query: figuresQuerySchema,
    success: { status: 200, description: 'The figure as a table (Accept: text/csv for CSV)', schema: figureResponseSchema, alsoCsv: true },
    problems: ['forbidden'],
  },
  // Issue 15 (sharing with an investigation): share, list, refresh, withdraw; the recipients read.
  {
    method: 'post', path: '/cases/:caseNumber/shares', operationId: 'createShare', tag: 'sharing', purpose: PURPOSES.sharing,
    summary: "Share the case's declared fields (the pack version's sharing.yaml) with named investigators of an investigation, with a reason (assigned Bops officers and specialists; audited). With snapshotHash (from the preview the sharer confirmed) the share is stored only if its snapshot is still exactly that preview, else 412 and nothing is stored; without it, the case as it stands is shared",
    params: { caseNumber: caseNumberParam }, headers: ['purpose'], body: createShareRequestSchema,
    success: { status: 201, description: 'Shared: the share with its first snapshot', schema: shareResponseSchema, headers: ['location'] },
    problems: ['forbidden', 'not-found', 'invalid-reference', 'case-closed', 'pack-mismatch', 'precondition-failed'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/shares', operationId: 'listCaseShares', tag: 'sharing', purpose: PURPOSES.sharing,
    summary: "The case's shares, withdrawn ones too, newest first, each whole — to find one again and refresh or withdraw it (Bops officers of the region and specialists; audited as one share.list row)",
    params: { caseNumber: caseNumberParam }, headers: ['purpose'],
    success: { status: 200, description: 'Shares, newest first', schema: shareListResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/cases/:caseNumber/shares/preview', operationId: 'getSharePreview', tag: 'sharing', purpose: PURPOSES.sharing,
    summary: 'What a share of the case would send now, stored nowhere: the card the sharer confirms, with the snapshotHash to send back with the share or refresh (audited as a case read)',
    params: { caseNumber: caseNumberParam }, headers: ['purpose'],
    success: { status: 200, description: 'The fields, the pack version declaring them and their snapshotHash', schema: sharePreviewSchema },
    problems: ['forbidden', 'not-found', 'pack-mismatch'],
  },
  {
    method: 'post', path: '/cases/:caseNumber/shares/:shareId/refresh', operationId: 'refreshShare', tag: 'sharing', purpose: PURPOSES.sharing,
    summary: "Take a new snapshot of a share (the earlier ones are kept; the recipients see the newest). The body is optional: with snapshotHash (the preview the sharer confirmed) the snapshot is stored only if it is still exactly that preview, else 412 and nothing is stored",
    params: { caseNumber: caseNumberParam, shareId: uuidSchema }, headers: ['purpose'], body: refreshShareRequestSchema, bodyOptional: true,
    success: { status: 200, description: 'The share with its snapshots', schema: shareResponseSchema },
    problems: ['forbidden', 'not-found', 'share-withdrawn', 'case-closed', 'pack-mismatch', 'precondition-failed'],
  },
  {
    method: 'delete', path: '/cases/:caseNumber/shares/:shareId', operationId: 'withdrawShare', tag: 'sharing', purpose: PURPOSES.sharing,
    summary: 'Withdraw a share with a reason (its sharer only); its recipients read nothing of it afterwards',
    params: { caseNumber: caseNumberParam, shareId: uuidSchema }, headers: ['purpose'], body: withdrawShareRequestSchema,
    success: { status: 200, description: 'The share, withdrawn', schema: shareResponseSchema },
    problems: ['forbidden', 'not-found', 'share-withdrawn'],
  },
  {
    method: 'get', path: '/shares', operationId: 'listReceivedShares', tag: 'sharing', purpose: PURPOSES.investigation,
    summary: "The shares addressed to the calling investigator and not withdrawn: each share's latest snapshot, nothing else of its case (each audited)",
    headers: ['purpose'],
    success: { status: 200, description: 'Shares, newest first', schema: receivedShareListSchema },
    problems: ['forbidden'],
  },
  {
    method: 'get', path: '/shares/:shareId', operationId: 'getReceivedShare', tag: 'sharing', purpose: PURPOSES.investigation,
    summary: 'One share addressed to the calling investigator (404 when withdrawn or not theirs; audited)',
    params: { shareId: uuidSchema }, headers: ['purpose'],
    success: { status: 200, description: 'The share', schema: receivedShareSchema },
    problems: ['forbidden', 'not-found'],
  },
  // Issue 15 (second look): reviews beside a completed assessment, and their figures.
  {
    method: 'post', path: '/assessments/:id/reviews', operationId: 'createReview', tag: 'assessments', purpose: PURPOSES.review,
    summary: "Review another officer's completed structured or in-depth assessment: agree, regrade judgements with a reason, or grade blind (the original is returned only after); the original never changes (audited)",
    params: { id: uuidSchema }, headers: ['purpose'], body: createReviewRequestSchema,
    success: { status: 201, description: 'The review beside the original', schema: reviewResponseSchema },
    problems: ['forbidden', 'not-found', 'review-refused'],
  },
  {
    method: 'put', path: '/assessments/:id/reviews/:reviewId/reason', operationId: 'giveReviewReason', tag: 'assessments', purpose: PURPOSES.review,
    summary: "The reason for a blind review that graded otherwise, given after the original was shown beside the fixed grades: by the review's reviewer, once; the grades never change (audited)",
    params: { id: uuidSchema, reviewId: uuidSchema }, headers: ['purpose'], body: reviewReasonRequestSchema,
    success: { status: 200, description: 'The review, now with its reason', schema: reviewResponseSchema },
    problems: ['forbidden', 'not-found', 'review-refused'],
  },
  {
    method: 'get', path: '/assessments/:id/reviews', operationId: 'listReviews', tag: 'assessments', purpose: PURPOSES.review,
    summary: 'The reviews beside an assessment, oldest first, for whoever may read it — the officer who made it first of all (audited as a read)',
    params: { id: uuidSchema }, headers: ['purpose'],
    success: { status: 200, description: 'Reviews', schema: reviewListResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  {
    method: 'get', path: '/assessments/:id/review-basis', operationId: 'getReviewBasis', tag: 'assessments', purpose: PURPOSES.review,
    summary: 'What a blind reviewer grades from: the answers without the summary judgements (audited; reading the assessment itself ends the chance of a blind review)',
    params: { id: uuidSchema }, headers: ['purpose'],
    success: { status: 200, description: 'The answers, judgements withheld', schema: reviewBasisResponseSchema },
    problems: ['forbidden', 'not-found', 'review-refused'],
  },
  {
    method: 'get', path: '/statistics/reviews', operationId: 'getReviewStatistics', tag: 'assessments', purpose: PURPOSES.statistics,
    summary: "Regrade rate, judgement agreement and Cohen's kappa on blind reviews, by region and instrument (small cells suppressed; no personal data)",
    success: { status: 200, description: 'Figures', schema: reviewStatisticsResponseSchema },
    problems: ['forbidden'],
  },
  // Issue 19, item 5: the PDF for the officer's personal chat, by a link valid for minutes.
  {
    method: 'post', path: '/assessments/:id/document-link', operationId: 'createDocumentLink', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: "A link to the assessment's case-file PDF for the calling officer, valid for minutes (Accept-Language sets its language); under the read decision, audited",
    params: { id: uuidSchema }, headers: ['purpose'],
    success: { status: 201, description: 'The link: its path under this API and when it expires', schema: documentLinkResponseSchema },
    problems: ['forbidden', 'not-found'],
  },
  // Following the link only shows a page; its button opens the PDF. Link previews and scanners fetch
  // (GET) what a message links to, and must not use the single-use link up before the officer.
  {
    method: 'get', path: '/document-links/:token', operationId: 'showDocumentLink', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: 'A page saying what the link opens and until when, with the button that opens it; leaves the link unused and holds no data of the case. A link that opens nothing answers a browser (Accept preferring text/html) with a page saying why, anyone else with the problem',
    params: { token: documentLinkTokenSchema }, public: true,
    success: { status: 200, description: 'The page (HTML)', htmlOnly: true },
    problems: ['not-found'],
  },
  {
    method: 'post', path: '/document-links/:token', operationId: 'openDocumentLink', tag: 'assessments', purpose: PURPOSES.assessment,
    summary: "The case-file PDF a link opens, once, for the officer it was issued to, while it is valid; access decided again, each download audited as a document (Cache-Control: no-store)",
    params: { token: documentLinkTokenSchema }, public: true,
    success: { status: 200, description: 'The PDF', pdfOnly: true },
    // A link its officer may no longer use answers as an expired one does (the refusal is audited).
    problems: ['not-found'],
  },
  {
    method: 'get', path: OPENAPI_PATH, operationId: 'getOpenApiDocument', tag: 'meta', purpose: PURPOSES.contract,
    summary: 'This document', public: true,
    success: { status: 200, description: 'OpenAPI 3.1', schema: { type: 'object' } },
    problems: [],
  },
] as const satisfies readonly Operation[];

/** Every operation the API serves. */
export const API_OPERATIONS: readonly Operation[] = OPERATIONS;

export type OperationId = (typeof OPERATIONS)[number]['operationId'];
type OperationOf<Id extends OperationId> = Extract<(typeof OPERATIONS)[number], { operationId: Id }>;

/** The names of an Express path's parameters: '/cases/:caseNumber/assignments/:officerId' → 'caseNumber' | 'officerId'. */
type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamNames<`/${Rest}`> : Path extends `${string}:${infer Name}` ? Name : never;

/** The path parameters an operation needs, by name. */
export type PathParams<Id extends OperationId> = Record<ParamNames<OperationOf<Id>['path']>, string>;

const byId = new Map<string, Operation>(API_OPERATIONS.map((op) => [op.operationId, op]));

export function operationOf(id: OperationId): Operation {
  const op = byId.get(id);
  if (!op) throw new Error(`no operation ${id}`);
  return op;
}

/** An operation's path with its parameters filled in, each URI-encoded: what a client requests under API_PREFIX. */
export function pathOf<Id extends OperationId>(id: Id, params: PathParams<Id>): string {
  return fillPath(operationOf(id).path, params as Record<string, string>);
}
