// Migration 105 on PostgreSQL and PGlite: a case has at most one active plan
// per person it protects ("ingen angiven" counting as one) by a unique key. A
// database holding several, written before the rule held, keeps the plan of the
// assessment completed last per case and person and closes the others, their
// planned re-assessments cancelled, each closing audited; afterwards a second
// active plan for one person is refused as 'person_has_plan'. Officers, cases
// and persons are fictitious.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditContext } from '../api/auditLog.js';
import { verifyAuditChain } from '../api/auditChainVerifier.js';
import { CaseRepositoryError } from '../api/caseRepository.js';
import { migrate } from '../api/migrator.js';
import { SqlAssessmentRepository } from '../api/sqlAssessmentRepository.js';
import { translateConstraints } from '../api/sqlCaseConstraints.js';
import { migrateBefore } from './migrateBefore.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from './testDatabases.js';

const PACK = { id: 'bops-exempel', version: '1.1.0', hash: createHash('sha256').update('bops-exempel@1.1.0').digest('hex') };
const OFFICER: AuditContext = { actorId: 'officer-mig105-01', viaId: null, purpose: 'test: migration 105' };
const CASE_NUMBER = '1500-K000105-26';

describe.each(DATABASE_ENGINES)('migration 105 on %s', (engine) => {
  let opened: TestDatabase;
  let caseId: string;
  let injured: string;
  /** The plans by name. */
  const plan = {} as Record<'noOneOld' | 'injuredOld' | 'injuredMiddle' | 'noOneNew' | 'injuredNew', string>;

  const insertPlan = async (name: keyof typeof plan, personId: string | null) => {
    const assessments = new SqlAssessmentRepository(opened.db);
    const draft = await assessments.create({ caseNumber: CASE_NUMBER, region: 'nord', level: 'structured', instrumentId: 'sarasv', pack: PACK, officerId: OFFICER.actorId }, OFFICER);
    await assessments.complete(draft.id, OFFICER, () => ({ discard: [] }));
    const { rows } = await opened.db.query<{ id: string; case_id: string }>(
      `INSERT INTO protection_plans (case_id, assessment_id, protected_person_id, protected_person_role, created_by)
       SELECT a.case_id, a.id, $2::uuid, CASE WHEN $2::uuid IS NULL THEN NULL ELSE 'malsagande' END, $3 FROM assessments a WHERE a.id = $1 RETURNING id, case_id`,
      [draft.id, personId, OFFICER.actorId],
    );
    await opened.db.query(`INSERT INTO reassessments (case_id, plan_id, due_on, derived_due_on, created_by) VALUES ($1, $2, '2030-06-01', '2030-06-01', $3)`, [rows[0]!.case_id, rows[0]!.id, OFFICER.actorId]);
    plan[name] = rows[0]!.id;
    return rows[0]!;
  };

  beforeAll(async () => {
    opened = await openTestDatabase(engine, { migrated: false });
    await migrateBefore(opened.db, '105');
    // Per person (and for no one) the plans in the order their assessments were completed: the last stays.
    caseId = (await insertPlan('noOneOld', null)).case_id;
    const { rows } = await opened.db.query<{ id: string }>(`INSERT INTO case_persons (case_id, role, label, created_by) VALUES ($1, 'malsagande', 'MÄ 1', $2) RETURNING id`, [caseId, OFFICER.actorId]);
    injured = rows[0]!.id;
    await insertPlan('injuredOld', injured);
    await insertPlan('injuredMiddle', injured);
    await insertPlan('noOneNew', null);
    await insertPlan('injuredNew', injured);
    await migrate(opened.db);
  }, 180_000);
  afterAll(() => opened?.dispose());

  it('keeps the plan of the assessment completed last per person, closes the others with their re-assessments cancelled, each closing audited', async () => {
    const { rows } = await opened.db.query<{ id: string; status: string; closed: boolean; reassessment: string }>(
      `SELECT p.id, p.status, p.closed_at IS NOT NULL AS closed, r.status AS reassessment FROM protection_plans p JOIN reassessments r ON r.plan_id = p.id WHERE p.case_id = $1`,
      [caseId],
    );
    const byName = Object.fromEntries(Object.entries(plan).map(([name, id]) => [name, rows.find((r) => r.id === id)]));
    expect(byName).toEqual({
      injuredOld: { id: plan.injuredOld, status: 'closed', closed: true, reassessment: 'cancelled' },
      noOneOld: { id: plan.noOneOld, status: 'closed', closed: true, reassessment: 'cancelled' },
      injuredMiddle: { id: plan.injuredMiddle, status: 'closed', closed: true, reassessment: 'cancelled' },
      noOneNew: { id: plan.noOneNew, status: 'active', closed: false, reassessment: 'planned' },
      injuredNew: { id: plan.injuredNew, status: 'active', closed: false, reassessment: 'planned' },
    });
    const audited = await opened.db.query<{ entity_id: string; actor_id: string; detail: { caseId: string; keptPlanId: string } }>(
      `SELECT entity_id, actor_id, detail FROM audit_log WHERE action = 'plan.close' AND entity_type = 'plan' ORDER BY entity_id`,
    );
    expect(audited.rows).toEqual(
      [
        { entity_id: plan.injuredOld, actor_id: 'system:migration', detail: { caseId, keptPlanId: plan.injuredNew } },
        { entity_id: plan.noOneOld, actor_id: 'system:migration', detail: { caseId, keptPlanId: plan.noOneNew } },
        { entity_id: plan.injuredMiddle, actor_id: 'system:migration', detail: { caseId, keptPlanId: plan.injuredNew } },
      ].sort((a, b) => a.entity_id.localeCompare(b.entity_id)),
    );
    expect((await verifyAuditChain(opened.db)).ok).toBe(true);
  });

  it('refuses a second active plan for a person, or for no one, as person_has_plan', async () => {
    for (const personId of [injured, null]) {
      const second = translateConstraints(() =>
        opened.db.query(`UPDATE protection_plans SET status = 'active', closed_at = NULL WHERE id = $1`, [personId === null ? plan.noOneOld : plan.injuredOld]),
      );
      await expect(second).rejects.toBeInstanceOf(CaseRepositoryError);
      await expect(second).rejects.toMatchObject({ reason: 'person_has_plan' });
    }
  });
});
