// Assessments in Postgres (either engine). Each method that touches an
// assessment runs in one transaction together with its audit row, so nothing
// is created, changed or consulted without a record of who, via what and why.
//
// A closed case takes no new work: no new draft, and no answer or completion
// of a draft either. The latter should not arise — closing needs a case
// without drafts (api/caseChangeRules.ts), and a create checks the status
// under the case's row lock, which closing takes too — so the answer and
// completion guards only keep a draft that got onto a closed case some other
// way (an edit behind the API's back) from being worked on: the case is
// reopened (status bops) first. Reading stays allowed.
import type {
  CompletionCheck,
  AnswerInput,
  AccessFacts,
  CaseListPage,
  CaseListPageRequest,
  IdempotencyRef,
  IdempotentCreateOutcome,
  WriteCondition,
  AnswerValue,
  AssessmentLevel,
  AssessmentMode,
  AssessmentOwnership,
  AssessmentRecord,
  AssessmentRepository,
  AssessmentStatus,
  AssessmentSummary,
  NewAssessment,
  StoredAnswer,
} from './assessmentRepository.js';
import { RepositoryError, type VersionChoice } from './assessmentRepository.js';
import { activeTimeUpdateSql, ACTIVE_GAP_LIMIT_SECONDS } from './activeTime.js';
import { appendAudit, AUDIT_ROW_COLUMNS, auditRowValues, type AuditContext, type AuditRow } from './auditLog.js';
import type { CaseStatus } from './caseDomain.js';
import type { Database, Queryable } from './database.js';
import type { PoliceRegion } from './policeRegions.js';

// An id that is not a uuid cannot exist; asking Postgres would be an error
// (invalid input syntax for type uuid) instead of "not found".
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SELECT_SUMMARY = `
  SELECT a.id, c.case_number, c.region, a.level, a.instrument_id, a.pack_id, a.pack_version, a.pack_hash,
         a.status, a.officer_id, a.created_at, a.updated_at, a.completed_at, a.discarded_at, a.discard_reason, a.version_choice, a.reassessment_of, a.version, a.derived,
         a.mode, extract(epoch FROM a.active_time)::float8 AS active_seconds
  FROM assessments a JOIN cases c ON c.id = a.case_id`;

interface SummaryRow {
  id: string;
  case_number: string;
  region: PoliceRegion;
  level: AssessmentLevel;
  instrument_id: string;
  pack_id: string;
  pack_version: string;
  pack_hash: string;
  status: AssessmentStatus;
  officer_id: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  discarded_at: Date | null;
  discard_reason: string | null;
  version_choice: string | null;
  reassessment_of: string | null;
  version: number;
  derived: Record<string, unknown> | null;
  mode: AssessmentMode;
  active_seconds: number | null;
}

interface AnswerRow {
  item_id: string;
  value: AnswerValue;
  rationale: string | null;
  answered_by: string;
  answered_at: Date;
}

interface AuditLogRow {
  id: string;
  at: Date;
  actor_id: string;
  via_id: string | null;
  action: AuditRow['action'];
  entity_type: AuditRow['entityType'];
  entity_id: string;
  purpose: string;
  detail: Record<string, unknown>;
}

function toSummary(row: SummaryRow): AssessmentSummary {
  return {
    id: row.id,
    caseNumber: row.case_number,
    region: row.region,
    level: row.level,
    instrumentId: row.instrument_id,
    pack: { id: row.pack_id, version: row.pack_version, hash: row.pack_hash },
    status: row.status,
    officerId: row.officer_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    discardedAt: row.discarded_at,
    discardReason: row.discard_reason,
    versionChoice: row.version_choice,
    reassessmentOf: row.reassessment_of,
    version: row.version,
    derived: row.derived,
    mode: row.mode,
    // Whole seconds: what statistics need, and the same on both engines.
    activeSeconds: row.active_seconds === null ? null : Math.round(Number(row.active_seconds)),
  };
}

function toAnswer(row: AnswerRow): StoredAnswer {
  return {
    itemId: row.item_id,
    value: row.value,
    rationale: row.rationale,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
  };
}

async function readRecord(q: Queryable, id: string): Promise<AssessmentRecord | undefined> {
  const { rows } = await q.query<SummaryRow>(`${SELECT_SUMMARY} WHERE a.id = $1`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  const answers = await q.query<AnswerRow>(
    `SELECT item_id, value, rationale, answered_by, answered_at FROM assessment_answers
     WHERE assessment_id = $1 ORDER BY answered_at, item_id`,
    [id],
  );
  return { ...toSummary(row), answers: answers.rows.map(toAnswer) };
}

const caseClosed = (assessmentId: string) => new RepositoryError('case_closed', `the case of assessment ${assessmentId} is closed; reopen it first`);

/**
 * Locks a draft against concurrent change for the rest of the transaction, or
 * throws why it cannot be changed. The version is compared under the lock, so
 * an If-Match check and the change it guards cannot be separated by another write.
 */
async function lockDraft(tx: Queryable, id: string, condition: WriteCondition = {}): Promise<void> {
  // The case's status needs no lock of its own: a case cannot close while this draft exists, and
  // the draft is locked here, so an open case stays open until this transaction ends.
  const { rows } = UUID.test(id)
    ? await tx.query<{ status: AssessmentStatus; version: number; case_status: CaseStatus }>(
        'SELECT a.status, a.version, c.status AS case_status FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1 FOR UPDATE OF a',
        [id],
      )
    : { rows: [] };
  const row = rows[0];
  if (!row) throw new RepositoryError('not_found', `Assessment ${id} does not exist`);
  if (condition.expectedVersions !== undefined && !condition.expectedVersions.includes(row.version)) {
    throw new RepositoryError('version_mismatch', `Assessment ${id} is at version ${row.version}, not ${condition.expectedVersions.join(' or ')}`);
  }
  if (row.status !== 'draft') throw new RepositoryError('not_draft', `Assessment ${id} is ${row.status}, not a draft`);
  if (row.case_status === 'closed') throw caseClosed(id);
}

/**
 * The access-facts guard of a statement whose parameters from $first on are
 * accessFactsParams(): true when no facts are given, else whether the
 * assessment (a) in its case (c) still has them. Columns and parameters are
 * kept here side by side so their order cannot drift apart.
 */
const accessFactsGuard = (first: number) =>
  `($${first}::boolean IS FALSE OR (c.region, a.officer_id, a.level, a.instrument_id, a.pack_id, a.pack_version, a.pack_hash)
     = ($${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5}, $${first + 6}, $${first + 7}))`;

const accessFactsParams = (facts: AccessFacts | undefined): unknown[] => [
  facts !== undefined,
  facts?.region ?? null,
  facts?.officerId ?? null,
  facts?.level ?? null,
  facts?.instrumentId ?? null,
  facts?.pack.id ?? null,
  facts?.pack.version ?? null,
  facts?.pack.hash ?? null,
];

const sameAccessFacts = (a: AccessFacts, b: AccessFacts) =>
  a.region === b.region &&
  a.officerId === b.officerId &&
  a.level === b.level &&
  a.instrumentId === b.instrumentId &&
  a.pack.id === b.pack.id &&
  a.pack.version === b.pack.version &&
  a.pack.hash === b.pack.hash;

/** Thrown inside a create transaction when a concurrent request claimed the same idempotency key first; the create is rolled back and retried. */
class IdempotencyRace extends Error {}

const IDEMPOTENT_OPERATION = 'assessment.create';

export class SqlAssessmentRepository implements AssessmentRepository {
  constructor(private readonly db: Database) {}

  create(input: NewAssessment, audit: AuditContext): Promise<AssessmentRecord> {
    return this.db.transaction((tx) => this.insert(tx, input, audit));
  }

  async createIdempotent(input: NewAssessment, audit: AuditContext, idempotency: IdempotencyRef): Promise<IdempotentCreateOutcome> {
    // Two attempts: a concurrent request with the same key makes the first
    // one roll back (its key insert waited for the other and found it taken);
    // the second then finds the other's assessment and replays it.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          const seen = await tx.query<{ request_hash: string; assessment_id: string }>(
            `SELECT request_hash, assessment_id FROM idempotency_keys WHERE actor_id = $1 AND operation = $2 AND key = $3`,
            [audit.actorId, IDEMPOTENT_OPERATION, idempotency.key],
          );
          const earlier = seen.rows[0];
          if (earlier) {
            if (earlier.request_hash !== idempotency.requestHash) {
              throw new RepositoryError('idempotency_key_reused', 'this Idempotency-Key was used for a different request');
            }
            const record = await readRecord(tx, earlier.assessment_id);
            // The replay discloses the assessment again: a consultation like any read.
            await appendAudit(tx, audit, 'assessment.read', { type: 'assessment', id: earlier.assessment_id }, { idempotentReplay: true });
            return { record: record!, replayed: true };
          }
          const record = await this.insert(tx, input, audit);
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

  private async insert(tx: Queryable, input: NewAssessment, audit: AuditContext): Promise<AssessmentRecord> {
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
      const earlier = UUID.test(reassessmentOf)
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
    return (await readRecord(tx, id))!;
  }

  /**
   * One statement, so one round trip and the implicit transaction of a single
   * statement: the version bump (which takes the row lock and re-checks its
   * conditions under it), the answer upsert and the audit row happen together
   * or not at all. Only when nothing was written is the row read again, to say why.
   * The case's status is read, not locked, as in lockDraft(): while the draft
   * exists the case cannot close.
   */
  async saveAnswer(assessmentId: string, answer: AnswerInput, audit: AuditContext, condition: WriteCondition = {}, at?: Date): Promise<{ version: number }> {
    if (!UUID.test(assessmentId)) throw new RepositoryError('not_found', `Assessment ${assessmentId} does not exist`);
    const facts = condition.decidedOn;
    const { rows } = await this.db.query<{ version: number }>(
      `WITH bump AS (
         UPDATE assessments a SET updated_at = now(), version = a.version + 1,
           ${activeTimeUpdateSql('a', 'coalesce($22::timestamptz, now())', '$23')}
         FROM cases c
         WHERE a.id = $1 AND c.id = a.case_id AND a.status = 'draft' AND c.status <> 'closed'
           AND ($2::int[] IS NULL OR a.version = ANY ($2::int[]))
           AND ${accessFactsGuard(3)}
         RETURNING a.id, a.version
       ), answer AS (
         INSERT INTO assessment_answers (assessment_id, item_id, value, rationale, answered_by)
         SELECT bump.id, $11, $12::jsonb, $13, $14 FROM bump
         ON CONFLICT (assessment_id, item_id) DO UPDATE SET
           value = EXCLUDED.value, rationale = EXCLUDED.rationale,
           answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at
       ), audit AS (
         INSERT INTO audit_log ${AUDIT_ROW_COLUMNS}
         SELECT $15, $16, $17, $18, $19, $20, $21::jsonb FROM bump
       )
       SELECT version FROM bump`,
      [
        assessmentId,
        condition.expectedVersions === undefined ? null : [...condition.expectedVersions],
        ...accessFactsParams(facts),
        answer.itemId,
        JSON.stringify(answer.value),
        answer.rationale,
        audit.actorId,
        // The item id only: the value and rationale are personal data and stay in their table.
        ...auditRowValues(audit, 'assessment.answer', { type: 'assessment', id: assessmentId }, { itemId: answer.itemId }),
        at ?? null,
        ACTIVE_GAP_LIMIT_SECONDS,
      ],
      // Parsing and planning this CTE is a large share of its cost (about a third, measured).
      { prepareAs: 'assessment_save_answer' },
    );
    if (rows[0]) return { version: rows[0].version };
    throw await this.whyNotWritten(assessmentId, condition);
  }

  /** Why a guarded change wrote nothing; versions are compared before the status, and the status before the case's, as lockDraft does. */
  private async whyNotWritten(assessmentId: string, condition: WriteCondition): Promise<RepositoryError> {
    const current = await this.summaryOf(assessmentId);
    if (!current) return new RepositoryError('not_found', `Assessment ${assessmentId} does not exist`);
    const facts = condition.decidedOn;
    if (facts !== undefined && !sameAccessFacts(facts, current)) {
      return new RepositoryError('access_facts_changed', `Assessment ${assessmentId} changed owner, region or instrument since access was decided`);
    }
    if (condition.expectedVersions !== undefined && !condition.expectedVersions.includes(current.version)) {
      return new RepositoryError('version_mismatch', `Assessment ${assessmentId} is at version ${current.version}, not ${condition.expectedVersions.join(' or ')}`);
    }
    if (current.status !== 'draft') return new RepositoryError('not_draft', `Assessment ${assessmentId} is ${current.status}, not a draft`);
    const caseStatus = await this.db.query<{ status: CaseStatus }>('SELECT c.status FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1', [assessmentId]);
    if (caseStatus.rows[0]?.status === 'closed') return caseClosed(assessmentId);
    // Everything holds again a moment later (a region moved and moved back): let the caller decide afresh.
    return new RepositoryError('access_facts_changed', `Assessment ${assessmentId} changed while the answer was saved`);
  }

  complete(
    assessmentId: string,
    audit: AuditContext,
    finalise: CompletionCheck = () => ({ discard: [] }),
    condition?: WriteCondition,
    at?: Date,
  ): Promise<AssessmentRecord> {
    return this.db.transaction(async (tx) => {
      await lockDraft(tx, assessmentId, condition);
      // Checked under the row lock, so no answer can change between the check and the completion.
      const { discard, derived, referral } = finalise((await readRecord(tx, assessmentId))!.answers);
      for (const itemId of discard) {
        await tx.query('DELETE FROM assessment_answers WHERE assessment_id = $1 AND item_id = $2', [assessmentId, itemId]);
      }
      await tx.query(
        `UPDATE assessments SET status = 'completed', completed_at = now(), updated_at = now(), version = version + 1, derived = $2::jsonb,
           ${activeTimeUpdateSql('assessments', 'coalesce($3::timestamptz, now())', '$4')}
         WHERE id = $1`,
        [assessmentId, derived === undefined ? null : JSON.stringify(derived), at ?? null, ACTIVE_GAP_LIMIT_SECONDS],
      );
      await appendAudit(tx, audit, 'assessment.complete', { type: 'assessment', id: assessmentId }, discard.length ? { discardedItemIds: discard } : {});
      if (referral) {
        // Issue 12: the referral to the Bops officers of the case's region, with the completion or not at all.
        const { rows } = await tx.query<{ id: string; case_id: string }>(
          `INSERT INTO referrals (case_id, assessment_id, region, referred_by, red_flag_item_ids)
           SELECT a.case_id, a.id, c.region, a.officer_id, $2::text[] FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1
           RETURNING id, case_id`,
          [assessmentId, referral.redFlagItemIds],
        );
        await appendAudit(tx, audit, 'referral.create', { type: 'case', id: rows[0]!.case_id }, { referralId: rows[0]!.id, assessmentId });
      }
      return (await readRecord(tx, assessmentId))!;
    });
  }

  discard(assessmentId: string, reason: string, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord> {
    return this.db.transaction(async (tx) => {
      await lockDraft(tx, assessmentId, condition);
      await tx.query(
        `UPDATE assessments SET status = 'discarded', discarded_at = now(), discard_reason = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
        [assessmentId, reason],
      );
      // No reason on the audit row: it is the officer's free text and stays on the assessment.
      await appendAudit(tx, audit, 'assessment.discard', { type: 'assessment', id: assessmentId });
      return (await readRecord(tx, assessmentId))!;
    });
  }

  chooseVersion(assessmentId: string, choice: VersionChoice, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord> {
    return this.db.transaction(async (tx) => {
      await lockDraft(tx, assessmentId, condition);
      const before = (await readRecord(tx, assessmentId))!;
      const drop = choice.move ? choice.migrate(before.answers).drop : [];
      for (const itemId of drop) await tx.query('DELETE FROM assessment_answers WHERE assessment_id = $1 AND item_id = $2', [assessmentId, itemId]);
      if (choice.move) {
        await tx.query(
          'UPDATE assessments SET pack_version = $2, pack_hash = $3, version_choice = $2, updated_at = now(), version = version + 1 WHERE id = $1',
          [assessmentId, choice.offered, choice.packHash],
        );
      } else {
        await tx.query('UPDATE assessments SET version_choice = $2, updated_at = now(), version = version + 1 WHERE id = $1', [assessmentId, choice.offered]);
      }
      // Versions and item ids only: the answers themselves stay in their table.
      await appendAudit(tx, audit, 'assessment.version_choice', { type: 'assessment', id: assessmentId }, {
        from: before.pack.version,
        offered: choice.offered,
        moved: choice.move,
        ...(drop.length ? { droppedItemIds: drop } : {}),
      });
      return (await readRecord(tx, assessmentId))!;
    });
  }

  /**
   * One statement, like saveAnswer: the assessment, its answers and the
   * consultation's audit row, guarded by the facts access was decided on.
   */
  async get(assessmentId: string, audit: AuditContext, decidedOn?: AccessFacts, action: 'assessment.read' | 'assessment.document' = 'assessment.read'): Promise<AssessmentRecord | undefined> {
    if (!UUID.test(assessmentId)) return undefined;
    const { rows } = await this.db.query<SummaryRow & { answers: (Omit<AnswerRow, 'answered_at'> & { answered_at: string })[] }>(
      `WITH found AS (
         ${SELECT_SUMMARY}
         WHERE a.id = $1 AND ${accessFactsGuard(2)}
       ), audit AS (
         INSERT INTO audit_log ${AUDIT_ROW_COLUMNS}
         SELECT $10, $11, $12, $13, $14, $15, $16::jsonb FROM found
       )
       SELECT found.*,
              (SELECT coalesce(json_agg(json_build_object('item_id', item_id, 'value', value, 'rationale', rationale,
                                                          'answered_by', answered_by, 'answered_at', answered_at)
                                        ORDER BY answered_at, item_id), '[]'::json)
               FROM assessment_answers WHERE assessment_id = found.id) AS answers
       FROM found`,
      [
        assessmentId,
        ...accessFactsParams(decidedOn),
        ...auditRowValues(audit, action, { type: 'assessment', id: assessmentId }),
      ],
      { prepareAs: 'assessment_get' },
    );
    const row = rows[0];
    if (row) {
      const { answers, ...summary } = row;
      return { ...toSummary(summary), answers: answers.map((a) => toAnswer({ ...a, answered_at: new Date(a.answered_at) })) };
    }
    if (decidedOn === undefined) return undefined;
    const current = await this.summaryOf(assessmentId);
    if (!current) return undefined;
    throw new RepositoryError('access_facts_changed', `Assessment ${assessmentId} changed owner, region or instrument since access was decided`);
  }

  async ownership(assessmentId: string): Promise<AssessmentOwnership | undefined> {
    const current = await this.summaryOf(assessmentId);
    if (!current) return undefined;
    const { id, region, officerId, status, level, instrumentId, pack } = current;
    return { id, region, officerId, status, level, instrumentId, pack };
  }

  private async summaryOf(assessmentId: string): Promise<AssessmentSummary | undefined> {
    if (!UUID.test(assessmentId)) return undefined;
    const { rows } = await this.db.query<SummaryRow>(`${SELECT_SUMMARY} WHERE a.id = $1`, [assessmentId]);
    return rows[0] && toSummary(rows[0]);
  }

  async caseRegion(caseNumber: string): Promise<PoliceRegion | undefined> {
    const { rows } = await this.db.query<{ region: PoliceRegion }>('SELECT region FROM cases WHERE case_number = $1', [
      caseNumber,
    ]);
    return rows[0]?.region;
  }

  async latestCompletedId(caseNumber: string, instrumentId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT a.id FROM assessments a JOIN cases c ON c.id = a.case_id
       WHERE c.case_number = $1 AND a.instrument_id = $2 AND a.status = 'completed'
       ORDER BY a.completed_at DESC, a.id DESC LIMIT 1`,
      [caseNumber, instrumentId],
    );
    return rows[0]?.id;
  }

  listByCasePage(caseNumber: string, audit: AuditContext, page: CaseListPageRequest): Promise<CaseListPage> {
    return this.db.transaction(async (tx) => {
      const caseRow = await tx.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber]);
      const caseId = caseRow.rows[0]?.id;
      if (caseId === undefined) return { items: [], next: null };
      const params: unknown[] = [caseId, page.onlyOfficerId ?? null, page.limit + 1];
      let after = '';
      if (page.after) {
        params.push(page.after.createdAtMicros, page.after.id);
        // Row comparison on the exact microseconds, so equal timestamps neither repeat nor drop a row.
        after = `AND (a.created_at, a.id) < (to_timestamp(0) + $4::bigint * interval '1 microsecond', $5::uuid)`;
      }
      const { rows } = await tx.query<SummaryRow & { created_at_micros: string }>(
        `SELECT s.*, (extract(epoch FROM s.created_at) * 1000000)::bigint::text AS created_at_micros
         FROM (${SELECT_SUMMARY} WHERE a.case_id = $1 AND ($2::text IS NULL OR a.officer_id = $2) ${after}
               ORDER BY a.created_at DESC, a.id DESC LIMIT $3) s
         ORDER BY s.created_at DESC, s.id DESC`,
        params,
      );
      const items = rows.slice(0, page.limit);
      const last = items[items.length - 1];
      await appendAudit(tx, audit, 'case.assessments.list', { type: 'case', id: caseId }, { count: items.length });
      return {
        items: items.map(toSummary),
        next: rows.length > page.limit && last ? { createdAtMicros: last.created_at_micros, id: last.id } : null,
      };
    });
  }

  auditTrail(entityType: AuditRow['entityType'], entityId: string, audit?: AuditContext): Promise<AuditRow[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<AuditLogRow>(
        `SELECT id::text AS id, at, actor_id, via_id, action, entity_type, entity_id, purpose, detail
         FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY audit_log.id`,
        [entityType, entityId],
      );
      // The read itself joins the trail after what it returned.
      if (audit) await appendAudit(tx, audit, 'audit.read', { type: entityType, id: entityId }, { rows: rows.length });
      return rows.map(toAuditRow);
    });
  }
}

function toAuditRow(row: AuditLogRow): AuditRow {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    viaId: row.via_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    purpose: row.purpose,
    detail: row.detail,
  };
}
