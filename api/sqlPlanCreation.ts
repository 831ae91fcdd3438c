// A protection plan for a completed assessment of an open case, with its
// measures and re-assessment date. It takes over from the case's active plan
// protecting the same person (the rule: api/sqlActivePlanOfPerson.ts), and an
// omprövning does the planned re-assessment of the plans it re-assesses — all
// in one transaction.
import { appendAudit, type AuditContext } from './auditLog.js';
import { CaseRepositoryError, type NewPlan, type PlanRecord } from './caseRepository.js';
import type { Database } from './database.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { activePlansOfPerson, lockCasePlans } from './sqlActivePlanOfPerson.js';
import { planExists, translateConstraints } from './sqlCaseConstraints.js';
import { lockOpenCase } from './sqlOpenCaseLock.js';
import { protectableRoleOf } from './sqlPlanProtectedPerson.js';
import { readPlan } from './sqlPlanRecord.js';
import { insertMeasure } from './sqlProtectionMeasures.js';
import { UUID_PATTERN } from './uuidPattern.js';

export function createPlan(db: Database, input: NewPlan, audit: AuditContext): Promise<PlanRecord> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      await lockOpenCase(tx, 'case', input.caseId);
      await lockCasePlans(tx, input.caseId);
      if (!UUID_PATTERN.test(input.assessmentId)) throw new CaseRepositoryError('invalid_reference', 'no such assessment in the case');
      const assessment = await tx.query<{ status: string; completed_at: Date | null }>('SELECT status, completed_at FROM assessments WHERE id = $1 AND case_id = $2', [input.assessmentId, input.caseId]);
      if (!assessment.rows[0]) throw new CaseRepositoryError('invalid_reference', 'no such assessment in the case');
      if (assessment.rows[0].status !== 'completed') throw new CaseRepositoryError('not_completed', 'a plan answers a completed assessment');
      // Checked here for the usual retry (two creates of one case take turns above); the unique key stands behind it.
      const existing = await tx.query('SELECT 1 FROM protection_plans WHERE assessment_id = $1', [input.assessmentId]);
      if (existing.rows.length > 0) throw planExists();
      const personRole = input.protectedPersonId === null ? null : await protectableRoleOf(tx, input.caseId, input.protectedPersonId);
      // One active plan per protected person: this one takes over from the active plan protecting the
      // same person (whatever its level), which closes, its planned re-assessment done by this assessment.
      const previous = await activePlansOfPerson(tx, input.caseId, input.protectedPersonId);
      const completedAt = assessment.rows[0].completed_at!;
      if (previous.some((p) => p.completedAt.getTime() > completedAt.getTime())) {
        throw new CaseRepositoryError('superseded', 'a newer assessment already has the active plan for this person');
      }
      const superseded = previous.map((p) => p.id);
      for (const oldPlanId of superseded) {
        await tx.query(`UPDATE protection_plans SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1`, [oldPlanId]);
        // The day the re-assessment was done, and how far from its due date (migration 022).
        await tx.query(
          `UPDATE reassessments SET status = 'done', done_assessment_id = $2, done_on = $3::date, days_from_due = $3::date - due_on
           WHERE plan_id = $1 AND status = 'planned'`,
          [oldPlanId, input.assessmentId, calendarDate(completedAt)],
        );
      }
      // An omprövning (migration 024) does the planned re-assessment of the plans of the assessment it
      // re-assesses, also when the new plan protects another person (then the old plan stays active).
      const reassessedPlans = await tx.query<{ plan_id: string }>(
        `UPDATE reassessments r SET status = 'done', done_assessment_id = $1, done_on = $2::date, days_from_due = $2::date - r.due_on
         FROM protection_plans p JOIN assessments a ON a.reassessment_of = p.assessment_id
         WHERE a.id = $1 AND r.plan_id = p.id AND r.status = 'planned'
         RETURNING r.plan_id`,
        [input.assessmentId, calendarDate(completedAt)],
      );
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO protection_plans (case_id, assessment_id, protected_person_id, protected_person_role, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.caseId, input.assessmentId, input.protectedPersonId, personRole, audit.actorId],
      );
      const planId = rows[0]!.id;
      await appendAudit(tx, audit, 'plan.create', { type: 'plan', id: planId }, {
        caseId: input.caseId,
        assessmentId: input.assessmentId,
        reassessOn: input.reassessOn,
        // The plans this one closes (their re-assessment done by this assessment) are recorded with the event.
        supersedes: superseded,
        ...(reassessedPlans.rows.length ? { reassessed: reassessedPlans.rows.map((r) => r.plan_id) } : {}),
      });
      await tx.query('INSERT INTO reassessments (case_id, plan_id, due_on, derived_due_on, created_by) VALUES ($1, $2, $3::date, $3::date, $4)', [input.caseId, planId, input.reassessOn, audit.actorId]);
      for (const measure of input.measures) await insertMeasure(tx, planId, measure, audit);
      return readPlan(tx, planId);
    }),
  );
}
