// A change of a case's status or violence type, under the case's row lock:
// the rules of api/caseChangeRules.ts decide on the case as it stands, and a
// closing ends the protection work (active plans close, planned
// re-assessments are cancelled) in the same transaction.
import { appendAudit, type AuditContext } from './auditLog.js';
import { caseChangeRefusal, closesCase, NO_OPEN_WORK, type CaseChange, type OpenWork } from './caseChangeRules.js';
import { SETTLED_MEASURE_STATUSES, type CaseStatus, type ViolenceType } from './caseDomain.js';
import { CaseChangeRefusedError, CaseRepositoryError, type CaseRecord } from './caseRepository.js';
import type { Database, Queryable } from './database.js';
import { readCase } from './sqlCaseRecord.js';

/** What stands in the way of closing a case: its drafts, and the unsettled measures of its active plans. */
async function openWorkOf(tx: Queryable, caseId: string): Promise<OpenWork> {
  const { rows } = await tx.query<{ drafts: number; unsettled: number }>(
    `SELECT (SELECT count(*)::int FROM assessments WHERE case_id = $1 AND status = 'draft') AS drafts,
            (SELECT count(*)::int FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id
              WHERE p.case_id = $1 AND p.status = 'active' AND m.status <> ALL ($2::text[])) AS unsettled`,
    [caseId, SETTLED_MEASURE_STATUSES],
  );
  return { draftAssessments: rows[0]!.drafts, unsettledMeasures: rows[0]!.unsettled };
}

export function updateCase(db: Database, caseId: string, change: CaseChange, audit: AuditContext, expectedVersions?: readonly number[]): Promise<CaseRecord> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: CaseStatus; violence_type: ViolenceType | null; version: number }>(
      'SELECT status, violence_type, version FROM cases WHERE id = $1 FOR UPDATE',
      [caseId],
    );
    const current = rows[0];
    if (!current) throw new CaseRepositoryError('not_found', `case ${caseId} does not exist`);
    if (expectedVersions && !expectedVersions.includes(current.version)) {
      throw new CaseRepositoryError('version_mismatch', `the case is at version ${current.version}`);
    }
    const closing = closesCase(current.status, change);
    // Counted under the case's lock: a new assessment or plan references the case row and waits for it.
    const refusal = caseChangeRefusal(current.status, change, closing ? await openWorkOf(tx, caseId) : NO_OPEN_WORK);
    if (refusal) throw new CaseChangeRefusedError(refusal);
    const status = change.status ?? current.status;
    const violenceType = change.violenceType ?? current.violence_type;
    const changed = [...(status !== current.status ? ['status'] : []), ...(violenceType !== current.violence_type ? ['violenceType'] : [])];
    let closedPlanIds: string[] = [];
    if (closing) {
      // Every measure of these plans is settled (or the rules refused above): the protection work is over.
      const closed = await tx.query<{ id: string }>(
        `UPDATE protection_plans SET status = 'closed', closed_at = now(), updated_at = now()
         WHERE case_id = $1 AND status = 'active' RETURNING id`,
        [caseId],
      );
      closedPlanIds = closed.rows.map((r) => r.id).sort();
      await tx.query(`UPDATE reassessments SET status = 'cancelled' WHERE case_id = $1 AND status = 'planned'`, [caseId]);
    }
    if (changed.length > 0) {
      await tx.query(
        `UPDATE cases SET status = $2::text, violence_type = $3::text, version = version + 1, updated_at = now(),
                closed_at = CASE WHEN $2::text = 'closed' THEN coalesce(closed_at, now()) ELSE NULL END
         WHERE id = $1`,
        [caseId, status, violenceType],
      );
    }
    // Which fields changed, not the violence type itself: the row tells what happened, the case holds what it is.
    await appendAudit(tx, audit, 'case.update', { type: 'case', id: caseId }, {
      from: current.status,
      to: status,
      changed,
      ...(closedPlanIds.length > 0 ? { closedPlanIds } : {}),
    });
    return readCase(tx, caseId);
  });
}
