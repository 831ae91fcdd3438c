// Assessments in Postgres (either engine). Each method that touches an
// assessment runs in one transaction together with its audit row, so nothing
// is created, changed or consulted without a record of who, via what and why.
//
// A closed case takes no new work: no new draft, and no answer or completion
// of a draft either. The latter should not arise — closing needs a case
// without drafts (api/caseChangeRules.ts), and a create checks the status
// under the case's row lock, which closing takes too — so the answer and
// completion guards only keep a draft that got onto a closed case some other
// way (an edit behind the API's back) from being worked on: the case is
// reopened (status bops) first. Reading stays allowed.
//
// One file per concept holds the SQL (creation, answer save, completion,
// discard, version choice, reads, access facts, the case list, the audit
// trail); this class only binds them to one database as the
// AssessmentRepository the routes use.
import type {
  AccessFacts,
  AnswerInput,
  AssessmentOwnership,
  AssessmentRecord,
  AssessmentRepository,
  CaseListPage,
  CaseListPageRequest,
  CompletionCheck,
  IdempotencyRef,
  IdempotentCreateOutcome,
  NewAssessment,
  VersionChoice,
  WriteCondition,
} from './assessmentRepository.js';
import type { AuditContext, AuditRow } from './auditLog.js';
import type { Database } from './database.js';
import type { PoliceRegion } from './policeRegions.js';
import { saveAnswer } from './sqlAnswerSave.js';
import { assessmentOwnership, caseRegion, latestCompletedId } from './sqlAssessmentAccessFacts.js';
import { completeAssessment } from './sqlAssessmentCompletion.js';
import { createAssessment, createAssessmentIdempotent } from './sqlAssessmentCreation.js';
import { getAssessment } from './sqlAssessmentRead.js';
import { auditTrail } from './sqlAuditTrail.js';
import { listCaseAssessments } from './sqlCaseAssessmentList.js';
import { discardDraft } from './sqlDraftDiscard.js';
import { chooseVersion } from './sqlVersionChoice.js';

export class SqlAssessmentRepository implements AssessmentRepository {
  constructor(private readonly db: Database) {}

  create(input: NewAssessment, audit: AuditContext): Promise<AssessmentRecord> {
    return createAssessment(this.db, input, audit);
  }

  createIdempotent(input: NewAssessment, audit: AuditContext, idempotency: IdempotencyRef): Promise<IdempotentCreateOutcome> {
    return createAssessmentIdempotent(this.db, input, audit, idempotency);
  }

  saveAnswer(assessmentId: string, answer: AnswerInput, audit: AuditContext, condition?: WriteCondition, at?: Date): Promise<{ version: number }> {
    return saveAnswer(this.db, assessmentId, answer, audit, condition, at);
  }

  complete(assessmentId: string, audit: AuditContext, finalise?: CompletionCheck, condition?: WriteCondition, at?: Date): Promise<AssessmentRecord> {
    return completeAssessment(this.db, assessmentId, audit, finalise, condition, at);
  }

  discard(assessmentId: string, reason: string, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord> {
    return discardDraft(this.db, assessmentId, reason, audit, condition);
  }

  chooseVersion(assessmentId: string, choice: VersionChoice, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord> {
    return chooseVersion(this.db, assessmentId, choice, audit, condition);
  }

  get(assessmentId: string, audit: AuditContext, decidedOn?: AccessFacts, action?: 'assessment.read' | 'assessment.document'): Promise<AssessmentRecord | undefined> {
    return getAssessment(this.db, assessmentId, audit, decidedOn, action);
  }

  ownership(assessmentId: string): Promise<AssessmentOwnership | undefined> {
    return assessmentOwnership(this.db, assessmentId);
  }

  caseRegion(caseNumber: string): Promise<PoliceRegion | undefined> {
    return caseRegion(this.db, caseNumber);
  }

  latestCompletedId(caseNumber: string, instrumentId: string): Promise<string | undefined> {
    return latestCompletedId(this.db, caseNumber, instrumentId);
  }

  listByCasePage(caseNumber: string, audit: AuditContext, page: CaseListPageRequest): Promise<CaseListPage> {
    return listCaseAssessments(this.db, caseNumber, audit, page);
  }

  auditTrail(entityType: AuditRow['entityType'], entityId: string, audit?: AuditContext): Promise<AuditRow[]> {
    return auditTrail(this.db, entityType, entityId, audit);
  }
}
