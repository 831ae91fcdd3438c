// The case domain repository on both engines: cases, assignments, persons,
// plans and measures; what the schema refuses so invalid states cannot be
// stored; and the audit row each change and consultation leaves — without the
// personal data itself. All people, labels and ids are fictitious.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, AUDIT_ROW_COLUMNS, auditRowValues, type AuditContext } from './auditLog.js';
import { MEASURE_STATUSES, PERSON_ROLES, PLAN_PARTS, VIOLENCE_TYPES } from './caseDomain.js';
import { CaseChangeRefusedError, CaseRepositoryError, type NewMeasure } from './caseRepository.js';
import type { Database } from './database.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';
import { SqlCaseRepository } from './sqlCaseRepository.js';
import { untilWaitingForLocks } from '../test/lockWaiters.js';
import { tableContents } from '../test/tableContents.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const AUDIT: AuditContext = { actorId: 'officer-fict-0101', viaId: null, purpose: 'bops.case_handling' };
const ASSIGNEE = 'officer-fict-0102';
const PACK = { id: 'bops-exempel', version: '1.0.0', hash: createHash('sha256').update('bops-exempel@1.0.0').digest('hex') };


let serial = 0;
const newCaseNumber = () => `2100-K${String(++serial).padStart(6, '0')}-26`;

const ALARM: NewMeasure = { part: 'skydd', measureId: 'larmpaket', status: 'proposed', responsible: ASSIGNEE, followUpOn: null, decisionRef: null };

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CaseRepositoryError) return err.reason;
    throw err;
  }
  throw new Error('expected a CaseRepositoryError');
}

describe.each(DATABASE_ENGINES)('SqlCaseRepository on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;
  let cases: SqlCaseRepository;
  let assessments: SqlAssessmentRepository;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    db = opened.db;
    cases = new SqlCaseRepository(db);
    assessments = new SqlAssessmentRepository(db);
    await db.query(`INSERT INTO officers (id, region, roles) VALUES ($1, 'mitt', '{bops_officer}'), ('officer-fict-0199', 'mitt', '{bops_officer}')`, [ASSIGNEE]);
    await db.query(`UPDATE officers SET active = false WHERE id = 'officer-fict-0199'`);
  });
  afterAll(() => opened.dispose());

  const auditRows = async (entityId: string) =>
    (await db.query<{ action: string; entity_type: string; purpose: string; detail: Record<string, unknown> }>(
      'SELECT action, entity_type, purpose, detail FROM audit_log WHERE entity_id = $1 ORDER BY id', [entityId],
    )).rows;

  const newCase = () => cases.create({ caseNumber: newCaseNumber(), region: 'mitt', violenceType: 'forfoljelse', createdBy: AUDIT.actorId }, AUDIT);

  async function completedAssessment(caseNumber: string): Promise<string> {
    const created = await assessments.create({ caseNumber, region: 'mitt', level: 'structured', instrumentId: 'sam', pack: PACK, officerId: AUDIT.actorId }, AUDIT);
    await assessments.complete(created.id, AUDIT);
    return created.id;
  }

  it('creates a case in intake status and audits the creation and each read', async () => {
    const created = await newCase();
    expect(created).toMatchObject({ region: 'mitt', violenceType: 'forfoljelse', status: 'intake', closedAt: null, assignedOfficerIds: [] });
    await cases.get(created.id, AUDIT);
    expect((await auditRows(created.id)).map((r) => r.action)).toEqual(['case.create', 'case.read']);
  });

  it('refuses a second case with the same number', async () => {
    const created = await newCase();
    expect(await reason(cases.create({ caseNumber: created.caseNumber, region: 'syd', violenceType: null, createdBy: AUDIT.actorId }, AUDIT))).toBe('duplicate');
  });

  it('assigns active, provisioned officers once, never creates an officer, and audits every assignment', async () => {
    const created = await newCase();
    const officer = (id: string) => ({ id, roles: ['bops_officer' as const], region: 'mitt' as const });
    expect((await cases.assign(created.id, officer(ASSIGNEE), AUDIT, false)).assignedOfficerIds).toEqual([ASSIGNEE]);
    expect((await cases.assign(created.id, officer(ASSIGNEE), AUDIT, false)).assignedOfficerIds).toEqual([ASSIGNEE]);
    expect(await reason(cases.assign(created.id, officer('officer-fict-0199'), AUDIT, false))).toBe('invalid_reference');
    expect(await reason(cases.assign(created.id, officer('officer-fict-0198'), AUDIT, false))).toBe('invalid_reference');
    expect((await db.query('SELECT 1 FROM officers WHERE id = $1', ['officer-fict-0198'])).rowCount).toBe(0);
    expect((await auditRows(created.id)).filter((r) => r.action === 'case.assign').map((r) => r.detail)).toEqual([
      { officerId: ASSIGNEE, changed: true, opensProtected: false },
      { officerId: ASSIGNEE, changed: false, opensProtected: false },
    ]);
  });

  it('opens protected persons by an assignment that may open them, upgrading one that did not and never taking it back, or by a reasoned break-glass', async () => {
    const created = await newCase();
    const officer = { id: ASSIGNEE, roles: ['bops_officer' as const], region: 'mitt' as const };
    await cases.assign(created.id, officer, AUDIT, false);
    expect((await cases.accessFacts(created.caseNumber))?.clearedOfficerIds).toEqual([]);
    const opened = await cases.assign(created.id, officer, AUDIT, true);
    expect(opened.protectedAccess).toEqual([{ officerId: ASSIGNEE, kind: 'assigned', at: expect.any(Date), grantedBy: AUDIT.actorId, reason: null }]);
    await cases.assign(created.id, officer, AUDIT, false);
    expect((await cases.accessFacts(created.caseNumber))?.clearedOfficerIds).toEqual([ASSIGNEE]);
    // Break-glass: for an officer not assigned at all; kept with its reason, shown on the case and audited with it.
    await db.query(`INSERT INTO officers (id, region, roles) VALUES ('officer-fict-0103', 'syd', '{specialist}')`);
    const { record: broken, opened: glassBroken } = await cases.breakGlass(created.id, 'officer-fict-0103', 'Fiktiv akut hotbild, samordnare ej nåbar', AUDIT);
    expect(glassBroken).toBe(true);
    expect(broken.assignedOfficerIds).toEqual([ASSIGNEE, 'officer-fict-0103']);
    expect(broken.protectedAccess.map((a) => [a.officerId, a.kind, a.grantedBy, a.reason])).toEqual([
      [ASSIGNEE, 'assigned', AUDIT.actorId, null],
      ['officer-fict-0103', 'break_glass', 'officer-fict-0103', 'Fiktiv akut hotbild, samordnare ej nåbar'],
    ]);
    expect((await db.query(`SELECT break_glass_reason FROM case_assignments WHERE officer_id = 'officer-fict-0103'`)).rows).toEqual([{ break_glass_reason: 'Fiktiv akut hotbild, samordnare ej nåbar' }]);
    // Someone who may see them already breaks no glass.
    expect((await cases.breakGlass(created.id, ASSIGNEE, 'Fiktivt', AUDIT)).opened).toBe(false);
    expect((await cases.breakGlass(created.id, 'officer-fict-0103', 'Fiktivt igen', AUDIT)).opened).toBe(false);
    expect((await cases.get(created.id, AUDIT)).protectedAccess.find((a) => a.officerId === ASSIGNEE)?.kind).toBe('assigned');
    const rows = (await auditRows(created.id)).filter((r) => r.action === 'case.break_glass');
    expect(rows.map((r) => r.detail)).toEqual([
      { officerId: 'officer-fict-0103', changed: true, reason: 'Fiktiv akut hotbild, samordnare ej nåbar' },
      { officerId: ASSIGNEE, changed: false, reason: 'Fiktivt' },
      { officerId: 'officer-fict-0103', changed: false, reason: 'Fiktivt igen' },
    ]);
    expect(await reason(cases.breakGlass(created.id, 'officer-fict-0199', 'Fiktivt', AUDIT))).toBe('invalid_reference');
  });

  it('stores persons as role, label and protection flag, and audits each person read without the label', async () => {
    const created = await newCase();
    const victim = await cases.addPerson(created.id, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: true }, AUDIT);
    const actor = await cases.addPerson(created.id, { role: 'hotaktor', label: 'Hotaktör A', protectedIdentity: false }, AUDIT);
    expect((await cases.listPersons(created.id, false, AUDIT)).map((p) => p.id)).toEqual([actor.id]);
    expect((await cases.listPersons(created.id, true, AUDIT)).map((p) => p.id)).toEqual([victim.id, actor.id]);
    expect((await cases.getPerson(victim.id, AUDIT)).label).toBe('MÄ 1');
    expect((await auditRows(victim.id)).map((r) => r.action)).toEqual(['person.add', 'person.read', 'person.read']);
    expect((await auditRows(actor.id)).map((r) => r.action)).toEqual(['person.add', 'person.read', 'person.read']);
    const logged = JSON.stringify([...(await auditRows(victim.id)), ...(await auditRows(actor.id))]);
    expect(logged).not.toContain('MÄ 1');
    expect(logged).not.toContain('Hotaktör A');
    expect(await cases.personAccessFacts(victim.id)).toEqual({ caseId: created.id, caseNumber: created.caseNumber, protectedIdentity: true });
  });

  it('refuses a label shaped like a personal identity number and the same label twice in one role', async () => {
    const created = await newCase();
    for (const label of ['19121212-1212', '121212-1212', 'MÄ 191212121212']) {
      await expect(cases.addPerson(created.id, { role: 'vittne', label, protectedIdentity: false }, AUDIT)).rejects.toMatchObject({ code: '23514' });
    }
    await cases.addPerson(created.id, { role: 'vittne', label: 'V 1', protectedIdentity: false }, AUDIT);
    expect(await reason(cases.addPerson(created.id, { role: 'vittne', label: 'V 1', protectedIdentity: false }, AUDIT))).toBe('duplicate');
  });

  it('makes a plan for a completed assessment with measures and a re-assessment date, audited', async () => {
    const created = await newCase();
    const assessmentId = await completedAssessment(created.caseNumber);
    const victim = await cases.addPerson(created.id, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: false }, AUDIT);
    const plan = await cases.createPlan({ caseId: created.id, assessmentId, protectedPersonId: victim.id, reassessOn: '2027-01-15', measures: [ALARM] }, AUDIT);
    expect(plan).toMatchObject({ caseId: created.id, assessmentId, protectedPersonId: victim.id, status: 'active', reassessment: { dueOn: '2027-01-15', status: 'planned' } });
    expect(plan.measures).toMatchObject([{ part: 'skydd', measureId: 'larmpaket', status: 'proposed', followUpOn: null }]);
    expect((await auditRows(plan.id)).map((r) => r.action)).toEqual(['plan.create']);
    expect((await auditRows(plan.measures[0]!.id)).map((r) => r.action)).toEqual(['measure.add']);
    expect(await reason(cases.createPlan({ caseId: created.id, assessmentId, protectedPersonId: null, reassessOn: '2027-02-01', measures: [] }, AUDIT))).toBe('plan_exists');
  });

  it('makes one plan of two creates racing for the same assessment; the other is told the plan exists', async () => {
    const created = await newCase();
    const assessmentId = await completedAssessment(created.caseNumber);
    const create = () => cases.createPlan({ caseId: created.id, assessmentId, protectedPersonId: null, reassessOn: '2027-01-15', measures: [ALARM] }, AUDIT);
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.allSettled([create(), create()]);
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as { reason?: string });
      expect(refused.map((r) => r.reason)).toEqual(round === 0 ? ['plan_exists'] : ['plan_exists', 'plan_exists']);
    }
    expect((await db.query('SELECT count(*)::int AS n FROM protection_plans WHERE assessment_id = $1', [assessmentId])).rows).toEqual([{ n: 1 }]);
  });

  it('lets a re-assessment’s plan take over from the plan protecting the same person, and only that one', async () => {
    const created = await newCase();
    const victim = await cases.addPerson(created.id, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: false }, AUDIT);
    const witness = await cases.addPerson(created.id, { role: 'vittne', label: 'V 1', protectedIdentity: false }, AUDIT);
    const [first, second, stale] = [await completedAssessment(created.caseNumber), await completedAssessment(created.caseNumber), await completedAssessment(created.caseNumber)];
    // Completion order made explicit: stale is the oldest, then first, then second.
    await db.query(`UPDATE assessments SET completed_at = $2 WHERE id = $1`, [stale, new Date('2026-01-01T00:00:00Z')]);
    await db.query(`UPDATE assessments SET completed_at = $2 WHERE id = $1`, [first, new Date('2026-02-01T00:00:00Z')]);
    await db.query(`UPDATE assessments SET completed_at = $2 WHERE id = $1`, [second, new Date('2026-05-01T00:00:00Z')]);
    const plan = (assessmentId: string, protectedPersonId: string) => cases.createPlan({ caseId: created.id, assessmentId, protectedPersonId, reassessOn: '2027-01-15', measures: [] }, AUDIT);

    const victimPlan = await plan(first, victim.id);
    const witnessPlan = await plan(stale, witness.id);
    const followUp = await plan(second, victim.id);

    const old = await cases.getPlan(victimPlan.id, AUDIT);
    expect(old.status).toBe('closed');
    expect((await db.query('SELECT status, done_assessment_id FROM reassessments WHERE plan_id = $1', [victimPlan.id])).rows).toEqual([{ status: 'done', done_assessment_id: second }]);
    expect((await cases.getPlan(witnessPlan.id, AUDIT)).status).toBe('active');
    expect(followUp).toMatchObject({ status: 'active', reassessment: { status: 'planned' } });
    expect((await auditRows(followUp.id))[0]?.detail['supersedes']).toEqual([victimPlan.id]);
    // An older assessment cannot take the active plan back from a newer one; one that has its plan already says so first.
    const older = await completedAssessment(created.caseNumber);
    await db.query(`UPDATE assessments SET completed_at = $2 WHERE id = $1`, [older, new Date('2026-03-01T00:00:00Z')]);
    expect(await reason(plan(older, victim.id))).toBe('superseded');
    expect(await reason(plan(stale, victim.id))).toBe('plan_exists');
  });

  it('refuses a plan for a draft, for another case’s assessment, or protecting a suspect or threat actor', async () => {
    const created = await newCase();
    const other = await newCase();
    const draft = await assessments.create({ caseNumber: created.caseNumber, region: 'mitt', level: 'structured', instrumentId: 'sam', pack: PACK, officerId: AUDIT.actorId }, AUDIT);
    const plan = (assessmentId: string, protectedPersonId: string | null = null) =>
      cases.createPlan({ caseId: created.id, assessmentId, protectedPersonId, reassessOn: '2027-01-15', measures: [] }, AUDIT);
    expect(await reason(plan(draft.id))).toBe('not_completed');
    // The database holds it too (migration 086), for a writer that skips the route's check.
    await expect(db.query('INSERT INTO protection_plans (case_id, assessment_id, created_by) VALUES ($1, $2, $3)', [created.id, draft.id, 't'])).rejects.toMatchObject({ code: '23514', message: 'a protection plan answers a completed assessment' });
    expect(await reason(plan(await completedAssessment(other.caseNumber)))).toBe('invalid_reference');
    const completed = await completedAssessment(created.caseNumber);
    for (const role of ['misstankt', 'hotaktor'] as const) {
      const person = await cases.addPerson(created.id, { role, label: `${role} 1`, protectedIdentity: false }, AUDIT);
      expect(await reason(plan(completed, person.id))).toBe('invalid_reference');
    }
    const elsewhere = await cases.addPerson(other.id, { role: 'malsagande', label: 'MÄ 9', protectedIdentity: false }, AUDIT);
    expect(await reason(plan(completed, elsewhere.id))).toBe('invalid_reference');
    // Even written by hand, the schema refuses a suspect as the protected person.
    const suspect = await cases.addPerson(created.id, { role: 'misstankt', label: 'M 2', protectedIdentity: false }, AUDIT);
    await expect(
      db.query(`INSERT INTO protection_plans (case_id, assessment_id, protected_person_id, protected_person_role, created_by) VALUES ($1, $2, $3, 'malsagande', 'x')`, [created.id, completed, suspect.id]),
    ).rejects.toMatchObject({ code: '23503' });
    // A planned assessment stays completed: not back to draft, not discarded (migration 086).
    const planned = await cases.createPlan({ caseId: created.id, assessmentId: completed, protectedPersonId: null, reassessOn: '2027-01-15', measures: [] }, AUDIT);
    for (const status of ['draft', 'discarded']) {
      await expect(db.query('UPDATE assessments SET status = $2 WHERE id = $1', [planned.assessmentId, status])).rejects.toMatchObject({ code: '23514', message: 'an assessment with a protection plan stays completed' });
    }
  });

  it('moves a measure through its statuses, insisting on a decision reference and a follow-up date while it runs', async () => {
    const created = await newCase();
    const plan = await cases.createPlan({ caseId: created.id, assessmentId: await completedAssessment(created.caseNumber), protectedPersonId: null, reassessOn: '2027-03-01', measures: [] }, AUDIT);
    const rri = await cases.addMeasure(plan.id, { part: 'reducering', measureId: 'rri', status: 'proposed', responsible: ASSIGNEE, followUpOn: null, decisionRef: null }, AUDIT);
    expect(await reason(cases.addMeasure(plan.id, { ...ALARM, measureId: 'rri' }, AUDIT))).toBe('duplicate');
    await expect(cases.updateMeasure(rri.id, { status: 'decided', followUpOn: '2027-01-01', decisionRef: null }, AUDIT)).rejects.toMatchObject({ code: '23514' });
    await expect(cases.updateMeasure(rri.id, { status: 'in_progress', followUpOn: null, decisionRef: 'Beslut 2026-11-25/1' }, AUDIT)).rejects.toMatchObject({ code: '23514' });
    // Without a day given, it was decided on the day it is in Stockholm (never UTC's): read around the call, as midnight may fall between.
    const stockholmToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const dayBefore = stockholmToday();
    const decided = await cases.updateMeasure(rri.id, { status: 'decided', followUpOn: '2027-01-01', decisionRef: 'Beslut 2026-11-25/1' }, AUDIT);
    expect(decided).toMatchObject({ status: 'decided', followUpOn: '2027-01-01', decisionRef: 'Beslut 2026-11-25/1', updatedBy: AUDIT.actorId });
    expect([dayBefore, stockholmToday()]).toContain(decided.decidedOn);
    const done = await cases.updateMeasure(rri.id, { status: 'done', followUpOn: null, decisionRef: 'Beslut 2026-11-25/1' }, AUDIT);
    expect(done.status).toBe('done');
    expect((await auditRows(rri.id)).map((r) => [r.action, r.detail['from'] ?? null, r.detail['to'] ?? null])).toEqual([
      ['measure.add', null, null],
      ['measure.update', 'proposed', 'decided'],
      ['measure.update', 'decided', 'done'],
    ]);
    expect(await reason(cases.updateMeasure('00000000-0000-4000-8000-000000000000', { status: 'done', followUpOn: null, decisionRef: 'x' }, AUDIT))).toBe('not_found');
    expect((await cases.getPlan(plan.id, AUDIT)).measures.map((m) => m.status)).toEqual(['done']);
  });

  // A new plan taking over from an active one locks that plan's row and then writes its re-assessment (which
  // marks the case's figures, migration 074) before its audit rows (api/sqlPlanCreation.ts). A measure decision
  // or an own re-assessment date of that plan must wait for the plan's row before it locks or marks anything
  // of its own, or each waits for the other (40P01, a 500 to the officer).
  if (engine === 'postgres') {
    it('decides a measure and sets a re-assessment date of a plan a takeover holds, once the takeover has committed — no deadlock', async () => {
      // What each writes once the takeover is through: the decision, and no date — the re-assessment is no longer planned.
      const writes = [
        async (planId: string, measureId: string) => expect((await cases.updateMeasure(measureId, { status: 'decided', followUpOn: '2027-01-01', decisionRef: 'Beslut 2026-12-06/1' }, AUDIT)).status).toBe('decided'),
        async (planId: string) => expect(await reason(cases.setReassessmentDate(planId, { dueOn: '2027-02-01', reason: 'Fiktiv anledning' }, () => ({ ok: true }), AUDIT))).toBe('not_planned'),
      ];
      for (const write of writes) {
        const created = await newCase();
        const plan = await cases.createPlan({ caseId: created.id, assessmentId: await completedAssessment(created.caseNumber), protectedPersonId: null, reassessOn: '2027-01-15', measures: [ALARM] }, AUDIT);
        const takeover = new pg.Client({ connectionString: opened.url });
        await takeover.connect();
        try {
          await takeover.query('BEGIN');
          await takeover.query('SELECT 1 FROM protection_plans WHERE id = $1 FOR UPDATE', [plan.id]);
          const written = write(plan.id, plan.measures[0]!.id);
          await untilWaitingForLocks(db, { count: 1, statement: 'protection_plans' });
          await takeover.query(`UPDATE reassessments SET status = 'cancelled' WHERE plan_id = $1 AND status = 'planned'`, [plan.id]);
          await takeover.query(`INSERT INTO audit_log ${AUDIT_ROW_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
            auditRowValues(AUDIT, 'plan.create', { type: 'plan', id: plan.id }, { caseId: created.id }));
          await takeover.query('COMMIT');
          await written;
        } finally {
          await takeover.end();
        }
      }
    });
  }

  it('accepts exactly the vocabularies of the code', async () => {
    const created = await newCase();
    const insertCase = (violence: string) => db.query('INSERT INTO cases (case_number, region, violence_type) VALUES ($1, $2, $3)', [newCaseNumber(), 'mitt', violence]);
    for (const v of VIOLENCE_TYPES) await insertCase(v);
    await expect(insertCase('okand')).rejects.toMatchObject({ code: '23514' });
    for (const role of PERSON_ROLES) await cases.addPerson(created.id, { role, label: 'P', protectedIdentity: false }, AUDIT);
    await expect(cases.addPerson(created.id, { role: 'domare' as never, label: 'P', protectedIdentity: false }, AUDIT)).rejects.toMatchObject({ code: '23514' });
    const plan = await cases.createPlan({ caseId: created.id, assessmentId: await completedAssessment(created.caseNumber), protectedPersonId: null, reassessOn: '2027-03-01', measures: [] }, AUDIT);
    for (const part of PLAN_PARTS) {
      for (const status of MEASURE_STATUSES) {
        await cases.addMeasure(plan.id, { part, measureId: `m-${part}-${status}`.replace(/_/g, '-'), status, responsible: 'aklagare', followUpOn: '2027-01-01', decisionRef: 'Beslut 1' }, AUDIT);
      }
    }
    await expect(cases.addMeasure(plan.id, { ...ALARM, part: 'annat' as never, measureId: 'x' }, AUDIT)).rejects.toMatchObject({ code: '23514' });
    const insertAudit = (action: string, entityType: string | null = 'case', entityId: string | null = 'constraint-check') =>
      db.query(`INSERT INTO audit_log (actor_id, action, entity_type, entity_id, purpose) VALUES ('t', $1, $2, $3, 'test')`, [action, entityType, entityId]);
    for (const action of AUDIT_ACTIONS) await insertAudit(action);
    for (const entityType of AUDIT_ENTITY_TYPES) await insertAudit('case.read', entityType);
    // An action or entity type outside the vocabulary tables (migration 010): a foreign-key violation.
    await expect(insertAudit('person.delete')).rejects.toMatchObject({ code: '23503' });
    await expect(insertAudit('case.read', 'officer_group')).rejects.toMatchObject({ code: '23503' });
    // Only a refusal may name no entity (a case not yet created, the national statistics), and then neither type nor id.
    await insertAudit('access.denied', null, null);
    await expect(insertAudit('case.read', null, null)).rejects.toMatchObject({ code: '23514' });
    await expect(insertAudit('access.denied', 'case', null)).rejects.toMatchObject({ code: '23514' });
    await expect(insertAudit('access.denied', null, 'constraint-check')).rejects.toMatchObject({ code: '23514' });
  });

  it('holds the audit vocabulary of api/auditLog.ts exactly in its tables, no more and no less', async () => {
    const listed = async (sql: string) => (await db.query<{ name: string }>(sql)).rows.map((r) => r.name).sort();
    expect(await listed('SELECT action AS name FROM audit_actions')).toEqual([...AUDIT_ACTIONS].sort());
    expect(await listed('SELECT entity_type AS name FROM audit_entity_types')).toEqual([...AUDIT_ENTITY_TYPES].sort());
  });

  async function refusal(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (err) {
      if (err instanceof CaseChangeRefusedError) return err.refusal;
      throw err;
    }
    throw new Error('expected a CaseChangeRefusedError');
  }

  it('changes status and violence type at the expected version, bumping it only on a change, and audits each change', async () => {
    const created = await cases.create({ caseNumber: newCaseNumber(), region: 'mitt', violenceType: null, createdBy: AUDIT.actorId }, AUDIT);
    expect(created.version).toBe(1);
    const taken = await cases.update(created.id, { status: 'bops', violenceType: 'heder' }, AUDIT, [1]);
    expect(taken).toMatchObject({ status: 'bops', violenceType: 'heder', version: 2, closedAt: null });
    // The same status again is no change: no new version, but the request is on the record.
    expect((await cases.update(created.id, { status: 'bops' }, AUDIT, [2])).version).toBe(2);
    expect(await reason(cases.update(created.id, { status: 'closed' }, AUDIT, [1]))).toBe('version_mismatch');
    expect(await reason(cases.update('00000000-0000-4000-8000-000000000000', { status: 'closed' }, AUDIT))).toBe('not_found');
    expect((await cases.get(created.id, AUDIT)).status).toBe('bops');
    const updates = (await auditRows(created.id)).filter((r) => r.action === 'case.update');
    expect(updates.map((r) => r.detail)).toEqual([
      { from: 'intake', to: 'bops', changed: ['status', 'violenceType'] },
      { from: 'bops', to: 'bops', changed: [] },
    ]);
    // Which fields changed, never the violence type itself.
    expect(JSON.stringify(updates)).not.toContain('heder');
  });

  it('refuses a transition the rules do not allow, and the violence type of a closed case', async () => {
    const created = await newCase();
    await cases.update(created.id, { status: 'bops' }, AUDIT);
    expect(await refusal(cases.update(created.id, { status: 'intake' }, AUDIT))).toEqual({ code: 'transition_not_allowed', from: 'bops', to: 'intake' });
    await cases.update(created.id, { status: 'closed' }, AUDIT);
    expect(await refusal(cases.update(created.id, { violenceType: 'heder' }, AUDIT))).toEqual({ code: 'case_closed' });
    expect((await cases.get(created.id, AUDIT)).violenceType).toBe('forfoljelse');
  });

  it('closes a case only when its drafts are completed and its measures settled, closing its plans with it', async () => {
    const created = await newCase();
    const draft = await assessments.create({ caseNumber: created.caseNumber, region: 'mitt', level: 'structured', instrumentId: 'sam', pack: PACK, officerId: AUDIT.actorId }, AUDIT);
    const plan = await cases.createPlan({ caseId: created.id, assessmentId: await completedAssessment(created.caseNumber), protectedPersonId: null, reassessOn: '2027-03-01', measures: [ALARM] }, AUDIT);
    expect(await refusal(cases.update(created.id, { status: 'closed' }, AUDIT))).toEqual({ code: 'open_work', openWork: { draftAssessments: 1, unsettledMeasures: 1 } });
    await assessments.complete(draft.id, AUDIT);
    expect(await refusal(cases.update(created.id, { status: 'closed' }, AUDIT))).toEqual({ code: 'open_work', openWork: { draftAssessments: 0, unsettledMeasures: 1 } });
    await cases.updateMeasure(plan.measures[0]!.id, { status: 'declined', followUpOn: null, decisionRef: null }, AUDIT);
    expect((await cases.get(created.id, AUDIT)).version).toBe(1);

    const closed = await cases.update(created.id, { status: 'closed' }, AUDIT, [1]);
    expect(closed).toMatchObject({ status: 'closed', version: 2, closedAt: expect.any(Date) });
    expect((await cases.getPlan(plan.id, AUDIT)).status).toBe('closed');
    expect((await db.query('SELECT status FROM reassessments WHERE plan_id = $1', [plan.id])).rows).toEqual([{ status: 'cancelled' }]);
    expect((await auditRows(created.id)).filter((r) => r.action === 'case.update').map((r) => r.detail)).toEqual([
      { from: 'intake', to: 'closed', changed: ['status'], closedPlanIds: [plan.id] },
    ]);
  });

  it('reopens a closed case, which stops its retention clock until it closes again', async () => {
    const created = await newCase();
    const closed = await cases.update(created.id, { status: 'closed' }, AUDIT);
    const reopened = await cases.update(created.id, { status: 'bops' }, AUDIT, [closed.version]);
    expect(reopened).toMatchObject({ status: 'bops', closedAt: null, version: 3 });
    const closedAgain = await cases.update(created.id, { status: 'closed' }, AUDIT, [3]);
    expect(closedAgain.closedAt!.getTime()).toBeGreaterThanOrEqual(closed.closedAt!.getTime());
  });

  it('takes no new person, plan, measure or measure change on a closed case and stores nothing, but is still read', async () => {
    const created = await newCase();
    const forPlan = await completedAssessment(created.caseNumber);
    const person = await cases.addPerson(created.id, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: false }, AUDIT);
    const plan = await cases.createPlan({ caseId: created.id, assessmentId: await completedAssessment(created.caseNumber), protectedPersonId: person.id, reassessOn: '2027-03-01', measures: [ALARM] }, AUDIT);
    const measure = plan.measures[0]!;
    await cases.updateMeasure(measure.id, { status: 'declined', followUpOn: null, decisionRef: null }, AUDIT);
    await cases.update(created.id, { status: 'closed' }, AUDIT);

    const counts = await tableContents(db);
    expect(await reason(cases.addPerson(created.id, { role: 'vittne', label: 'V 1', protectedIdentity: false }, AUDIT))).toBe('case_closed');
    expect(await reason(cases.createPlan({ caseId: created.id, assessmentId: forPlan, protectedPersonId: null, reassessOn: '2027-04-01', measures: [] }, AUDIT))).toBe('case_closed');
    expect(await reason(cases.addMeasure(plan.id, { ...ALARM, measureId: 'rri', part: 'reducering' }, AUDIT))).toBe('case_closed');
    expect(await reason(cases.updateMeasure(measure.id, { status: 'cancelled', followUpOn: null, decisionRef: null }, AUDIT))).toBe('case_closed');
    expect(await tableContents(db)).toEqual(counts);

    expect((await cases.get(created.id, AUDIT)).status).toBe('closed');
    expect((await cases.listPersons(created.id, true, AUDIT)).map((p) => p.id)).toEqual([person.id]);
    expect((await cases.getPlan(plan.id, AUDIT)).measures.map((m) => m.status)).toEqual(['declined']);
    // Officers are still assigned: who may read a closed case is not work in it.
    expect((await cases.assign(created.id, { id: ASSIGNEE, roles: ['bops_officer'], region: 'mitt' }, AUDIT, false)).assignedOfficerIds).toEqual([ASSIGNEE]);

    await cases.update(created.id, { status: 'bops' }, AUDIT);
    expect((await cases.addPerson(created.id, { role: 'vittne', label: 'V 1', protectedIdentity: false }, AUDIT)).role).toBe('vittne');
  });

  it('lets no draft, person or measure in after the case closed, however they interleave with the closing', async () => {
    for (let round = 0; round < 4; round++) {
      const created = await newCase();
      const plan = await cases.createPlan({ caseId: created.id, assessmentId: await completedAssessment(created.caseNumber), protectedPersonId: null, reassessOn: '2027-03-01', measures: [] }, AUDIT);
      const since = (await db.query<{ seq: string }>('SELECT coalesce(max(chain_seq), 0)::text AS seq FROM audit_log')).rows[0]!.seq;
      const writes: (() => Promise<unknown>)[] = [
        () => assessments.create({ caseNumber: created.caseNumber, region: 'mitt', level: 'structured', instrumentId: 'sam', pack: PACK, officerId: AUDIT.actorId }, AUDIT),
        () => cases.addPerson(created.id, { role: 'vittne', label: `V ${round}`, protectedIdentity: false }, AUDIT),
        () => cases.addMeasure(plan.id, { ...ALARM, status: 'declined' }, AUDIT),
        () => cases.addPerson(created.id, { role: 'anhorig', label: `A ${round}`, protectedIdentity: false }, AUDIT),
      ];
      // The closing is sent at a different place among the writes each round.
      const closing = () => cases.update(created.id, { status: 'closed' }, AUDIT);
      const outcomes = await Promise.allSettled([...writes.slice(0, round), closing, ...writes.slice(round)].map((send) => send()));
      const closed = outcomes[round]!;
      const rest = outcomes.filter((_, i) => i !== round);

      if (closed.status === 'rejected') {
        // A draft got in first, so the case stayed open.
        expect(closed.reason).toMatchObject({ refusal: { code: 'open_work' } });
        continue;
      }
      for (const outcome of rest) if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ reason: 'case_closed' });
      const drafts = await db.query(`SELECT 1 FROM assessments WHERE case_id = $1 AND status = 'draft'`, [created.id]);
      expect(drafts.rowCount).toBe(0);
      // The chain orders rows as their writers took its head, which each holds until it commits:
      // nothing of this case's work comes after its closing.
      const rows = (await db.query<{ action: string }>('SELECT action FROM audit_log WHERE chain_seq > $1 ORDER BY chain_seq', [since])).rows.map((r) => r.action);
      expect(rows.slice(rows.indexOf('case.update') + 1)).toEqual([]);
    }
  });

  it('refuses officers with unknown roles or none, and a closed case without its closing time', async () => {
    await expect(db.query(`INSERT INTO officers (id, region, roles) VALUES ('officer-fict-0150', 'mitt', '{chief}')`)).rejects.toMatchObject({ code: '23514' });
    await expect(db.query(`INSERT INTO officers (id, region, roles) VALUES ('officer-fict-0151', 'mitt', '{}')`)).rejects.toMatchObject({ code: '23514' });
    const created = await newCase();
    await expect(db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [created.id])).rejects.toMatchObject({ code: '23514' });
  });
});
