// Saving one answer of a draft: the hot path of the dialog, one statement
// with its version bump, active time, mode and audit row; and, only when nothing
// was written, the reason why.
import { RepositoryError, type AnswerInput, type WriteCondition } from './assessmentRepository.js';
import { activeGapLimitSeconds, activeTimeUpdateSql } from './activeTime.js';
import { AUDIT_ROW_COLUMNS, auditRowValues, type AuditContext } from './auditLog.js';
import type { CaseStatus } from './caseDomain.js';
import type { Database } from './database.js';
import { accessFactsGuard, accessFactsParams, sameAccessFacts } from './sqlAccessFactsGuard.js';
import { readAssessmentSummary } from './sqlAssessmentRecord.js';
import { caseClosed } from './sqlDraftLock.js';
import { UUID_PATTERN } from './uuidPattern.js';

/**
 * One statement, so one round trip and the implicit transaction of a single
 * statement: the version bump (which takes the row lock and re-checks its
 * conditions under it), the answer upsert and the audit row happen together
 * or not at all. Only when nothing was written is the row read again, to say why.
 * PostgreSQL writes the audit row before the answer (the CTEs the main query does not read run last, the
 * later first): that is the order of api/auditLog.ts still, as the answer's row is reached only under the
 * draft's row lock, which the bump holds by then.
 * The case's status is read, not locked, as in lockDraft() (api/sqlDraftLock.ts): while the draft
 * exists the case cannot close.
 */
export async function saveAnswer(db: Database, assessmentId: string, answer: AnswerInput, audit: AuditContext, condition: WriteCondition = {}, at?: Date): Promise<{ version: number }> {
  if (!UUID_PATTERN.test(assessmentId)) throw new RepositoryError('not_found', `Assessment ${assessmentId} does not exist`);
  const facts = condition.decidedOn;
  const { rows } = await db.query<{ version: number }>(
    `WITH bump AS (
       UPDATE assessments a SET updated_at = now(), version = a.version + 1,
         ${activeTimeUpdateSql('a', 'coalesce($22::timestamptz, now())', '$23')},
         mode = CASE WHEN $24::text IS NULL OR a.mode = $24::text THEN a.mode ELSE 'mixed' END
       FROM cases c
       WHERE a.id = $1 AND c.id = a.case_id AND a.status = 'draft' AND c.status <> 'closed'
         AND ($2::int[] IS NULL OR a.version = ANY ($2::int[]))
         AND ${accessFactsGuard(3)}
       RETURNING a.id, a.version
     ), answer AS (
       INSERT INTO assessment_answers (assessment_id, item_id, value, rationale, answered_by)
       SELECT bump.id, $11, $12::jsonb, $13, $14 FROM bump
       ON CONFLICT (assessment_id, item_id) DO UPDATE SET
         value = EXCLUDED.value, rationale = EXCLUDED.rationale,
         answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at
     ), audit AS (
       INSERT INTO audit_log ${AUDIT_ROW_COLUMNS}
       SELECT $15, $16, $17, $18, $19, $20, $21::jsonb FROM bump
     )
     SELECT version FROM bump`,
    [
      assessmentId,
      condition.expectedVersions === undefined ? null : [...condition.expectedVersions],
      ...accessFactsParams(facts),
      answer.itemId,
      JSON.stringify(answer.value),
      answer.rationale,
      audit.actorId,
      // The item id only: the value and rationale are personal data and stay in their table.
      ...auditRowValues(audit, 'assessment.answer', { type: 'assessment', id: assessmentId }, { itemId: answer.itemId }),
      at ?? null,
      activeGapLimitSeconds(answer.answersInMessage),
      answer.mode ?? null,
    ],
    // Parsing and planning this CTE is a large share of its cost (about a third, measured).
    { prepareAs: 'assessment_save_answer' },
  );
  if (rows[0]) return { version: rows[0].version };
  throw await whyNotWritten(db, assessmentId, condition);
}

/** Why a guarded change wrote nothing; versions are compared before the status, and the status before the case's, as lockDraft does. */
async function whyNotWritten(db: Database, assessmentId: string, condition: WriteCondition): Promise<RepositoryError> {
  const current = await readAssessmentSummary(db, assessmentId);
  if (!current) return new RepositoryError('not_found', `Assessment ${assessmentId} does not exist`);
  const facts = condition.decidedOn;
  if (facts !== undefined && !sameAccessFacts(facts, current)) {
    return new RepositoryError('access_facts_changed', `Assessment ${assessmentId} changed owner, region or instrument since access was decided`);
  }
  if (condition.expectedVersions !== undefined && !condition.expectedVersions.includes(current.version)) {
    return new RepositoryError('version_mismatch', `Assessment ${assessmentId} is at version ${current.version}, not ${condition.expectedVersions.join(' or ')}`);
  }
  if (current.status !== 'draft') return new RepositoryError('not_draft', `Assessment ${assessmentId} is ${current.status}, not a draft`);
  const caseStatus = await db.query<{ status: CaseStatus }>('SELECT c.status FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1', [assessmentId]);
  if (caseStatus.rows[0]?.status === 'closed') return caseClosed(assessmentId);
  // Everything holds again a moment later (a region moved and moved back): let the caller decide afresh.
  return new RepositoryError('access_facts_changed', `Assessment ${assessmentId} changed while the answer was saved`);
}
