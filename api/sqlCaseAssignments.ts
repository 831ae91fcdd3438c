// Who is assigned to a case, and who among them may see its protected
// persons: an assignment by a cleared officer entitled to open them, or the
// officer's own reasoned break-glass (recording the case's first protected
// person is api/sqlCasePersons.ts). An assignment is who may read the case, so a
// closed case still takes one.
import { appendAudit, type AuditContext } from './auditLog.js';
import { CaseRepositoryError, type BreakGlassOutcome, type CaseRecord } from './caseRepository.js';
import type { Database, Queryable } from './database.js';
import type { Officer } from './principal.js';
import { recordNotices } from './noticeOutbox.js';
import { readCase } from './sqlCaseRecord.js';
import { bumpCaseVersion } from './sqlCaseVersionBump.js';
import { translateConstraints } from './sqlCaseConstraints.js';

/** Only provisioned, active officers are assigned or open anything. */
async function requireActiveOfficer(tx: Queryable, officerId: string): Promise<void> {
  const officer = await tx.query<{ active: boolean }>('SELECT active FROM officers WHERE id = $1', [officerId]);
  if (!officer.rows[0]?.active) throw new CaseRepositoryError('invalid_reference', 'the officer is not provisioned or not active');
}

export function assignOfficer(db: Database, caseId: string, target: Officer, audit: AuditContext, opensProtected: boolean): Promise<CaseRecord> {
  const officerId = target.id;
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      await requireActiveOfficer(tx, officerId);
      // A repeat changes nothing, unless it now opens protected persons for an officer assigned without.
      const written = await tx.query(
        `INSERT INTO case_assignments (case_id, officer_id, assigned_by, protected_access, protected_access_at)
         VALUES ($1, $2, $3, CASE WHEN $4::boolean THEN 'assigned' ELSE 'none' END, CASE WHEN $4::boolean THEN now() END)
         ON CONFLICT (case_id, officer_id) DO UPDATE SET protected_access = 'assigned', protected_access_at = now(), assigned_by = EXCLUDED.assigned_by
           WHERE $4::boolean AND case_assignments.protected_access = 'none'`,
        [caseId, officerId, audit.actorId, opensProtected],
      );
      if (written.rowCount === 1) await bumpCaseVersion(tx, caseId);
      // The officer id is a pseudonymous work identity, not data about a person in the case.
      await appendAudit(tx, audit, 'case.assign', { type: 'case', id: caseId }, { officerId, changed: written.rowCount === 1, opensProtected });
      return readCase(tx, caseId);
    }),
  );
}

export function breakGlass(db: Database, caseId: string, officerId: string, reason: string, audit: AuditContext): Promise<BreakGlassOutcome> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      await requireActiveOfficer(tx, officerId);
      const written = await tx.query(
        `INSERT INTO case_assignments (case_id, officer_id, assigned_by, protected_access, protected_access_at, break_glass_reason)
         VALUES ($1, $2, $2, 'break_glass', now(), $3)
         ON CONFLICT (case_id, officer_id) DO UPDATE SET protected_access = 'break_glass', protected_access_at = now(), break_glass_reason = EXCLUDED.break_glass_reason
           WHERE case_assignments.protected_access = 'none'`,
        [caseId, officerId, reason],
      );
      if (written.rowCount === 1) {
        await bumpCaseVersion(tx, caseId);
        // The case's other officers are told (api/breakGlassNotifier.ts), recorded with the break-glass so no crash loses it.
        const others = await tx.query<{ officer_id: string }>('SELECT officer_id FROM case_assignments WHERE case_id = $1 AND officer_id <> $2', [caseId, officerId]);
        await recordNotices(tx, { kind: 'break_glass', caseId, subjectId: officerId, viaId: audit.viaId }, others.rows.map((r) => r.officer_id));
      }
      // The reason goes on the row too (checked free text, no personal identity number): an auditor judges it there.
      await appendAudit(tx, audit, 'case.break_glass', { type: 'case', id: caseId }, { officerId, changed: written.rowCount === 1, reason });
      return { record: await readCase(tx, caseId), opened: written.rowCount === 1 };
    }),
  );
}
