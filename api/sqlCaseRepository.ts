// The case domain in Postgres (either engine). Every method that creates,
// changes or consults personal data runs in one transaction with its audit
// rows (api/auditAppend.ts); access facts are read without a consultation row.
// A closed case takes no new work — persons, plans, measures, measure changes
// — until it is reopened; it is still read, and officers are still assigned
// to it (an assignment is who may read it, not work in it).
import type { AccessDenial } from './accessDenial.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import { caseChangeRefusal, closesCase, NO_OPEN_WORK, type CaseChange, type OpenWork } from './caseChangeRules.js';
import { PROTECTABLE_ROLES, SETTLED_MEASURE_STATUSES, type CaseStatus, type MeasureStatus, type PersonRole, type PlanPart, type PlanStatus, type ReassessmentStatus, type ViolenceType } from './caseDomain.js';
import {
  CaseChangeRefusedError,
  CaseRepositoryError,
  type CaseAccessFacts,
  type CaseRecord,
  type CaseRepository,
  type CaseStatistics,
  type MeasureChange,
  type MeasureRecord,
  type NewCase,
  type NewMeasure,
  type NewPerson,
  type NewPlan,
  type OwnReassessmentDate,
  type PersonRecord,
  type PlanAccessFacts,
  type PlanRecord,
  type ProtectedAccess,
} from './caseRepository.js';
import type { AssessmentMode } from './assessmentRepository.js';
import type { Database, Queryable } from './database.js';
import { calendarDate } from '../methodology/calendarDate.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';
import { appendAccessDenied } from './sqlAccessDenialLog.js';

// An id that is not a uuid cannot exist; asking Postgres would be a syntax error instead of "not found".
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CaseRow {
  id: string;
  case_number: string;
  region: PoliceRegion;
  violence_type: ViolenceType | null;
  status: CaseStatus;
  created_at: Date;
  closed_at: Date | null;
  assigned: string[];
  protected_access: { officer_id: string; kind: ProtectedAccess['kind']; at: string }[];
  version: number;
}

interface PersonRow {
  id: string;
  case_id: string;
  role: PersonRole;
  label: string;
  protected_identity: boolean;
  created_by: string;
  created_at: Date;
}

interface MeasureRow {
  id: string;
  plan_id: string;
  part: PlanPart;
  measure_id: string;
  status: MeasureStatus;
  responsible: string;
  follow_up_on: string | null;
  decision_ref: string | null;
  decided_by: string | null;
  decided_on: string | null;
  decline_reason: string | null;
  expires_on: string | null;
  version: number;
  updated_by: string;
  updated_at: Date;
}

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
}

/** The assignments of case c that open its protected persons. */
const PROTECTED_ACCESS = `coalesce((SELECT json_agg(json_build_object('officer_id', officer_id, 'kind', protected_access, 'at', protected_access_at) ORDER BY officer_id)
           FROM case_assignments ca WHERE ca.case_id = c.id AND ca.protected_access <> 'none'), '[]'::json)`;

const SELECT_CASE = `
  SELECT c.id, c.case_number, c.region, c.violence_type, c.status, c.created_at, c.closed_at, c.version,
         coalesce((SELECT array_agg(officer_id ORDER BY officer_id) FROM case_assignments ca WHERE ca.case_id = c.id), '{}') AS assigned,
         ${PROTECTED_ACCESS} AS protected_access
  FROM cases c`;

const PERSON_COLUMNS = 'id, case_id, role, label, protected_identity, created_by, created_at';
const MEASURE_COLUMNS =
  'id, plan_id, part, measure_id, status, responsible, follow_up_on::text AS follow_up_on, decision_ref, decided_by, decided_on::text AS decided_on, decline_reason, expires_on::text AS expires_on, version, updated_by, updated_at';

const toCase = (r: CaseRow): CaseRecord => ({
  id: r.id,
  caseNumber: r.case_number,
  region: r.region,
  violenceType: r.violence_type,
  status: r.status,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  assignedOfficerIds: r.assigned,
  protectedAccess: protectedAccessOf(r.protected_access),
  version: r.version,
});

function protectedAccessOf(rows: CaseRow['protected_access']): ProtectedAccess[] {
  return rows.map((a) => ({ officerId: a.officer_id, kind: a.kind, at: new Date(a.at) }));
}

/** Only provisioned, active officers are assigned or open anything. */
async function requireActiveOfficer(tx: Queryable, officerId: string): Promise<void> {
  const officer = await tx.query<{ active: boolean }>('SELECT active FROM officers WHERE id = $1', [officerId]);
  if (!officer.rows[0]?.active) throw new CaseRepositoryError('invalid_reference', 'the officer is not provisioned or not active');
}

const toPerson = (r: PersonRow): PersonRecord => ({
  id: r.id,
  caseId: r.case_id,
  role: r.role,
  label: r.label,
  protectedIdentity: r.protected_identity,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const toMeasure = (r: MeasureRow): MeasureRecord => ({
  id: r.id,
  planId: r.plan_id,
  part: r.part,
  measureId: r.measure_id,
  status: r.status,
  responsible: r.responsible,
  followUpOn: r.follow_up_on,
  decisionRef: r.decision_ref,
  decidedBy: r.decided_by,
  decidedOn: r.decided_on,
  declineReason: r.decline_reason,
  expiresOn: r.expires_on,
  version: Number(r.version),
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

async function readCase(q: Queryable, caseId: string): Promise<CaseRecord> {
  const { rows } = await q.query<CaseRow>(`${SELECT_CASE} WHERE c.id = $1`, [caseId]);
  if (!rows[0]) throw new CaseRepositoryError('not_found', `case ${caseId} does not exist`);
  return toCase(rows[0]);
}

async function readPlan(q: Queryable, planId: string): Promise<PlanRecord> {
  const { rows } = await q.query<PlanRow>(
    `SELECT p.id, p.case_id, p.assessment_id, p.protected_person_id, p.protected_person_role, coalesce(cp.protected_identity, false) AS protected_identity,
            p.status, p.created_by, p.created_at, p.updated_at
     FROM protection_plans p LEFT JOIN case_persons cp ON cp.id = p.protected_person_id WHERE p.id = $1`,
    [planId],
  );
  const row = rows[0];
  if (!row) throw new CaseRepositoryError('not_found', `plan ${planId} does not exist`);
  const measures = await q.query<MeasureRow>(`SELECT ${MEASURE_COLUMNS} FROM protection_measures WHERE plan_id = $1 ORDER BY created_at, id`, [planId]);
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
    measures: measures.rows.map(toMeasure),
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

async function insertMeasure(tx: Queryable, planId: string, m: NewMeasure, audit: AuditContext): Promise<MeasureRecord> {
  const { rows } = await tx.query<MeasureRow>(
    `INSERT INTO protection_measures (plan_id, part, measure_id, status, responsible, follow_up_on, decision_ref, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $8) RETURNING ${MEASURE_COLUMNS}`,
    [planId, m.part, m.measureId, m.status, m.responsible, m.followUpOn, m.decisionRef, audit.actorId],
  );
  const measure = toMeasure(rows[0]!);
  await appendAudit(tx, audit, 'measure.add', { type: 'measure', id: measure.id }, { planId, part: m.part, measureId: m.measureId, status: m.status });
  return measure;
}

/** How the case of a write is found: by its id, or by the id of one of its plans or of a measure of one. */
const CASE_STATUS_BY: Record<'case' | 'plan' | 'measure', string> = {
  case: 'SELECT c.status FROM cases c WHERE c.id = $1 FOR SHARE OF c',
  plan: 'SELECT c.status FROM protection_plans p JOIN cases c ON c.id = p.case_id WHERE p.id = $1 FOR SHARE OF c',
  measure: `SELECT c.status FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id
            WHERE m.id = $1 FOR SHARE OF c`,
};

/**
 * Holds the case of a write open until the transaction ends, or throws
 * 'not_found' (no such case, plan or measure) or 'case_closed'. The share
 * lock waits for a status change in progress (update() locks the case FOR
 * UPDATE) and makes the next one wait for this transaction, so the case
 * cannot close between this check and the write it guards. Call it first:
 * update() too locks the case before its plans, so the two cannot deadlock.
 */
async function lockOpenCase(tx: Queryable, by: keyof typeof CASE_STATUS_BY, id: string): Promise<void> {
  const { rows } = UUID.test(id) ? await tx.query<{ status: CaseStatus }>(CASE_STATUS_BY[by], [id]) : { rows: [] };
  if (!rows[0]) throw new CaseRepositoryError('not_found', `${by} ${id} does not exist`);
  if (rows[0].status === 'closed') throw new CaseRepositoryError('case_closed', 'the case is closed; reopen it (status bops) first');
}

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

/** protection_plans UNIQUE (assessment_id), migration 003. */
const PLAN_PER_ASSESSMENT_KEY = 'protection_plans_assessment_id_key';
const planExists = () => new CaseRepositoryError('plan_exists', 'the assessment already has its protection plan');

/** Turns the database's refusals into the repository's reasons; anything else is a fault. */
async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === '23505') {
      // The one unique key a client can run into by retrying rather than by a mistake in its data.
      if ((err as { constraint?: unknown }).constraint === PLAN_PER_ASSESSMENT_KEY) throw planExists();
      throw new CaseRepositoryError('duplicate', 'an equal entry already exists');
    }
    if (code === '23503') throw new CaseRepositoryError('invalid_reference', 'a referenced entry does not exist or does not belong to the case');
    throw err;
  }
}

export class SqlCaseRepository implements CaseRepository {
  constructor(private readonly db: Database) {}

  create(input: NewCase, audit: AuditContext): Promise<CaseRecord> {
    return translated(() =>
      this.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          'INSERT INTO cases (case_number, region, violence_type, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
          [input.caseNumber, input.region, input.violenceType, input.createdBy],
        );
        const id = rows[0]!.id;
        await appendAudit(tx, audit, 'case.create', { type: 'case', id }, { region: input.region, violenceType: input.violenceType });
        return readCase(tx, id);
      }),
    );
  }

  async accessFacts(caseNumber: string): Promise<CaseAccessFacts | undefined> {
    const { rows } = await this.db.query<CaseRow>(`${SELECT_CASE} WHERE c.case_number = $1`, [caseNumber]);
    if (!rows[0]) return undefined;
    const { id, region, assignedOfficerIds, protectedAccess } = toCase(rows[0]);
    return { id, caseNumber: rows[0].case_number, region, assignedOfficerIds, clearedOfficerIds: protectedAccess.map((a) => a.officerId) };
  }

  get(caseId: string, audit: AuditContext): Promise<CaseRecord> {
    return this.db.transaction(async (tx) => {
      const record = await readCase(tx, caseId);
      await appendAudit(tx, audit, 'case.read', { type: 'case', id: caseId });
      return record;
    });
  }

  update(caseId: string, change: CaseChange, audit: AuditContext, expectedVersions?: readonly number[]): Promise<CaseRecord> {
    return this.db.transaction(async (tx) => {
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

  recordDenial(denial: AccessDenial, audit: AuditContext): Promise<void> {
    return appendAccessDenied(this.db, denial, audit);
  }

  assign(caseId: string, target: Officer, audit: AuditContext, opensProtected: boolean): Promise<CaseRecord> {
    const officerId = target.id;
    return translated(() =>
      this.db.transaction(async (tx) => {
        await requireActiveOfficer(tx, officerId);
        // A repeat changes nothing, unless it now opens protected persons for an officer assigned without.
        const written = await tx.query(
          `INSERT INTO case_assignments (case_id, officer_id, assigned_by, protected_access, protected_access_at)
           VALUES ($1, $2, $3, CASE WHEN $4::boolean THEN 'assigned' ELSE 'none' END, CASE WHEN $4::boolean THEN now() END)
           ON CONFLICT (case_id, officer_id) DO UPDATE SET protected_access = 'assigned', protected_access_at = now(), assigned_by = EXCLUDED.assigned_by
             WHERE $4::boolean AND case_assignments.protected_access = 'none'`,
          [caseId, officerId, audit.actorId, opensProtected],
        );
        // The officer id is a pseudonymous work identity, not data about a person in the case.
        await appendAudit(tx, audit, 'case.assign', { type: 'case', id: caseId }, { officerId, changed: written.rowCount === 1, opensProtected });
        return readCase(tx, caseId);
      }),
    );
  }

  breakGlass(caseId: string, officerId: string, reason: string, audit: AuditContext): Promise<CaseRecord> {
    return translated(() =>
      this.db.transaction(async (tx) => {
        await requireActiveOfficer(tx, officerId);
        const written = await tx.query(
          `INSERT INTO case_assignments (case_id, officer_id, assigned_by, protected_access, protected_access_at, break_glass_reason)
           VALUES ($1, $2, $2, 'break_glass', now(), $3)
           ON CONFLICT (case_id, officer_id) DO UPDATE SET protected_access = 'break_glass', protected_access_at = now(), break_glass_reason = EXCLUDED.break_glass_reason
             WHERE case_assignments.protected_access = 'none'`,
          [caseId, officerId, reason],
        );
        // No reason on the row: it is the officer's free text and stays on the assignment.
        await appendAudit(tx, audit, 'case.break_glass', { type: 'case', id: caseId }, { officerId, changed: written.rowCount === 1 });
        return readCase(tx, caseId);
      }),
    );
  }

  addPerson(caseId: string, person: NewPerson, audit: AuditContext): Promise<PersonRecord> {
    return translated(() =>
      this.db.transaction(async (tx) => {
        await lockOpenCase(tx, 'case', caseId);
        const { rows } = await tx.query<PersonRow>(
          `INSERT INTO case_persons (case_id, role, label, protected_identity, created_by) VALUES ($1, $2, $3, $4, $5)
           RETURNING ${PERSON_COLUMNS}`,
          [caseId, person.role, person.label, person.protectedIdentity, audit.actorId],
        );
        const record = toPerson(rows[0]!);
        // Role and flag only: the label is the person's handle in this case and stays in its table.
        await appendAudit(tx, audit, 'person.add', { type: 'person', id: record.id }, { caseId, role: person.role, protectedIdentity: person.protectedIdentity });
        return record;
      }),
    );
  }

  listPersons(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PersonRecord[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<PersonRow>(
        `SELECT ${PERSON_COLUMNS} FROM case_persons WHERE case_id = $1 AND ($2 OR NOT protected_identity) ORDER BY created_at, id`,
        [caseId, includeProtected],
      );
      // One row per person consulted, so a later check can answer "who looked at this person, and why".
      for (const row of rows) await appendAudit(tx, audit, 'person.read', { type: 'person', id: row.id }, { caseId });
      return rows.map(toPerson);
    });
  }

  async personAccessFacts(personId: string): Promise<{ caseId: string; caseNumber: string; protectedIdentity: boolean } | undefined> {
    if (!UUID.test(personId)) return undefined;
    const { rows } = await this.db.query<{ case_id: string; case_number: string; protected_identity: boolean }>(
      'SELECT p.case_id, c.case_number, p.protected_identity FROM case_persons p JOIN cases c ON c.id = p.case_id WHERE p.id = $1',
      [personId],
    );
    const row = rows[0];
    return row ? { caseId: row.case_id, caseNumber: row.case_number, protectedIdentity: row.protected_identity } : undefined;
  }

  getPerson(personId: string, audit: AuditContext): Promise<PersonRecord> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM case_persons WHERE id = $1`, [personId]);
      if (!rows[0]) throw new CaseRepositoryError('not_found', `person ${personId} does not exist`);
      await appendAudit(tx, audit, 'person.read', { type: 'person', id: personId }, { caseId: rows[0].case_id });
      return toPerson(rows[0]);
    });
  }

  createPlan(input: NewPlan, audit: AuditContext): Promise<PlanRecord> {
    return translated(() =>
      this.db.transaction(async (tx) => {
        await lockOpenCase(tx, 'case', input.caseId);
        if (!UUID.test(input.assessmentId)) throw new CaseRepositoryError('invalid_reference', 'no such assessment in the case');
        const assessment = await tx.query<{ status: string; completed_at: Date | null }>('SELECT status, completed_at FROM assessments WHERE id = $1 AND case_id = $2', [input.assessmentId, input.caseId]);
        if (!assessment.rows[0]) throw new CaseRepositoryError('invalid_reference', 'no such assessment in the case');
        if (assessment.rows[0].status !== 'completed') throw new CaseRepositoryError('not_completed', 'a plan answers a completed assessment');
        // Checked here for the usual retry; two creates racing past it meet the unique key (translated above).
        const existing = await tx.query('SELECT 1 FROM protection_plans WHERE assessment_id = $1', [input.assessmentId]);
        if (existing.rows.length > 0) throw planExists();
        let personRole: PersonRole | null = null;
        if (input.protectedPersonId !== null) {
          const person = UUID.test(input.protectedPersonId)
            ? await tx.query<{ role: PersonRole }>('SELECT role FROM case_persons WHERE id = $1 AND case_id = $2', [input.protectedPersonId, input.caseId])
            : { rows: [] };
          personRole = person.rows[0]?.role ?? null;
          if (!personRole || !(PROTECTABLE_ROLES as readonly string[]).includes(personRole)) {
            throw new CaseRepositoryError('invalid_reference', 'the protected person must be an injured party, witness or relative in the case');
          }
        }
        // A plan from a re-assessment takes over from the active plan protecting the same person:
        // that plan closes and its planned re-assessment is done by this assessment.
        const previous = await tx.query<{ id: string; completed_at: Date }>(
          `SELECT p.id, a.completed_at FROM protection_plans p JOIN assessments a ON a.id = p.assessment_id
           WHERE p.case_id = $1 AND p.status = 'active' AND p.protected_person_id IS NOT DISTINCT FROM $2::uuid
           ORDER BY p.id FOR UPDATE OF p`,
          [input.caseId, input.protectedPersonId],
        );
        const completedAt = assessment.rows[0].completed_at!;
        if (previous.rows.some((p) => p.completed_at.getTime() > completedAt.getTime())) {
          throw new CaseRepositoryError('superseded', 'a newer assessment already has the active plan for this person');
        }
        const superseded = previous.rows.map((p) => p.id);
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

  async planAccessFacts(planId: string): Promise<PlanAccessFacts | undefined> {
    if (!UUID.test(planId)) return undefined;
    const { rows } = await this.db.query<{ case_id: string; assessment_id: string; protected_identity: boolean; region: PoliceRegion; assigned: string[]; cleared: string[] }>(
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

  async planIdOfAssessment(assessmentId: string): Promise<string | undefined> {
    if (!UUID.test(assessmentId)) return undefined;
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM protection_plans WHERE assessment_id = $1', [assessmentId]);
    return rows[0]?.id;
  }

  async measurePlanId(measureId: string): Promise<string | undefined> {
    if (!UUID.test(measureId)) return undefined;
    const { rows } = await this.db.query<{ plan_id: string }>('SELECT plan_id FROM protection_measures WHERE id = $1', [measureId]);
    return rows[0]?.plan_id;
  }

  getPlan(planId: string, audit: AuditContext): Promise<PlanRecord> {
    return this.db.transaction(async (tx) => {
      const plan = await readPlan(tx, planId);
      await appendAudit(tx, audit, 'plan.read', { type: 'plan', id: planId }, { caseId: plan.caseId });
      return plan;
    });
  }

  listPlans(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PlanRecord[]> {
    return this.db.transaction(async (tx) => {
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

  addMeasure(planId: string, measure: NewMeasure, audit: AuditContext): Promise<MeasureRecord> {
    return translated(() =>
      this.db.transaction(async (tx) => {
        await lockOpenCase(tx, 'plan', planId);
        const record = await insertMeasure(tx, planId, measure, audit);
        await tx.query('UPDATE protection_plans SET updated_at = now() WHERE id = $1', [planId]);
        return record;
      }),
    );
  }

  setReassessmentDate(
    planId: string,
    date: OwnReassessmentDate,
    rule: (derivedDueOn: string) => { ok: true } | { ok: false; reason: string },
    audit: AuditContext,
  ): Promise<{ status: 'set'; plan: PlanRecord } | { status: 'refused'; reason: string }> {
    return translated(() =>
      this.db.transaction(async (tx) => {
        await lockOpenCase(tx, 'plan', planId);
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

  updateMeasure(measureId: string, change: MeasureChange, audit: AuditContext, expectedVersions?: readonly number[], today?: string): Promise<MeasureRecord> {
    return translated(() =>
      this.db.transaction(async (tx) => {
        await lockOpenCase(tx, 'measure', measureId);
        const before = await tx.query<{ status: MeasureStatus; plan_id: string; version: number; decided_by: string | null; decided_on: string | null }>(
          'SELECT status, plan_id, version, decided_by, decided_on::text AS decided_on FROM protection_measures WHERE id = $1 FOR UPDATE',
          [measureId],
        );
        const current = before.rows[0];
        if (!current) throw new CaseRepositoryError('not_found', `measure ${measureId} does not exist`);
        if (expectedVersions && !expectedVersions.includes(Number(current.version))) {
          throw new CaseRepositoryError('version_mismatch', `the measure is at version ${current.version}`);
        }
        // A proposal is nobody's decision yet; anything else is someone's, on a day.
        const decided = change.status !== 'proposed';
        const decidedBy = decided ? (change.decidedBy ?? current.decided_by ?? audit.actorId) : null;
        const decidedOn = decided ? (change.decidedOn ?? current.decided_on ?? today ?? new Date().toISOString().slice(0, 10)) : null;
        const { rows } = await tx.query<MeasureRow>(
          `UPDATE protection_measures SET status = $2, follow_up_on = $3::date, decision_ref = $4, updated_by = $5, updated_at = now(),
             decided_by = $6, decided_on = $7::date, decline_reason = $8, expires_on = $9::date, version = version + 1
           WHERE id = $1 RETURNING ${MEASURE_COLUMNS}`,
          [measureId, change.status, change.followUpOn, change.decisionRef, audit.actorId, decidedBy, decidedOn, change.status === 'declined' ? (change.declineReason ?? null) : null, change.expiresOn ?? null],
        );
        await tx.query('UPDATE protection_plans SET updated_at = now() WHERE id = $1', [current.plan_id]);
        await appendAudit(tx, audit, 'measure.update', { type: 'measure', id: measureId }, { planId: current.plan_id, from: current.status, to: change.status });
        return toMeasure(rows[0]!);
      }),
    );
  }

  async statistics(): Promise<CaseStatistics> {
    const cases = await this.db.query<{ region: PoliceRegion; violence_type: ViolenceType | null; status: CaseStatus; count: number }>(
      `SELECT region, violence_type, status, count(*)::int AS count FROM cases
       GROUP BY region, violence_type, status ORDER BY region, violence_type NULLS FIRST, status`,
    );
    const measures = await this.db.query<{ region: PoliceRegion; part: PlanPart; measure_id: string; status: MeasureStatus; count: number }>(
      `SELECT c.region, m.part, m.measure_id, m.status, count(*)::int AS count
       FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id
       GROUP BY c.region, m.part, m.measure_id, m.status ORDER BY c.region, m.part, m.measure_id, m.status`,
    );
    const minutes = await this.db.query<{ instrument_id: string; mode: AssessmentMode; count: number; median_minutes: number; mean_minutes: number }>(
      `SELECT instrument_id, mode, count(*)::int AS count,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM active_time)::float8) / 60)::float8 AS median_minutes,
              (avg(extract(epoch FROM active_time)::float8) / 60)::float8 AS mean_minutes
       FROM assessments WHERE status = 'completed' AND active_time IS NOT NULL
       GROUP BY instrument_id, mode ORDER BY instrument_id, mode`,
    );
    const oneDecimal = (n: number) => Math.round(Number(n) * 10) / 10;
    return {
      assessmentMinutes: minutes.rows.map((r) => ({ instrumentId: r.instrument_id, mode: r.mode, count: r.count, medianMinutes: oneDecimal(r.median_minutes), meanMinutes: oneDecimal(r.mean_minutes) })),
      cases: cases.rows.map((r) => ({ region: r.region, violenceType: r.violence_type, status: r.status, count: r.count })),
      measures: measures.rows.map((r) => ({ region: r.region, part: r.part, measureId: r.measure_id, status: r.status, count: r.count })),
    };
  }
}
