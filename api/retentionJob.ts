// Erasure (gallring) of data past its retention period, per data class, as a
// real job: `npm run retention` runs it once, and scheduleRetention lets a
// server run it on an interval. Data classes and their periods come from the
// configuration (RETENTION_* variables):
//   closed_case  — a case closed longer than closedCaseDays ago, with all it
//                  holds: persons, assignments, assessments and their answers,
//                  protection plans, measures and the re-assessment schedule;
//   stale_draft  — a draft assessment unchanged for draftDays (abandoned work),
//                  or discarded by its officer draftDays ago.
// Every erased entity gets a `retention.erase` audit row in the same
// transaction, naming the entity and the data class, never the erased data.
// Every server instance runs the job on its own interval; erasures take one
// advisory lock and re-check what they erase under it, so each entity is
// erased, and logged, once however their runs meet.
//
// The audit log itself is not erased here. It is append-only (a trigger and
// the application role refuse UPDATE/DELETE) and a hash chain, and it holds no
// personal data — only pseudonymous ids, actions and purposes — so keeping it
// does not keep the erased data alive. If a log retention period is set, old
// rows go by archiving a whole chain prefix out of band (recording the last
// archived row's hash as the new anchor), never by the application.
import type { Logger } from 'pino';
import { appendAudit, type AuditContext, type CaseEntityType } from './auditLog.js';
import type { Database, Queryable } from './database.js';
import { systemClock, type Clock } from './clock.js';

export const RETENTION_DATA_CLASSES = ['closed_case', 'stale_draft'] as const;
export type RetentionDataClass = (typeof RETENTION_DATA_CLASSES)[number];

export interface RetentionPeriods {
  closedCaseDays: number;
  draftDays: number;
}

export interface RetentionReport {
  /** The moment periods were measured from. */
  asOf: Date;
  /** Erased entities by data class and type, e.g. { closed_case: { case: 1, person: 2, … } }. */
  erased: Record<RetentionDataClass, Partial<Record<CaseEntityType, number>>>;
}

/** Who the audit log names as having erased: the job itself, for the lawful purpose of erasure. */
export const RETENTION_AUDIT: AuditContext = { actorId: 'system:retention', viaId: null, purpose: 'gallring' };

/**
 * Taken first by every erasure, so that erasures are serialised across instances (and `npm run retention`)
 * like the reminders' claims: the re-check after it sees every erasure committed before. Without it a case
 * whose erasure has listed its assessments and a draft discarded in it, erased meanwhile by a run whose clock
 * did not yet find the case due, would both log that draft erased.
 */
const ERASURE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('bops:retention:erase'))`;

const cutoff = (asOf: Date, days: number) => new Date(asOf.getTime() - days * 24 * 60 * 60 * 1000);

async function ids(q: Queryable, sql: string, params: unknown[]): Promise<string[]> {
  return (await q.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
}

/** Erases one case and everything in it, if it is still closed before the cutoff; returns the counts erased. */
async function eraseClosedCase(db: Database, caseId: string, before: Date): Promise<Partial<Record<CaseEntityType, number>>> {
  return db.transaction(async (tx) => {
    await tx.query(ERASURE_LOCK);
    // Re-checked under a lock: a case re-opened since the selection is kept.
    const still = await tx.query('SELECT 1 FROM cases WHERE id = $1 AND status = $2 AND closed_at < $3 FOR UPDATE', [caseId, 'closed', before]);
    if (still.rowCount === 0) return {};
    const persons = await ids(tx, 'SELECT id FROM case_persons WHERE case_id = $1 ORDER BY id', [caseId]);
    const assessments = await ids(tx, 'SELECT id FROM assessments WHERE case_id = $1 ORDER BY id', [caseId]);
    const plans = await ids(tx, 'SELECT id FROM protection_plans WHERE case_id = $1 ORDER BY id', [caseId]);
    const measures = await ids(tx, 'SELECT m.id FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id WHERE p.case_id = $1 ORDER BY m.id', [caseId]);
    const rriContacts = await ids(tx, 'SELECT id FROM rri_contacts WHERE case_id = $1 ORDER BY id', [caseId]);
    const rriOutcomes = await ids(tx, 'SELECT id FROM rri_outcomes WHERE case_id = $1 ORDER BY id', [caseId]);
    const shares = await ids(tx, 'SELECT id FROM case_shares WHERE case_id = $1 ORDER BY id', [caseId]);
    const reviews = await ids(tx, 'SELECT id FROM assessment_reviews WHERE case_id = $1 ORDER BY id', [caseId]);
    // Children before parents; answers, measures and the schedule go with their parents (ON DELETE CASCADE).
    // A share's recipients and snapshots go with it (ON DELETE CASCADE); reviews stand beside their assessments.
    // The notices recorded about the case (notice_outbox, 104), sent or not, go with the case (ON DELETE CASCADE).
    await tx.query('DELETE FROM rri_outcomes WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM rri_contacts WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM case_shares WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM assessment_reviews WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM reassessments WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM protection_plans WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM case_persons WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM case_assignments WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM assessments WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM cases WHERE id = $1', [caseId]);
    const erased: [CaseEntityType, string[]][] = [
      ['rri_outcome', rriOutcomes],
      ['rri_contact', rriContacts],
      ['share', shares],
      ['review', reviews],
      ['measure', measures],
      ['plan', plans],
      ['person', persons],
      ['assessment', assessments],
      ['case', [caseId]],
    ];
    for (const [type, list] of erased) {
      for (const id of list) await appendAudit(tx, RETENTION_AUDIT, 'retention.erase', { type, id }, { dataClass: 'closed_case', caseId });
    }
    return Object.fromEntries(erased.filter(([, list]) => list.length > 0).map(([type, list]) => [type, list.length]));
  });
}

/** Erases one abandoned draft, if it is still an unreferenced draft unchanged since before the cutoff. */
async function eraseStaleDraft(db: Database, assessmentId: string, before: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(ERASURE_LOCK);
    const still = await tx.query<{ case_id: string }>(
      `SELECT case_id FROM assessments a WHERE id = $1 AND status IN ('draft', 'discarded') AND updated_at < $2
         AND NOT EXISTS (SELECT 1 FROM reassessments r WHERE r.done_assessment_id = a.id)
       FOR UPDATE`,
      [assessmentId, before],
    );
    const row = still.rows[0];
    if (!row) return false;
    await tx.query('DELETE FROM assessments WHERE id = $1', [assessmentId]);
    await appendAudit(tx, RETENTION_AUDIT, 'retention.erase', { type: 'assessment', id: assessmentId }, { dataClass: 'stale_draft', caseId: row.case_id });
    return true;
  });
}

/**
 * Runs every data class once, measuring periods from `asOf` (now by default).
 * Each case or draft is erased in its own transaction with its audit rows, so
 * a failure part-way leaves whole entities, never half of one.
 */
export async function runRetention(db: Database, periods: RetentionPeriods, asOf: Date = new Date()): Promise<RetentionReport> {
  const report: RetentionReport = { asOf, erased: { closed_case: {}, stale_draft: {} } };
  const add = (dataClass: RetentionDataClass, counts: Partial<Record<CaseEntityType, number>>) => {
    for (const [type, n] of Object.entries(counts) as [CaseEntityType, number][]) {
      report.erased[dataClass][type] = (report.erased[dataClass][type] ?? 0) + n;
    }
  };
  for (const dataClass of RETENTION_DATA_CLASSES) {
    switch (dataClass) {
      case 'closed_case': {
        const before = cutoff(asOf, periods.closedCaseDays);
        const due = await ids(db, `SELECT id FROM cases WHERE status = 'closed' AND closed_at < $1 ORDER BY closed_at, id`, [before]);
        for (const caseId of due) add(dataClass, await eraseClosedCase(db, caseId, before));
        break;
      }
      case 'stale_draft': {
        const before = cutoff(asOf, periods.draftDays);
        const due = await ids(db, `SELECT id FROM assessments WHERE status IN ('draft', 'discarded') AND updated_at < $1 ORDER BY updated_at, id`, [before]);
        for (const id of due) if (await eraseStaleDraft(db, id, before)) add(dataClass, { assessment: 1 });
        break;
      }
      default: {
        const never: never = dataClass;
        throw new Error(`unknown data class ${String(never)}`);
      }
    }
  }
  return report;
}

/** Runs the job now and then every `intervalMs`, one run at a time; returns a stop function. Failures are logged, not thrown. */
export function scheduleRetention(db: Database, periods: RetentionPeriods, log: Logger, intervalMs: number, clock: Clock = systemClock): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runRetention(db, periods, clock.now());
      log.info({ erased: report.erased }, 'retention run');
    } catch (err) {
      log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'retention run failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
