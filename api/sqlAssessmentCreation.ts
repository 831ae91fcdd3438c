// A new draft, and its case when the case number is new — not on a closed
// case — optionally under an Idempotency-Key, so a retried create returns the
// first draft instead of making a second.
import { RepositoryError, type AssessmentRecord, type IdempotencyRef, type IdempotentCreateOutcome, type NewAssessment } from './assessmentRepository.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database, Queryable } from './database.js';
import { readAssessment } from './sqlAssessmentRecord.js';
import { UUID_PATTERN } from './uuidPattern.js';

/** Thrown inside a create transaction when a concurrent request claimed the same idempotency key first; the create is rolled back and retried. */
class IdempotencyRace extends Error {}

const IDEMPOTENT_OPERATION = 'assessment.create';

export function createAssessment(db: Database, input: NewAssessment, audit: AuditContext): Promise<AssessmentRecord> {
  return db.transaction((tx) => insertAssessment(tx, input, audit));
}

export async function createAssessmentIdempotent(db: Database, input: NewAssessment, audit: AuditContext, idempotency: IdempotencyRef): Promise<IdempotentCreateOutcome> {
  // Two attempts: a concurrent request with the same key makes the first
  // one roll back (its key insert waited for the other and found it taken);
  // the second then finds the other's assessment and replays it.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const seen = await tx.query<{ request_hash: string; assessment_id: string }>(
          `SELECT request_hash, assessment_id FROM idempotency_keys WHERE actor_id = $1 AND operation = $2 AND key = $3`,
          [audit.actorId, IDEMPOTENT_OPERATION, idempotency.key],
        );
        const earlier = seen.rows[0];
        if (earlier) {
          if (earlier.request_hash !== idempotency.requestHash) {
            throw new RepositoryError('idempotency_key_reused', 'this Idempotency-Key was used for a different request');
          }
          const record = await readAssessment(tx, earlier.assessment_id);
          // The replay discloses the assessment again: a consultation like any read.
          await appendAudit(tx, audit, 'assessment.read', { type: 'assessment', id: earlier.assessment_id }, { idempotentReplay: true });
          return { record: record!, replayed: true };
        }
        const record = await insertAssessment(tx, input, audit);
        // The key after the audit row, yet it never waits (api/auditLog.ts): a key not yet committed is one of a
        // transaction past its own audit row, so holding the chain's head — which only this one holds now.
        const claimed = await tx.query(
          `INSERT INTO idempotency_keys (actor_id, operation, key, request_hash, assessment_id) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING key`,
          [audit.actorId, IDEMPOTENT_OPERATION, idempotency.key, idempotency.requestHash, record.id],
        );
        if (claimed.rowCount === 0) throw new IdempotencyRace();
        return { record, replayed: false };
      });
    } catch (err) {
      if (err instanceof IdempotencyRace && attempt === 0) continue;
      throw err;
    }
  }
}

async function insertAssessment(tx: Queryable, input: NewAssessment, audit: AuditContext): Promise<AssessmentRecord> {
  // The no-op update makes RETURNING yield the id of an existing case too,
  // without changing its region — unless the case is closed: then nothing
  // is returned. The conflict's row lock is taken before the WHERE is
  // checked on the latest committed row, and a status change locks the case
  // row too, so the case cannot close between this check and the new draft
  // (closing waits, then counts the draft and refuses).
  const caseRow = await tx.query<{ id: string }>(
    `INSERT INTO cases (case_number, region) VALUES ($1, $2)
     ON CONFLICT (case_number) DO UPDATE SET case_number = EXCLUDED.case_number
       WHERE cases.status <> 'closed'
     RETURNING id`,
    [input.caseNumber, input.region],
  );
  if (!caseRow.rows[0]) throw new RepositoryError('case_closed', 'the case is closed; reopen it first');
  const reassessmentOf = input.reassessmentOf ?? null;
  if (reassessmentOf !== null) {
    const earlier = UUID_PATTERN.test(reassessmentOf)
      ? await tx.query('SELECT 1 FROM assessments WHERE id = $1 AND case_id = $2 AND instrument_id = $3 AND status = $4', [reassessmentOf, caseRow.rows[0].id, input.instrumentId, 'completed'])
      : { rows: [] };
    if (earlier.rows.length === 0) throw new RepositoryError('invalid_reference', 'reassessmentOf must be a completed assessment of the same case and instrument');
  }
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO assessments (case_id, level, instrument_id, pack_id, pack_version, pack_hash, officer_id, mode, last_activity_at, reassessment_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()), $10) RETURNING id`,
    [
      caseRow.rows[0].id,
      input.level,
      input.instrumentId,
      input.pack.id,
      input.pack.version,
      input.pack.hash,
      input.officerId,
      input.mode ?? 'step',
      input.startedAt ?? null,
      reassessmentOf,
    ],
  );
  const id = inserted.rows[0]!.id;
  await appendAudit(tx, audit, 'assessment.create', { type: 'assessment', id }, {
    level: input.level,
    instrumentId: input.instrumentId,
    ...(reassessmentOf === null ? {} : { reassessmentOf }),
  });
  return (await readAssessment(tx, id))!;
}
