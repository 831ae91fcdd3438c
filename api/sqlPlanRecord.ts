// A protection plan as the API returns it: whom it protects (by role and
// protected-identity flag, never a name), its measures, and its re-assessment
// — the planned one, else the latest. Not audited here: callers decide.
import type { PersonRole, PlanStatus, ReassessmentStatus } from './caseDomain.js';
import { CaseRepositoryError, type PlanRecord } from './caseRepository.js';
import type { Queryable } from './database.js';
import { readPlanMeasures } from './sqlProtectionMeasures.js';

interface PlanRow {
  id: string;
  case_id: string;
  assessment_id: string;
  protected_person_id: string | null;
  protected_person_role: PersonRole | null;
  protected_identity: boolean;
  status: PlanStatus;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
}

export async function readPlan(q: Queryable, planId: string): Promise<PlanRecord> {
  const { rows } = await q.query<PlanRow>(
    `SELECT p.id, p.case_id, p.assessment_id, p.protected_person_id, p.protected_person_role, coalesce(cp.protected_identity, false) AS protected_identity,
            p.status, p.created_by, p.created_at, p.updated_at, p.closed_at, p.close_reason
     FROM protection_plans p LEFT JOIN case_persons cp ON cp.id = p.protected_person_id WHERE p.id = $1`,
    [planId],
  );
  const row = rows[0];
  if (!row) throw new CaseRepositoryError('not_found', `plan ${planId} does not exist`);
  const measures = await readPlanMeasures(q, planId);
  const schedule = await q.query<{ id: string; due_on: string; status: ReassessmentStatus; derived_due_on: string; own_date_reason: string | null; done_assessment_id: string | null; done_on: string | null; days_from_due: number | null }>(
    `SELECT id, due_on::text AS due_on, status, derived_due_on::text AS derived_due_on, own_date_reason, done_assessment_id, done_on::text AS done_on, days_from_due FROM reassessments WHERE plan_id = $1
     ORDER BY (status = 'planned') DESC, due_on DESC LIMIT 1`,
    [planId],
  );
  const next = schedule.rows[0];
  return {
    id: row.id,
    caseId: row.case_id,
    assessmentId: row.assessment_id,
    protectedPersonId: row.protected_person_id,
    protectedPerson: row.protected_person_role ? { role: row.protected_person_role, protectedIdentity: row.protected_identity } : null,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    measures,
    reassessment: next
      ? {
          id: next.id,
          dueOn: next.due_on,
          status: next.status,
          derivedDueOn: next.derived_due_on,
          ownDateReason: next.own_date_reason,
          doneAssessmentId: next.done_assessment_id,
          doneOn: next.done_on,
          daysFromDue: next.days_from_due === null ? null : Number(next.days_from_due),
        }
      : null,
  };
}
