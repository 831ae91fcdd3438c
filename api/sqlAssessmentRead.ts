// Reading one assessment with its answers as a consultation: one statement
// with its audit row, guarded by the facts access was decided on.
import { RepositoryError, type AccessFacts, type AssessmentRecord } from './assessmentRepository.js';
import { AUDIT_ROW_COLUMNS, auditRowValues, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import { accessFactsGuard, accessFactsParams } from './sqlAccessFactsGuard.js';
import { readAssessmentSummary, SELECT_SUMMARY, toAnswer, toSummary, type AnswerRow, type SummaryRow } from './sqlAssessmentRecord.js';
import { UUID_PATTERN } from './uuidPattern.js';

/**
 * One statement, like saveAnswer: the assessment, its answers and the
 * consultation's audit row, guarded by the facts access was decided on.
 */
export async function getAssessment(db: Database, assessmentId: string, audit: AuditContext, decidedOn?: AccessFacts, action: 'assessment.read' | 'assessment.document' = 'assessment.read'): Promise<AssessmentRecord | undefined> {
  if (!UUID_PATTERN.test(assessmentId)) return undefined;
  const { rows } = await db.query<SummaryRow & { answers: (Omit<AnswerRow, 'answered_at'> & { answered_at: string })[] }>(
    `WITH found AS (
       ${SELECT_SUMMARY}
       WHERE a.id = $1 AND ${accessFactsGuard(2)}
     ), audit AS (
       INSERT INTO audit_log ${AUDIT_ROW_COLUMNS}
       SELECT $10, $11, $12, $13, $14, $15, $16::jsonb FROM found
     )
     SELECT found.*,
            (SELECT coalesce(json_agg(json_build_object('item_id', item_id, 'value', value, 'rationale', rationale,
                                                        'answered_by', answered_by, 'answered_at', answered_at)
                                      ORDER BY answered_at, item_id), '[]'::json)
             FROM assessment_answers WHERE assessment_id = found.id) AS answers
     FROM found`,
    [
      assessmentId,
      ...accessFactsParams(decidedOn),
      ...auditRowValues(audit, action, { type: 'assessment', id: assessmentId }),
    ],
    { prepareAs: 'assessment_get' },
  );
  const row = rows[0];
  if (row) {
    const { answers, ...summary } = row;
    return { ...toSummary(summary), answers: answers.map((a) => toAnswer({ ...a, answered_at: new Date(a.answered_at) })) };
  }
  if (decidedOn === undefined) return undefined;
  const current = await readAssessmentSummary(db, assessmentId);
  if (!current) return undefined;
  throw new RepositoryError('access_facts_changed', `Assessment ${assessmentId} changed owner, region or instrument since access was decided`);
}
