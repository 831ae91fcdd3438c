// The retention job on both engines erases exactly what is due and nothing
// else: closed cases past their period with everything in them, drafts
// untouched past theirs; cases just inside the period, open cases, completed
// assessments and fresh drafts stay. Each erasure leaves an audit row without
// the erased data, earlier audit rows stay, and a second run finds nothing.
// Periods are measured from a fixed moment, so no test depends on the clock.
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditContext } from './auditLog.js';
import { verifyAuditChain } from './auditChainVerifier.js';
import type { Database, QueryOptions } from './database.js';
import { runRetention, scheduleRetention, type RetentionPeriods } from './retentionJob.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';
import { SqlCaseRepository } from './sqlCaseRepository.js';
import { SqlReviews } from './sqlReviews.js';
import { SqlShares } from './sqlShares.js';
import { untilWaitingForLocks } from '../test/lockWaiters.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const AUDIT: AuditContext = { actorId: 'officer-fict-0301', viaId: null, purpose: 'test setup' };
const PACK = { id: 'bops-exempel', version: '1.0.0', hash: createHash('sha256').update('retention').digest('hex') };
const PERIODS: RetentionPeriods = { closedCaseDays: 1095, draftDays: 180 };
const AS_OF = new Date('2030-06-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysBefore = (days: number) => new Date(AS_OF.getTime() - days * DAY);

let serial = 0;
const newCaseNumber = () => `3300-K${String(++serial).padStart(6, '0')}-26`;

describe.each(DATABASE_ENGINES)('retention job on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;
  let cases: SqlCaseRepository;
  let assessments: SqlAssessmentRepository;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    db = opened.db;
    cases = new SqlCaseRepository(db);
    assessments = new SqlAssessmentRepository(db);
  });
  afterAll(() => opened.dispose());

  /** A case with a person, a completed assessment with an answer, a plan with a measure and a re-assessment; closed `closedDaysAgo` days before AS_OF, or open. */
  async function fullCase(closedDaysAgo: number | null) {
    const record = await cases.create({ caseNumber: newCaseNumber(), region: 'nord', violenceType: 'heder', createdBy: AUDIT.actorId }, AUDIT);
    const person = await cases.addPerson(record.id, { role: 'malsagande', label: 'MÄ Raderas', protectedIdentity: true }, AUDIT);
    const assessment = await assessments.create({ caseNumber: record.caseNumber, region: 'nord', level: 'structured', instrumentId: 'patriark', pack: PACK, officerId: AUDIT.actorId }, AUDIT);
    await assessments.saveAnswer(assessment.id, { itemId: 'faktor-1', value: 'ja', rationale: 'Fiktiv motivering' }, AUDIT);
    await assessments.complete(assessment.id, AUDIT);
    const plan = await cases.createPlan(
      { caseId: record.id, assessmentId: assessment.id, protectedPersonId: person.id, reassessOn: '2027-01-01', measures: [{ part: 'stod', measureId: 'socialtjanst', status: 'proposed', responsible: 'socialtjanst', followUpOn: null, decisionRef: null }] },
      AUDIT,
    );
    if (closedDaysAgo !== null) {
      await db.query(`UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1`, [record.id, daysBefore(closedDaysAgo)]);
    }
    return { caseId: record.id, personId: person.id, assessmentId: assessment.id, planId: plan.id, measureId: plan.measures[0]!.id };
  }

  async function draft(untouchedDays: number): Promise<string> {
    const created = await assessments.create({ caseNumber: newCaseNumber(), region: 'nord', level: 'initial', instrumentId: 'initial', pack: PACK, officerId: AUDIT.actorId }, AUDIT);
    await assessments.saveAnswer(created.id, { itemId: 'hotbildsfraga', value: 'ja', rationale: null }, AUDIT);
    await db.query('UPDATE assessments SET updated_at = $2 WHERE id = $1', [created.id, daysBefore(untouchedDays)]);
    return created.id;
  }

  const exists = async (table: string, id: string) => (await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rowCount === 1;
  const answers = async (assessmentId: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM assessment_answers WHERE assessment_id = $1', [assessmentId])).rows[0]!.n;
  const erasureRows = async () =>
    (await db.query<{ entity_type: string; entity_id: string; actor_id: string; purpose: string; detail: Record<string, unknown> }>(
      `SELECT entity_type, entity_id, actor_id, purpose, detail FROM audit_log WHERE action = 'retention.erase' ORDER BY id`,
    )).rows;

  it('erases exactly the closed cases and stale drafts that are due, with everything in them, and logs each erasure', async () => {
    const due = await fullCase(1096);
    const justInside = await fullCase(1094);
    const open = await fullCase(null);
    const staleDraft = await draft(181);
    const freshDraft = await draft(179);
    // A completed assessment in an open case is never a draft, however old.
    const oldCompleted = open.assessmentId;
    await db.query('UPDATE assessments SET updated_at = $2 WHERE id = $1', [oldCompleted, daysBefore(4000)]);
    const auditBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;

    const report = await runRetention(db, PERIODS, AS_OF);

    expect(report.erased).toEqual({
      closed_case: { case: 1, person: 1, assessment: 1, plan: 1, measure: 1 },
      stale_draft: { assessment: 1 },
    });
    expect(await exists('cases', due.caseId)).toBe(false);
    expect(await exists('case_persons', due.personId)).toBe(false);
    expect(await exists('assessments', due.assessmentId)).toBe(false);
    expect(await answers(due.assessmentId)).toBe(0);
    expect(await exists('protection_plans', due.planId)).toBe(false);
    expect(await exists('protection_measures', due.measureId)).toBe(false);
    expect((await db.query('SELECT 1 FROM reassessments WHERE plan_id = $1', [due.planId])).rowCount).toBe(0);
    expect(await exists('assessments', staleDraft)).toBe(false);
    expect(await answers(staleDraft)).toBe(0);

    for (const kept of [justInside, open]) {
      expect(await exists('cases', kept.caseId)).toBe(true);
      expect(await exists('case_persons', kept.personId)).toBe(true);
      expect(await exists('assessments', kept.assessmentId)).toBe(true);
      expect(await answers(kept.assessmentId)).toBe(1);
      expect(await exists('protection_measures', kept.measureId)).toBe(true);
    }
    expect(await exists('assessments', freshDraft)).toBe(true);
    expect(await answers(freshDraft)).toBe(1);

    const rows = await erasureRows();
    expect(rows.map((r) => [r.entity_type, r.entity_id, r.detail['dataClass']]).sort()).toEqual(
      [
        ['measure', due.measureId, 'closed_case'],
        ['plan', due.planId, 'closed_case'],
        ['person', due.personId, 'closed_case'],
        ['assessment', due.assessmentId, 'closed_case'],
        ['case', due.caseId, 'closed_case'],
        ['assessment', staleDraft, 'stale_draft'],
      ].sort(),
    );
    expect(rows.every((r) => r.actor_id === 'system:retention' && r.purpose === 'gallring')).toBe(true);
    const logged = JSON.stringify(rows);
    for (const erasedData of ['MÄ Raderas', 'Fiktiv motivering', 'socialtjanst', 'heder']) expect(logged).not.toContain(erasedData);
    // The history of the erased entities stays: the log is append-only.
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(auditBefore + rows.length);
    expect((await db.query('SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = $2', [due.personId, 'person.add'])).rowCount).toBe(1);

    // Erasing data never touches the log: its hash chain still verifies end to end.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    const again = await runRetention(db, PERIODS, AS_OF);
    expect(again.erased).toEqual({ closed_case: {}, stale_draft: {} });
    expect(await erasureRows()).toHaveLength(rows.length);
  });

  it('erases a closed case’s shares (with their recipients and snapshots), the reviews of its assessments and the notices recorded about it with it (issue 15, 104)', async () => {
    const { caseId, assessmentId } = await fullCase(null);
    const kept = await fullCase(null);
    await db.query(`INSERT INTO officers (id, region, roles) VALUES ('officer-ret-inv', 'nord', '{investigator}') ON CONFLICT DO NOTHING`);
    const shares = new SqlShares(db);
    const reviews = new SqlReviews(db);
    const snapshot = () => ({ pack: { id: PACK.id, version: PACK.version }, fields: { threatActorRoles: [] } });
    const share = async (id: string) => (await shares.create({ caseId: id, investigationNumber: '1800-K000777-26', recipients: ['officer-ret-inv'], reason: 'Fiktiv delning', sharedBy: AUDIT.actorId }, snapshot, AUDIT)).id;
    const review = async (id: string) => (await reviews.create({ facts: (await reviews.facts(id))!, reviewerId: 'officer-ret-rev', blind: false, verdict: 'agree', judgements: {}, reason: null }, AUDIT)).id;
    const erasedShare = await share(caseId);
    const erasedReview = await review(assessmentId);
    const keptShare = await share(kept.caseId);
    const keptReview = await review(kept.assessmentId);
    // Shared and reviewed while open, closed long ago; the share's notice was sent, the review's not.
    await db.query(`UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1`, [caseId, daysBefore(2000)]);
    await db.query(`UPDATE notice_outbox SET settled_at = now(), outcome = 'sent' WHERE subject_id = $1`, [erasedShare]);
    const notices = async (id: string) => (await db.query<{ kind: string }>('SELECT kind FROM notice_outbox WHERE case_id = $1 ORDER BY kind', [id])).rows.map((r) => r.kind);
    expect([await notices(caseId), await notices(kept.caseId)]).toEqual([['review', 'share'], ['review', 'share']]);

    const report = await runRetention(db, PERIODS, AS_OF);

    expect(report.erased.closed_case).toMatchObject({ share: 1, review: 1, case: 1 });
    expect(await exists('case_shares', erasedShare)).toBe(false);
    expect((await db.query('SELECT 1 FROM case_share_snapshots WHERE share_id = $1 UNION ALL SELECT 1 FROM case_share_recipients WHERE share_id = $1', [erasedShare])).rowCount).toBe(0);
    expect(await exists('assessment_reviews', erasedReview)).toBe(false);
    expect(await exists('case_shares', keptShare)).toBe(true);
    expect(await exists('assessment_reviews', keptReview)).toBe(true);
    expect([await notices(caseId), await notices(kept.caseId)]).toEqual([[], ['review', 'share']]);
    const rows = (await erasureRows()).filter((r) => r.entity_id === erasedShare || r.entity_id === erasedReview);
    expect(rows.map((r) => r.entity_type).sort()).toEqual(['review', 'share']);
    expect(JSON.stringify(rows)).not.toContain('Fiktiv delning');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('erases a discarded draft once draftDays have passed since it was discarded, and keeps one discarded since', async () => {
    const discardedLongAgo = await draft(10);
    const discardedLately = await draft(10);
    for (const id of [discardedLongAgo, discardedLately]) await assessments.discard(id, 'Fiktivt: fel ärende', AUDIT);
    await db.query('UPDATE assessments SET updated_at = $2 WHERE id = $1', [discardedLongAgo, daysBefore(181)]);
    await db.query('UPDATE assessments SET updated_at = $2 WHERE id = $1', [discardedLately, daysBefore(179)]);

    await runRetention(db, PERIODS, AS_OF);

    expect(await exists('assessments', discardedLongAgo)).toBe(false);
    expect(await answers(discardedLongAgo)).toBe(0);
    expect(await exists('assessments', discardedLately)).toBe(true);
    const rows = (await erasureRows()).filter((r) => r.entity_id === discardedLongAgo);
    expect(rows.map((r) => r.detail['dataClass'])).toEqual(['stale_draft']);
    expect(JSON.stringify(rows)).not.toContain('fel ärende');
  });

  it('keeps a case closed just inside its period until the period has passed', async () => {
    const c = await fullCase(1000);
    expect((await runRetention(db, PERIODS, AS_OF)).erased.closed_case).toEqual({});
    expect(await exists('cases', c.caseId)).toBe(true);
    const later = new Date(AS_OF.getTime() + 96 * DAY);
    // (The first test's case closed 1094 days before AS_OF falls due by then too.)
    await runRetention(db, PERIODS, later);
    expect(await exists('cases', c.caseId)).toBe(false);
    expect((await erasureRows()).filter((r) => r.entity_id === c.caseId)).toHaveLength(1);
  });

  it('erases a case closed through a status change (PATCH /cases/{caseNumber}) once its period has passed, and not before', async () => {
    const c = await fullCase(null);
    // A case closes only when its measures are settled; closing closes its plan too.
    await cases.updateMeasure(c.measureId, { status: 'cancelled', followUpOn: null, decisionRef: null }, AUDIT);
    const closed = await cases.update(c.caseId, { status: 'closed' }, AUDIT, [1]);
    const due = closed.closedAt!.getTime() + PERIODS.closedCaseDays * DAY;

    await runRetention(db, PERIODS, new Date(due - DAY));
    expect(await exists('cases', c.caseId)).toBe(true);
    expect(await exists('protection_plans', c.planId)).toBe(true);

    await runRetention(db, PERIODS, new Date(due + DAY));
    for (const [table, id] of [['cases', c.caseId], ['case_persons', c.personId], ['assessments', c.assessmentId], ['protection_plans', c.planId], ['protection_measures', c.measureId]] as const) {
      expect(await exists(table, id)).toBe(false);
    }
    expect((await erasureRows()).filter((r) => r.entity_id === c.caseId)).toEqual([expect.objectContaining({ entity_type: 'case', detail: { dataClass: 'closed_case', caseId: c.caseId } })]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('runs on a schedule inside a server, logging counts only', async () => {
    // This job measures from the real clock, so the case is closed relative to it.
    const c = await fullCase(null);
    await db.query(`UPDATE cases SET status = 'closed', closed_at = now() - interval '1 day' WHERE id = $1`, [c.caseId]);
    const lines: { msg: string; erased?: unknown }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    // Period 0 days: everything closed before now is due on the first, immediate run.
    const stop = scheduleRetention(db, { closedCaseDays: 0, draftDays: 100_000 }, log, 60 * 60 * 1000);
    try {
      await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('retention run'));
    } finally {
      stop();
    }
    expect(await exists('cases', c.caseId)).toBe(false);
    expect(JSON.stringify(lines)).not.toContain('MÄ Raderas');
  });
});

// Two instances run the job at about the same moment, their clocks a minute apart: for the later one
// a closed case has just come due, for the earlier one not yet, while a draft discarded in it is due
// for both. The later one is held inside the case's erasure, after it listed the case's assessments,
// while the earlier one runs; the discarded draft is erased once, with one audit row, whichever way
// their transactions meet.
describe('retention job run by two instances at once on postgres', () => {
  let opened: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    db = opened.db;
  });
  afterAll(() => opened.dispose());

  /** The database, with one transaction's query matching `pattern` held, after it answered, until open(). */
  function holdAfter(inner: Database, pattern: RegExp) {
    let reached!: () => void;
    let open!: () => void;
    const reachedP = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (open = resolve));
    let armed = true;
    const held: Database = {
      kind: inner.kind,
      query: (sql, params, options) => inner.query(sql, params, options),
      ping: () => inner.ping(),
      close: () => inner.close(),
      transaction: (fn) =>
        inner.transaction((tx) =>
          fn({
            query: async <R,>(sql: string, params?: readonly unknown[], options?: QueryOptions) => {
              const result = await tx.query<R>(sql, params, options);
              if (armed && pattern.test(sql)) {
                armed = false;
                reached();
                await gate;
              }
              return result;
            },
          }),
        ),
    };
    return { db: held, reached: reachedP, open };
  }

  it('erases a draft discarded in a case coming due once, with one audit row', async () => {
    const cases = new SqlCaseRepository(db);
    const assessments = new SqlAssessmentRepository(db);
    const record = await cases.create({ caseNumber: newCaseNumber(), region: 'nord', violenceType: 'heder', createdBy: AUDIT.actorId }, AUDIT);
    const discarded = await assessments.create({ caseNumber: record.caseNumber, region: 'nord', level: 'initial', instrumentId: 'initial', pack: PACK, officerId: AUDIT.actorId }, AUDIT);
    await assessments.discard(discarded.id, 'Fiktivt: fel ärende', AUDIT);
    await db.query('UPDATE assessments SET updated_at = $2 WHERE id = $1', [discarded.id, daysBefore(200)]);
    await db.query(`UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1`, [record.id, new Date(daysBefore(PERIODS.closedCaseDays).getTime() - 30_000)]);

    const later = holdAfter(db, /FROM assessments WHERE case_id/);
    const laterRun = runRetention(later.db, PERIODS, AS_OF);
    await later.reached;
    let earlierDone = false;
    const earlierRun = runRetention(db, PERIODS, new Date(AS_OF.getTime() - 60_000)).finally(() => (earlierDone = true));
    // Either the earlier run goes through meanwhile, or it waits for the later one's erasure.
    await Promise.race([earlierRun, untilWaitingForLocks(db, { count: 1, settled: () => earlierDone })]);
    later.open();
    await Promise.all([laterRun, earlierRun]);

    expect(await db.query('SELECT 1 FROM cases WHERE id = $1', [record.id])).toMatchObject({ rowCount: 0 });
    const rows = await db.query<{ entity_type: string }>(`SELECT entity_type FROM audit_log WHERE action = 'retention.erase' AND entity_id = $1`, [discarded.id]);
    expect(rows.rows).toHaveLength(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
