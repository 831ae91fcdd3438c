// An officer ends a protection plan by hand, with a reason: the person no
// longer needs it (moved, the threat gone), or an omprövning named someone
// else and this plan, which no new plan takes over (api/sqlActivePlanOfPerson.ts),
// would otherwise stay active — its measures in the work list and reminders.
// The plan closes as a takeover closes it (api/sqlPlanCreation.ts), but its
// planned re-assessment is cancelled, as a case's closing cancels it
// (api/sqlCaseUpdate.ts): no assessment did it.
import { appendAudit, type AuditContext } from './auditLog.js';
import { CaseRepositoryError, type PlanRecord } from './caseRepository.js';
import type { Database } from './database.js';
import { lockCasePlans } from './sqlActivePlanOfPerson.js';
import { translateConstraints } from './sqlCaseConstraints.js';
import { lockOpenCase } from './sqlOpenCaseLock.js';
import { readPlan } from './sqlPlanRecord.js';

/**
 * Closes an active plan with the officer's reason. Throws 'not_found', 'case_closed' for a closed case,
 * 'plan_closed' for a plan already closed. The reason stays on the plan's row; the audit row names the
 * plan and its case only.
 */
export function closePlan(db: Database, planId: string, reason: string, audit: AuditContext): Promise<PlanRecord> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      // Every row lock before the audit row (appendAudit): the case, the case's plans, this plan, its re-assessment.
      await lockOpenCase(tx, 'plan', planId);
      const caseOf = await tx.query<{ case_id: string }>('SELECT case_id FROM protection_plans WHERE id = $1', [planId]);
      const caseId = caseOf.rows[0]!.case_id;
      await lockCasePlans(tx, caseId);
      const { rows } = await tx.query<{ status: string }>('SELECT status FROM protection_plans WHERE id = $1 FOR UPDATE', [planId]);
      if (rows[0]!.status !== 'active') throw new CaseRepositoryError('plan_closed', `plan ${planId} is closed`);
      await tx.query(`UPDATE protection_plans SET status = 'closed', closed_at = now(), close_reason = $2, updated_at = now() WHERE id = $1`, [planId, reason]);
      await tx.query(`UPDATE reassessments SET status = 'cancelled' WHERE plan_id = $1 AND status = 'planned'`, [planId]);
      await appendAudit(tx, audit, 'plan.close', { type: 'plan', id: planId }, { caseId });
      return readPlan(tx, planId);
    }),
  );
}
