// Completing a draft: under the row lock the method decides what to discard,
// what to derive and whether to refer the case to Bops; the completion, its
// audit row and the referral — or, for an in-depth assessment, the escalations
// it concludes — are written together or not at all.
import type { AssessmentRecord, CompletionCheck, WriteCondition } from './assessmentRepository.js';
import { activeGapLimitSeconds, activeTimeUpdateSql } from './activeTime.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import { recordNotices } from './noticeOutbox.js';
import { assessmentAnswersReferral } from './referralAwaitingAssessment.js';
import { readAssessment } from './sqlAssessmentRecord.js';
import { lockDraft } from './sqlDraftLock.js';

export function completeAssessment(
  db: Database,
  assessmentId: string,
  audit: AuditContext,
  finalise: CompletionCheck = () => ({ discard: [] }),
  condition?: WriteCondition,
  at?: Date,
): Promise<AssessmentRecord> {
  return db.transaction(async (tx) => {
    await lockDraft(tx, assessmentId, condition);
    // Checked under the row lock, so no answer can change between the check and the completion.
    const draft = (await readAssessment(tx, assessmentId))!;
    const { discard, derived, referral } = finalise(draft.answers);
    for (const itemId of discard) {
      await tx.query('DELETE FROM assessment_answers WHERE assessment_id = $1 AND item_id = $2', [assessmentId, itemId]);
    }
    await tx.query(
      `UPDATE assessments SET status = 'completed', completed_at = now(), updated_at = now(), version = version + 1, derived = $2::jsonb,
         ${activeTimeUpdateSql('assessments', 'coalesce($3::timestamptz, now())', '$4')}
       WHERE id = $1`,
      [assessmentId, derived === undefined ? null : JSON.stringify(derived), at ?? null, activeGapLimitSeconds()],
    );
    // Every row this completion locks is locked before its first audit row (the order: api/auditLog.ts).
    let referred: { id: string; case_id: string } | undefined;
    if (referral) {
      // Issue 12: the referral to the Bops officers of the case's region, with the completion or not at all.
      const { rows } = await tx.query<{ id: string; case_id: string }>(
        `INSERT INTO referrals (case_id, assessment_id, region, referred_by, red_flag_item_ids)
         SELECT a.case_id, a.id, c.region, a.officer_id, $2::text[] FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1
         RETURNING id, case_id`,
        [assessmentId, referral.redFlagItemIds],
      );
      referred = rows[0]!;
    }
    if (draft.level === 'in_depth') {
      // Issue 12, item 6: the case's escalations this assessment answers — made before it was begun, as the
      // work list counts them (api/referralAwaitingAssessment.ts) — still open are concluded by it, once;
      // whoever escalated them (unless it was the specialist) is told (api/escalationNotifier.ts).
      const { rows } = await tx.query<{ case_id: string; referred_by: string }>(
        `UPDATE referrals r SET concluded_by = a.id FROM assessments a
          WHERE a.id = $1 AND r.kind = 'in_depth' AND r.concluded_by IS NULL AND ${assessmentAnswersReferral('a', 'r')}
         RETURNING r.case_id, r.referred_by`,
        [assessmentId],
      );
      const told = rows.filter((r) => r.referred_by !== draft.officerId).map((r) => r.referred_by);
      if (rows[0]) await recordNotices(tx, { kind: 'escalation_completed', caseId: rows[0].case_id, subjectId: assessmentId, viaId: audit.viaId }, told);
    }
    await appendAudit(tx, audit, 'assessment.complete', { type: 'assessment', id: assessmentId }, discard.length ? { discardedItemIds: discard } : {});
    if (referred) await appendAudit(tx, audit, 'referral.create', { type: 'case', id: referred.case_id }, { referralId: referred.id, assessmentId });
    return (await readAssessment(tx, assessmentId))!;
  });
}
