// The officer's own date for a plan's planned re-assessment, decided under
// the re-assessment's row lock against the date the plan was made with. The
// audit row keeps the dates; the reason stays in its table.
import { appendAudit, type AuditContext } from './auditLog.js';
import { CaseRepositoryError, type OwnReassessmentDate, type PlanRecord } from './caseRepository.js';
import type { Database } from './database.js';
import { translateConstraints } from './sqlCaseConstraints.js';
import { lockOpenCase } from './sqlOpenCaseLock.js';
import { readPlan } from './sqlPlanRecord.js';

export function setReassessmentDate(
  db: Database,
  planId: string,
  date: OwnReassessmentDate,
  rule: (derivedDueOn: string) => { ok: true } | { ok: false; reason: string },
  audit: AuditContext,
): Promise<{ status: 'set'; plan: PlanRecord } | { status: 'refused'; reason: string }> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      await lockOpenCase(tx, 'plan', planId);
      // The plan's row before its re-assessment's, as a new plan taking over from this one locks them (api/sqlPlanCreation.ts):
      // in the other order each waits for the other.
      await tx.query('SELECT 1 FROM protection_plans WHERE id = $1 FOR NO KEY UPDATE', [planId]);
      const planned = await tx.query<{ id: string; derived_due_on: string }>(
        `SELECT id, derived_due_on::text AS derived_due_on FROM reassessments WHERE plan_id = $1 AND status = 'planned' FOR UPDATE`,
        [planId],
      );
      const row = planned.rows[0];
      if (!row) throw new CaseRepositoryError('not_planned', `plan ${planId} has no planned re-assessment`);
      const ruling = rule(row.derived_due_on);
      if (!ruling.ok) return { status: 'refused' as const, reason: ruling.reason };
      // The plan's own date needs no reason; a reason given with it is not kept.
      const reason = date.dueOn === row.derived_due_on ? null : date.reason;
      await tx.query('UPDATE reassessments SET due_on = $2::date, own_date_reason = $3 WHERE id = $1', [row.id, date.dueOn, reason]);
      await tx.query('UPDATE protection_plans SET updated_at = now() WHERE id = $1', [planId]);
      // The dates only: the reason may tell about people and stays in its table.
      await appendAudit(tx, audit, 'reassessment.date', { type: 'plan', id: planId }, { dueOn: date.dueOn, derivedDueOn: row.derived_due_on });
      return { status: 'set' as const, plan: await readPlan(tx, planId) };
    }),
  );
}
