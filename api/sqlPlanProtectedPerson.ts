// Whom a protection plan protects: the one check that a person may be the
// protected person of a plan of the case (a person of that case, in a role a
// plan protects — never the threat actor or the suspect), used when a plan is
// made and when its person is set or changed afterwards. Work lists and
// reminders gate on the plan's person (protected identity), so a plan made
// without one must be able to name one later — one no other active plan of
// the case protects (api/sqlActivePlanOfPerson.ts).
import { appendAudit, type AuditContext } from './auditLog.js';
import { NOT_PROTECTABLE, PROTECTABLE_ROLES, type PersonRole } from './caseDomain.js';
import { CaseRepositoryError, type PlanRecord } from './caseRepository.js';
import type { Database, Queryable } from './database.js';
import { activePlansOfPerson, lockCasePlans } from './sqlActivePlanOfPerson.js';
import { translateConstraints } from './sqlCaseConstraints.js';
import { lockOpenCase } from './sqlOpenCaseLock.js';
import { readPlan } from './sqlPlanRecord.js';
import { UUID_PATTERN } from './uuidPattern.js';

/** The role of the person a plan of the case may protect, or throws 'invalid_reference'. */
export async function protectableRoleOf(tx: Queryable, caseId: string, personId: string): Promise<PersonRole> {
  const { rows } = UUID_PATTERN.test(personId) ? await tx.query<{ role: PersonRole }>('SELECT role FROM case_persons WHERE id = $1 AND case_id = $2', [personId, caseId]) : { rows: [] };
  const role = rows[0]?.role;
  if (!role || !(PROTECTABLE_ROLES as readonly string[]).includes(role)) {
    throw new CaseRepositoryError('invalid_reference', NOT_PROTECTABLE);
  }
  return role;
}

/**
 * Sets (or, with null, clears) the person an active plan protects. Throws 'case_closed' for a closed
 * case, 'plan_closed' for a plan a later one took over (its record stays as it was), 'invalid_reference'
 * for a person the plan cannot protect, 'person_has_plan' for a person (or, null, no one) another active
 * plan of the case protects. The audit row names the person ids before and after.
 */
export function setProtectedPerson(db: Database, planId: string, personId: string | null, audit: AuditContext): Promise<PlanRecord> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      await lockOpenCase(tx, 'plan', planId);
      const caseOf = await tx.query<{ case_id: string }>('SELECT case_id FROM protection_plans WHERE id = $1', [planId]);
      await lockCasePlans(tx, caseOf.rows[0]!.case_id);
      const { rows } = await tx.query<{ case_id: string; status: string; protected_person_id: string | null }>(
        'SELECT case_id, status, protected_person_id FROM protection_plans WHERE id = $1 FOR UPDATE',
        [planId],
      );
      const plan = rows[0]!;
      if (plan.status !== 'active') throw new CaseRepositoryError('plan_closed', `plan ${planId} is closed`);
      const role = personId === null ? null : await protectableRoleOf(tx, plan.case_id, personId);
      // A correction of whom the plan protects never closes another plan: the officer settles which plan is that person's.
      if ((await activePlansOfPerson(tx, plan.case_id, personId)).some((p) => p.id !== planId)) {
        throw new CaseRepositoryError('person_has_plan', 'another active plan of the case protects that person');
      }
      await tx.query('UPDATE protection_plans SET protected_person_id = $2, protected_person_role = $3, updated_at = now() WHERE id = $1', [planId, personId, role]);
      await appendAudit(tx, audit, 'plan.protected_person', { type: 'plan', id: planId }, { caseId: plan.case_id, from: plan.protected_person_id, to: personId });
      return readPlan(tx, planId);
    }),
  );
}
