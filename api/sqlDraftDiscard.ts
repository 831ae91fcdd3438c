// Discarding a draft with the officer's reason: the draft and its answers
// stay until retention erases them; the reason stays off the audit row.
import type { AssessmentRecord, WriteCondition } from './assessmentRepository.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import { readAssessment } from './sqlAssessmentRecord.js';
import { lockDraft } from './sqlDraftLock.js';

export function discardDraft(db: Database, assessmentId: string, reason: string, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord> {
  return db.transaction(async (tx) => {
    await lockDraft(tx, assessmentId, condition);
    await tx.query(
      `UPDATE assessments SET status = 'discarded', discarded_at = now(), discard_reason = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
      [assessmentId, reason],
    );
    // No reason on the audit row: it is the officer's free text and stays on the assessment.
    await appendAudit(tx, audit, 'assessment.discard', { type: 'assessment', id: assessmentId });
    return (await readAssessment(tx, assessmentId))!;
  });
}
