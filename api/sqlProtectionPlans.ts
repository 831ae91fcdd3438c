// Reading protection plans: one, or a case's plans (those protecting a
// protected person only for a caller who may see them), each read audited;
// and the facts the access policy decides on, read without an audit row.
import { appendAudit, type AuditContext } from './auditLog.js';
import type { PlanAccessFacts, PlanRecord } from './caseRepository.js';
import type { Database } from './database.js';
import type { PoliceRegion } from './policeRegions.js';
import { readPlan } from './sqlPlanRecord.js';
import { UUID_PATTERN } from './uuidPattern.js';

export async function planAccessFacts(db: Database, planId: string): Promise<PlanAccessFacts | undefined> {
  if (!UUID_PATTERN.test(planId)) return undefined;
  const { rows } = await db.query<{ case_id: string; assessment_id: string; protected_identity: boolean; region: PoliceRegion; assigned: string[]; cleared: string[] }>(
    `SELECT p.case_id, p.assessment_id, coalesce(cp.protected_identity, false) AS protected_identity, c.region,
            coalesce((SELECT array_agg(officer_id ORDER BY officer_id) FROM case_assignments ca WHERE ca.case_id = c.id), '{}') AS assigned,
            coalesce((SELECT array_agg(officer_id ORDER BY officer_id) FROM case_assignments ca WHERE ca.case_id = c.id AND ca.protected_access <> 'none'), '{}') AS cleared
     FROM protection_plans p JOIN cases c ON c.id = p.case_id
     LEFT JOIN case_persons cp ON cp.id = p.protected_person_id
     WHERE p.id = $1`,
    [planId],
  );
  const row = rows[0];
  return row ? { planId, caseId: row.case_id, assessmentId: row.assessment_id, protectedIdentity: row.protected_identity, region: row.region, assignedOfficerIds: row.assigned, clearedOfficerIds: row.cleared } : undefined;
}

export async function planIdOfAssessment(db: Database, assessmentId: string): Promise<string | undefined> {
  if (!UUID_PATTERN.test(assessmentId)) return undefined;
  const { rows } = await db.query<{ id: string }>('SELECT id FROM protection_plans WHERE assessment_id = $1', [assessmentId]);
  return rows[0]?.id;
}

export function getPlan(db: Database, planId: string, audit: AuditContext): Promise<PlanRecord> {
  return db.transaction(async (tx) => {
    const plan = await readPlan(tx, planId);
    await appendAudit(tx, audit, 'plan.read', { type: 'plan', id: planId }, { caseId: plan.caseId });
    return plan;
  });
}

export function listPlans(db: Database, caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PlanRecord[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT p.id FROM protection_plans p LEFT JOIN case_persons cp ON cp.id = p.protected_person_id
       WHERE p.case_id = $1 AND ($2 OR NOT coalesce(cp.protected_identity, false))
       ORDER BY p.created_at, p.id`,
      [caseId, includeProtected],
    );
    const plans: PlanRecord[] = [];
    for (const { id } of rows) {
      plans.push(await readPlan(tx, id));
      // One row per plan consulted, as a read of each would write.
      await appendAudit(tx, audit, 'plan.read', { type: 'plan', id }, { caseId });
    }
    return plans;
  });
}
