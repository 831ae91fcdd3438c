// The officer's answer to a newer method version for a draft: stay, or move
// to it and drop the answers that do not carry over, under the draft's lock.
import type { AssessmentRecord, VersionChoice, WriteCondition } from './assessmentRepository.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import { readAssessment } from './sqlAssessmentRecord.js';
import { lockDraft } from './sqlDraftLock.js';

export function chooseVersion(db: Database, assessmentId: string, choice: VersionChoice, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord> {
  return db.transaction(async (tx) => {
    await lockDraft(tx, assessmentId, condition);
    const before = (await readAssessment(tx, assessmentId))!;
    const drop = choice.move ? choice.migrate(before.answers).drop : [];
    for (const itemId of drop) await tx.query('DELETE FROM assessment_answers WHERE assessment_id = $1 AND item_id = $2', [assessmentId, itemId]);
    if (choice.move) {
      await tx.query(
        'UPDATE assessments SET pack_version = $2, pack_hash = $3, version_choice = $2, updated_at = now(), version = version + 1 WHERE id = $1',
        [assessmentId, choice.offered, choice.packHash],
      );
    } else {
      await tx.query('UPDATE assessments SET version_choice = $2, updated_at = now(), version = version + 1 WHERE id = $1', [assessmentId, choice.offered]);
    }
    // Versions and item ids only: the answers themselves stay in their table.
    await appendAudit(tx, audit, 'assessment.version_choice', { type: 'assessment', id: assessmentId }, {
      from: before.pack.version,
      offered: choice.offered,
      moved: choice.move,
      ...(drop.length ? { droppedItemIds: drop } : {}),
    });
    return (await readAssessment(tx, assessmentId))!;
  });
}
