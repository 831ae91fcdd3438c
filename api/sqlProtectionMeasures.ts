// The measures of a protection plan: added to a plan of an open case,
// changed under the measure's row lock with the decision that settles them,
// and read with their plan. A decision names who and on which day.
import { appendAudit, type AuditContext } from './auditLog.js';
import type { MeasureStatus, PlanPart } from './caseDomain.js';
import { CaseRepositoryError, type MeasureChange, type MeasureRecord, type NewMeasure } from './caseRepository.js';
import type { Database, Queryable } from './database.js';
import { translateConstraints } from './sqlCaseConstraints.js';
import { lockOpenCase } from './sqlOpenCaseLock.js';
import { UUID_PATTERN } from './uuidPattern.js';

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

const MEASURE_COLUMNS =
  'id, plan_id, part, measure_id, status, responsible, follow_up_on::text AS follow_up_on, decision_ref, decided_by, decided_on::text AS decided_on, decline_reason, expires_on::text AS expires_on, version, updated_by, updated_at';

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

/** A plan's measures, oldest first. */
export async function readPlanMeasures(q: Queryable, planId: string): Promise<MeasureRecord[]> {
  const { rows } = await q.query<MeasureRow>(`SELECT ${MEASURE_COLUMNS} FROM protection_measures WHERE plan_id = $1 ORDER BY created_at, id`, [planId]);
  return rows.map(toMeasure);
}

export async function insertMeasure(tx: Queryable, planId: string, m: NewMeasure, audit: AuditContext): Promise<MeasureRecord> {
  const { rows } = await tx.query<MeasureRow>(
    `INSERT INTO protection_measures (plan_id, part, measure_id, status, responsible, follow_up_on, decision_ref, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $8) RETURNING ${MEASURE_COLUMNS}`,
    [planId, m.part, m.measureId, m.status, m.responsible, m.followUpOn, m.decisionRef, audit.actorId],
  );
  const measure = toMeasure(rows[0]!);
  await appendAudit(tx, audit, 'measure.add', { type: 'measure', id: measure.id }, { planId, part: m.part, measureId: m.measureId, status: m.status });
  return measure;
}

export async function measurePlanId(db: Database, measureId: string): Promise<string | undefined> {
  if (!UUID_PATTERN.test(measureId)) return undefined;
  const { rows } = await db.query<{ plan_id: string }>('SELECT plan_id FROM protection_measures WHERE id = $1', [measureId]);
  return rows[0]?.plan_id;
}

export function addMeasure(db: Database, planId: string, measure: NewMeasure, audit: AuditContext): Promise<MeasureRecord> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      await lockOpenCase(tx, 'plan', planId);
      // The plan's row lock before the measure's audit row (api/auditLog.ts).
      await tx.query('UPDATE protection_plans SET updated_at = now() WHERE id = $1', [planId]);
      return insertMeasure(tx, planId, measure, audit);
    }),
  );
}

export function updateMeasure(db: Database, measureId: string, change: MeasureChange, audit: AuditContext, expectedVersions?: readonly number[], today?: string): Promise<MeasureRecord> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      await lockOpenCase(tx, 'measure', measureId);
      // The plan's row before the measure's, as a new plan taking over from this one and a measure added to it
      // lock the plan before they mark the case's figures (migration 074), which this change marks too: in the
      // other order each waits for the other.
      await tx.query('SELECT 1 FROM protection_plans WHERE id = (SELECT plan_id FROM protection_measures WHERE id = $1) FOR NO KEY UPDATE', [measureId]);
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
      // Without a day given, the day it is in Stockholm (the SQL below), as every other date of the method: never UTC's.
      const decidedOn = decided ? (change.decidedOn ?? current.decided_on ?? today ?? null) : null;
      const { rows } = await tx.query<MeasureRow>(
        // followed_up_on (migration 095): a new date is a new follow-up still to do; a status change
        // under the same dates follows the current one up, on this day (the SET reads the old values).
        `UPDATE protection_measures SET status = $2, follow_up_on = $3::date, decision_ref = $4, updated_by = $5, updated_at = now(),
           decided_by = $6, decided_on = CASE WHEN $2 = 'proposed' THEN NULL ELSE coalesce($7::date, timezone('Europe/Stockholm', now())::date) END, decline_reason = $8, expires_on = $9::date, version = version + 1,
           followed_up_on = CASE
             WHEN follow_up_on IS DISTINCT FROM $3::date OR expires_on IS DISTINCT FROM $9::date THEN NULL
             WHEN status <> $2 THEN coalesce($10::date, timezone('Europe/Stockholm', now())::date)
             ELSE followed_up_on END
         WHERE id = $1 RETURNING ${MEASURE_COLUMNS}`,
        [measureId, change.status, change.followUpOn, change.decisionRef, audit.actorId, decidedBy, decidedOn, change.status === 'declined' ? (change.declineReason ?? null) : null, change.expiresOn ?? null, today ?? null],
      );
      await tx.query('UPDATE protection_plans SET updated_at = now() WHERE id = $1', [current.plan_id]);
      await appendAudit(tx, audit, 'measure.update', { type: 'measure', id: measureId }, { planId: current.plan_id, from: current.status, to: change.status });
      return toMeasure(rows[0]!);
    }),
  );
}
