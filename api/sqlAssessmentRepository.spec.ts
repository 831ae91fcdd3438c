// The assessment repository on both engines: what it stores, what it refuses,
// and that every change and consultation leaves an audit row — and only then.
// All data here is fictitious.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewAssessment, PackRef } from './assessmentRepository.js';
import type { AuditAction, AuditContext } from './auditLog.js';
import { ACTIVE_GAP_LIMIT_SECONDS } from './activeTime.js';
import { RepositoryError } from './assessmentRepository.js';
import { fixedClock } from './clock.js';
import type { Database } from './database.js';
import { POLICE_REGIONS, type PoliceRegion } from './policeRegions.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';
import { tableContents } from '../test/tableContents.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const AUDIT: AuditContext = {
  actorId: 'officer-fict-0001',
  viaId: 'bot-service-fict',
  purpose: 'bops.risk_assessment',
};
const PACK: PackRef = {
  id: 'bops-exempel',
  version: '1.0.0',
  hash: createHash('sha256').update('bops-exempel@1.0.0').digest('hex'),
};
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';


let caseSerial = 0;
/** A fresh fictitious case number, e.g. 5000-K123457-25. */
function newCaseNumber(): string {
  caseSerial += 1;
  return `5000-K${123456 + caseSerial}-25`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe.each(DATABASE_ENGINES)('SqlAssessmentRepository on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;
  let repository: SqlAssessmentRepository;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    db = opened.db;
    repository = new SqlAssessmentRepository(db);
  });
  afterAll(() => opened.dispose());

  function newAssessment(overrides: Partial<NewAssessment> = {}): NewAssessment {
    return {
      caseNumber: newCaseNumber(),
      region: 'vast',
      level: 'initial',
      instrumentId: 'initial-assessment',
      pack: PACK,
      officerId: AUDIT.actorId,
      ...overrides,
    };
  }

  async function auditCount(action: AuditAction): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [
      action,
    ]);
    return rows[0]!.n;
  }

  async function caseId(caseNumber: string): Promise<string | undefined> {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber]);
    return rows[0]?.id;
  }

  describe('create and read', () => {
    it('creates a draft and returns the full record', async () => {
      const input = newAssessment();
      const created = await repository.create(input, AUDIT);
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        caseNumber: input.caseNumber,
        region: 'vast',
        level: 'initial',
        instrumentId: 'initial-assessment',
        pack: PACK,
        status: 'draft',
        officerId: AUDIT.actorId,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
        completedAt: null,
        discardedAt: null,
        discardReason: null,
        versionChoice: null,
        reassessmentOf: null,
        version: 1,
        derived: null,
        mode: 'step',
        activeSeconds: 0,
        answers: [],
      });
      expect(await repository.get(created.id, AUDIT)).toEqual(created);
    });

    it('stores the derived values the completion check returns, and only on completion', async () => {
      const draft = await repository.create(newAssessment(), AUDIT);
      const derived = { instrumentId: 'initial-assessment', flags: ['fiktiv_flagga'] };
      const completed = await repository.complete(draft.id, AUDIT, () => ({ discard: [], derived }));
      expect(completed.derived).toEqual(derived);
      expect((await repository.get(draft.id, AUDIT))?.derived).toEqual(derived);
    });

    it('keeps the region of a case that already exists', async () => {
      const first = await repository.create(newAssessment({ region: 'syd' }), AUDIT);
      const second = await repository.create(newAssessment({ caseNumber: first.caseNumber, region: 'nord' }), AUDIT);
      expect(second.region).toBe('syd');
      expect(await repository.caseRegion(first.caseNumber)).toBe('syd');
    });

    it('answers no region for an unknown case', async () => {
      expect(await repository.caseRegion(newCaseNumber())).toBeUndefined();
    });

    it('stores answers with their rationale and who gave them, and bumps updatedAt', async () => {
      const made = await repository.create(newAssessment(), AUDIT);
      // Times set back by hand rather than waited for: the order below is then certain on any clock.
      await db.query(`UPDATE assessments SET created_at = created_at - interval '1 hour', updated_at = updated_at - interval '1 hour' WHERE id = $1`, [made.id]);
      const created = (await repository.get(made.id, AUDIT))!;
      await repository.saveAnswer(created.id, { itemId: 'threat-type', value: 'direct', rationale: null }, AUDIT);
      await db.query(`UPDATE assessment_answers SET answered_at = answered_at - interval '1 minute' WHERE assessment_id = $1`, [created.id]);
      await repository.saveAnswer(
        created.id,
        { itemId: 'aggravating', value: ['weapon', 'stalking'], rationale: 'Fiktiv motivering.' },
        AUDIT,
      );
      const read = await repository.get(created.id, AUDIT);
      expect(read?.answers).toEqual([
        {
          itemId: 'threat-type',
          value: 'direct',
          rationale: null,
          answeredBy: AUDIT.actorId,
          answeredAt: expect.any(Date),
        },
        {
          itemId: 'aggravating',
          value: ['weapon', 'stalking'],
          rationale: 'Fiktiv motivering.',
          answeredBy: AUDIT.actorId,
          answeredAt: expect.any(Date),
        },
      ]);
      expect(read!.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
    });

    it('orders answers given at the same instant by item id', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      await db.query(
        `INSERT INTO assessment_answers (assessment_id, item_id, value, answered_by, answered_at)
         VALUES ($1, 'b-item', '"x"', $2, $3), ($1, 'a-item', '"y"', $2, $3)`,
        [created.id, AUDIT.actorId, new Date('2025-03-01T12:00:00Z')],
      );
      const read = await repository.get(created.id, AUDIT);
      expect(read?.answers.map((a) => a.itemId)).toEqual(['a-item', 'b-item']);
    });

    it('replaces an answer given again', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      await repository.saveAnswer(created.id, { itemId: 'threat-type', value: 'direct', rationale: 'Första.' }, AUDIT);
      const other: AuditContext = { ...AUDIT, actorId: 'officer-fict-0002' };
      await repository.saveAnswer(created.id, { itemId: 'threat-type', value: 'indirect', rationale: null }, other);
      const read = await repository.get(created.id, AUDIT);
      expect(read?.answers).toEqual([
        {
          itemId: 'threat-type',
          value: 'indirect',
          rationale: null,
          answeredBy: 'officer-fict-0002',
          answeredAt: expect.any(Date),
        },
      ]);
    });

    it('lists a case newest first, without answers', async () => {
      const older = await repository.create(newAssessment(), AUDIT);
      await db.query(`UPDATE assessments SET created_at = created_at - interval '1 minute' WHERE id = $1`, [older.id]);
      const sameCase = newAssessment({ caseNumber: older.caseNumber, level: 'structured' });
      const newer = await repository.create(sameCase, AUDIT);
      const listed = (await repository.listByCasePage(older.caseNumber, AUDIT, { limit: 50 })).items;
      expect(listed.map((a) => a.id)).toEqual([newer.id, older.id]);
      const { answers: _answers, ...summary } = newer;
      expect(listed[0]).toEqual(summary);
    });

    it('reports access facts without writing an audit row', async () => {
      const created = await repository.create(newAssessment({ region: 'mitt' }), AUDIT);
      const before = (await repository.auditTrail('assessment', created.id)).length;
      expect(await repository.ownership(created.id)).toEqual({
        id: created.id,
        region: 'mitt',
        officerId: AUDIT.actorId,
        status: 'draft',
        level: 'initial',
        instrumentId: 'initial-assessment',
        pack: PACK,
      });
      expect(await repository.auditTrail('assessment', created.id)).toHaveLength(before);
    });
  });

  describe('the officer\'s active time (issue 13, item 6)', () => {
    /** The API's clock as a test moves it: seconds after a fixed start. */
    const start = fixedClock('2026-12-04T08:00:00Z').now();
    const at = (seconds: number): Date => new Date(start.getTime() + seconds * 1000);
    const answer = (itemId: string, value = 'ja') => ({ itemId, value, rationale: null });

    it('sums the gaps between the officer\'s writes, leaving out every pause longer than five minutes', async () => {
      const draft = await repository.create(newAssessment({ startedAt: at(0) }), AUDIT);
      await repository.saveAnswer(draft.id, answer('a'), AUDIT, {}, at(40)); // +40
      await repository.saveAnswer(draft.id, answer('b'), AUDIT, {}, at(100)); // +60
      await repository.saveAnswer(draft.id, answer('c'), AUDIT, {}, at(100 + ACTIVE_GAP_LIMIT_SECONDS)); // +300: the limit still counts
      await repository.saveAnswer(draft.id, answer('d'), AUDIT, {}, at(400 + ACTIVE_GAP_LIMIT_SECONDS + 1)); // a pause: left out
      await repository.saveAnswer(draft.id, answer('b', 'nej'), AUDIT, {}, at(730)); // changing an answer counts: +29
      expect((await repository.get(draft.id, AUDIT))!.activeSeconds).toBe(40 + 60 + 300 + 29);
      const completed = await repository.complete(draft.id, AUDIT, undefined, undefined, at(750)); // +20
      expect(completed).toMatchObject({ status: 'completed', mode: 'step', activeSeconds: 40 + 60 + 300 + 29 + 20 });
      expect((await repository.get(draft.id, AUDIT))!.activeSeconds).toBe(449);
    });

    it('adds nothing for a write the clock places before the previous one, and does not move the last write back', async () => {
      const draft = await repository.create(newAssessment({ startedAt: at(100) }), AUDIT);
      await repository.saveAnswer(draft.id, answer('a'), AUDIT, {}, at(90));
      await repository.saveAnswer(draft.id, answer('b'), AUDIT, {}, at(130));
      expect((await repository.get(draft.id, AUDIT))!.activeSeconds).toBe(30);
    });

    it('stores the mode the client names, and step by step otherwise', async () => {
      const compact = await repository.create(newAssessment({ mode: 'compact' }), AUDIT);
      expect(compact.mode).toBe('compact');
      expect((await repository.get(compact.id, AUDIT))!.mode).toBe('compact');
      await expect(db.query(`UPDATE assessments SET mode = 'fast' WHERE id = $1`, [compact.id])).rejects.toMatchObject({ code: '23514' });
    });

    it('allows the pause before a save five minutes per answer the officer\'s message gave: a compact card counts whole', async () => {
      const draft = await repository.create(newAssessment({ mode: 'compact', startedAt: at(0) }), AUDIT);
      // A card of four factors worked on for 12 minutes: one message, four saves.
      for (const itemId of ['a', 'b', 'c', 'd']) await repository.saveAnswer(draft.id, { ...answer(itemId), mode: 'compact', answersInMessage: 4 }, AUDIT, {}, at(720));
      expect((await repository.get(draft.id, AUDIT))!.activeSeconds).toBe(720);
      // A card of two answers after 12 minutes more: longer than two answers' limit, a pause.
      await repository.saveAnswer(draft.id, { ...answer('e'), mode: 'compact', answersInMessage: 2 }, AUDIT, {}, at(1440));
      expect((await repository.get(draft.id, AUDIT))!.activeSeconds).toBe(720);
    });

    it('counts an assessment whose officer switched mode midway as mixed, never under the mode it was created in', async () => {
      const switched = await repository.create(newAssessment({ mode: 'step' }), AUDIT);
      await repository.saveAnswer(switched.id, { ...answer('a'), mode: 'step' }, AUDIT);
      expect((await repository.get(switched.id, AUDIT))!.mode).toBe('step');
      await repository.saveAnswer(switched.id, { ...answer('b'), mode: 'compact' }, AUDIT);
      expect((await repository.get(switched.id, AUDIT))!.mode).toBe('mixed');
      // Once mixed, always: switching back does not undo it.
      await repository.saveAnswer(switched.id, { ...answer('c'), mode: 'step' }, AUDIT);
      expect((await repository.complete(switched.id, AUDIT)).mode).toBe('mixed');
      // A save that names no mode (an older client) leaves the mode alone.
      const compact = await repository.create(newAssessment({ mode: 'compact' }), AUDIT);
      await repository.saveAnswer(compact.id, answer('a'), AUDIT);
      expect((await repository.get(compact.id, AUDIT))!.mode).toBe('compact');
    });

    it('keeps the time of an assessment made before it was recorded unknown, not zero', async () => {
      const old = await repository.create(newAssessment({ startedAt: at(0) }), AUDIT);
      await db.query('UPDATE assessments SET active_time = NULL, last_activity_at = NULL WHERE id = $1', [old.id]);
      await repository.saveAnswer(old.id, answer('a'), AUDIT, {}, at(10));
      const completed = await repository.complete(old.id, AUDIT, undefined, undefined, at(20));
      expect(completed.activeSeconds).toBeNull();
    });

    it('lets statistics count minutes per instrument and mode from the table', async () => {
      const instrumentId = `statistik-${caseSerial}`;
      for (const [mode, seconds] of [['step', 240], ['step', 120], ['compact', 90]] as const) {
        const draft = await repository.create(newAssessment({ instrumentId, mode, startedAt: at(0) }), AUDIT);
        await repository.complete(draft.id, AUDIT, undefined, undefined, at(seconds));
      }
      const { rows } = await db.query<{ mode: string; n: number; minutes: number }>(
        `SELECT mode, count(*)::int AS n, (sum(extract(epoch FROM active_time)) / 60)::float8 AS minutes
         FROM assessments WHERE instrument_id = $1 AND status = 'completed' GROUP BY mode ORDER BY mode`,
        [instrumentId],
      );
      expect(rows).toEqual([
        { mode: 'compact', n: 1, minutes: 1.5 },
        { mode: 'step', n: 2, minutes: 6 },
      ]);
    });
  });

  describe('refusals', () => {
    it('refuses to answer or complete a completed assessment', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      const completed = await repository.complete(created.id, AUDIT);
      expect(completed.status).toBe('completed');
      expect(completed.completedAt).toBeInstanceOf(Date);

      const answerError = await rejection(
        repository.saveAnswer(created.id, { itemId: 'late', value: 'x', rationale: null }, AUDIT),
      );
      expect(answerError).toBeInstanceOf(RepositoryError);
      expect(answerError).toMatchObject({ reason: 'not_draft' });
      await expect(repository.complete(created.id, AUDIT)).rejects.toMatchObject({ reason: 'not_draft' });
      expect((await repository.get(created.id, AUDIT))?.answers).toEqual([]);
    });

    it('discards a draft with its reason, keeping its answers, and then takes no answer, completion or second discard', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      await repository.saveAnswer(created.id, { itemId: 'threat-type', value: 'direct', rationale: null }, AUDIT);
      await expect(repository.discard(created.id, 'Fel ärende', AUDIT, { expectedVersions: [1] })).rejects.toMatchObject({ reason: 'version_mismatch' });
      const discarded = await repository.discard(created.id, 'Fel ärende', AUDIT, { expectedVersions: [2] });
      expect(discarded).toMatchObject({ status: 'discarded', discardReason: 'Fel ärende', version: 3, completedAt: null, answers: [{ itemId: 'threat-type' }] });
      expect(discarded.discardedAt).toBeInstanceOf(Date);
      await expect(repository.saveAnswer(created.id, { itemId: 'late', value: 'x', rationale: null }, AUDIT)).rejects.toMatchObject({ reason: 'not_draft' });
      await expect(repository.complete(created.id, AUDIT)).rejects.toMatchObject({ reason: 'not_draft' });
      await expect(repository.discard(created.id, 'Igen', AUDIT)).rejects.toMatchObject({ reason: 'not_draft' });
      const completed = await repository.create(newAssessment(), AUDIT);
      await repository.complete(completed.id, AUDIT);
      await expect(repository.discard(completed.id, 'Fel ärende', AUDIT)).rejects.toMatchObject({ reason: 'not_draft' });
      await expect(repository.discard(UNKNOWN_ID, 'Fel ärende', AUDIT)).rejects.toMatchObject({ reason: 'not_found' });
      const trail = await repository.auditTrail('assessment', created.id);
      expect(trail.map((row) => row.action)).toEqual(['assessment.create', 'assessment.answer', 'assessment.discard']);
      expect(trail[2]).toMatchObject({ actorId: AUDIT.actorId, detail: {} });
    });

    it('answers not_found or undefined for an unknown or malformed id', async () => {
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
        await expect(
          repository.saveAnswer(id, { itemId: 'x', value: 'x', rationale: null }, AUDIT),
        ).rejects.toMatchObject({ reason: 'not_found' });
        await expect(repository.complete(id, AUDIT)).rejects.toMatchObject({ reason: 'not_found' });
        expect(await repository.get(id, AUDIT)).toBeUndefined();
        expect(await repository.ownership(id)).toBeUndefined();
      }
    });

    it('writes an answer only while the facts access was decided on still hold', async () => {
      const created = await repository.create(newAssessment({ region: 'mitt' }), AUDIT);
      const facts = (await repository.ownership(created.id))!;
      const answer = { itemId: 'threat-type', value: 'direct', rationale: null };
      expect(await repository.saveAnswer(created.id, answer, AUDIT, { decidedOn: facts })).toEqual({ version: 2 });

      // Each fact the decision rested on, changed in turn: nothing is written and nothing audited.
      const stale = [
        { ...facts, region: 'syd' as const },
        { ...facts, officerId: 'officer-fict-0002' },
        { ...facts, level: 'structured' as const },
        { ...facts, instrumentId: 'sara-sv' },
        { ...facts, pack: { ...facts.pack, hash: 'f'.repeat(64) } },
        { ...facts, pack: { ...facts.pack, version: '1.0.1' } },
      ];
      const trailBefore = (await repository.auditTrail('assessment', created.id)).length;
      for (const decidedOn of stale) {
        await expect(
          repository.saveAnswer(created.id, { ...answer, value: 'indirect' }, AUDIT, { decidedOn }),
        ).rejects.toMatchObject({ reason: 'access_facts_changed' });
      }
      const read = await repository.get(created.id, AUDIT);
      expect(read).toMatchObject({ version: 2, answers: [{ itemId: 'threat-type', value: 'direct' }] });
      expect(await repository.auditTrail('assessment', created.id)).toHaveLength(trailBefore + 1); // the get above

      // A case moved to another region behind the decision's back.
      await db.query(`UPDATE cases SET region = 'syd' WHERE case_number = $1`, [created.caseNumber]);
      await expect(repository.saveAnswer(created.id, answer, AUDIT, { decidedOn: facts })).rejects.toMatchObject({ reason: 'access_facts_changed' });
      expect(await repository.saveAnswer(created.id, answer, AUDIT, { decidedOn: { ...facts, region: 'syd' } })).toEqual({ version: 3 });
    });

    it('reads, and records the consultation, only while the facts access was decided on still hold', async () => {
      const created = await repository.create(newAssessment({ region: 'nord' }), AUDIT);
      await repository.saveAnswer(created.id, { itemId: 'threat-type', value: ['a', 'b'], rationale: 'Skäl.' }, AUDIT);
      const facts = (await repository.ownership(created.id))!;
      const unguarded = await repository.get(created.id, AUDIT);
      expect(await repository.get(created.id, AUDIT, facts)).toEqual(unguarded);
      const trailBefore = (await repository.auditTrail('assessment', created.id)).length;
      await expect(repository.get(created.id, AUDIT, { ...facts, officerId: 'officer-fict-0002' })).rejects.toMatchObject({ reason: 'access_facts_changed' });
      expect(await repository.auditTrail('assessment', created.id)).toHaveLength(trailBefore);
      expect(await repository.get(UNKNOWN_ID, AUDIT, facts)).toBeUndefined();
    });

    it('says why a guarded answer was not written: the version before the status', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      const facts = (await repository.ownership(created.id))!;
      const answer = { itemId: 'x', value: 'x', rationale: null };
      await repository.complete(created.id, AUDIT);
      await expect(repository.saveAnswer(created.id, answer, AUDIT, { decidedOn: facts, expectedVersions: [1] })).rejects.toMatchObject({ reason: 'version_mismatch' });
      await expect(repository.saveAnswer(created.id, answer, AUDIT, { decidedOn: facts, expectedVersions: [2] })).rejects.toMatchObject({ reason: 'not_draft' });
      await expect(repository.saveAnswer(UNKNOWN_ID, answer, AUDIT, { decidedOn: facts })).rejects.toMatchObject({ reason: 'not_found' });
    });

    it('answers an empty list for an unknown case', async () => {
      expect((await repository.listByCasePage(newCaseNumber(), AUDIT, { limit: 50 })).items).toEqual([]);
    });
  });

  describe('a closed case', () => {
    // The case domain closes a case only without drafts (sqlCaseRepository.spec.ts); these set the status
    // behind its back, as a draft on a closed case could only come about that way.
    const setCaseStatus = (caseNumber: string, status: 'closed' | 'bops') =>
      db.query(`UPDATE cases SET status = $2::text, closed_at = CASE WHEN $2::text = 'closed' THEN now() END WHERE case_number = $1`, [caseNumber, status]);

    it('takes no new assessment, with or without an idempotency key, and stores nothing', async () => {
      const earlier = await repository.create(newAssessment(), AUDIT);
      await repository.complete(earlier.id, AUDIT);
      await setCaseStatus(earlier.caseNumber, 'closed');
      const counts = await tableContents(db);
      await expect(repository.create(newAssessment({ caseNumber: earlier.caseNumber }), AUDIT)).rejects.toMatchObject({ reason: 'case_closed' });
      await expect(
        repository.createIdempotent(newAssessment({ caseNumber: earlier.caseNumber }), AUDIT, { key: 'closed-case-key', requestHash: 'a'.repeat(64) }),
      ).rejects.toMatchObject({ reason: 'case_closed' });
      expect(await tableContents(db)).toEqual(counts);
      // Reading the closed case's work stays allowed.
      expect(((await repository.listByCasePage(earlier.caseNumber, AUDIT, { limit: 50 })).items).map((a) => a.id)).toEqual([earlier.id]);
      await setCaseStatus(earlier.caseNumber, 'bops');
      expect((await repository.create(newAssessment({ caseNumber: earlier.caseNumber }), AUDIT)).status).toBe('draft');
    });

    it('takes no answer and no completion of a draft, saying so after the version and the status, and stores nothing', async () => {
      const draft = await repository.create(newAssessment(), AUDIT);
      const facts = (await repository.ownership(draft.id))!;
      const answer = { itemId: 'threat-type', value: 'direct', rationale: null };
      await setCaseStatus(draft.caseNumber, 'closed');
      const counts = await tableContents(db);
      await expect(repository.saveAnswer(draft.id, answer, AUDIT)).rejects.toMatchObject({ reason: 'case_closed' });
      await expect(repository.saveAnswer(draft.id, answer, AUDIT, { decidedOn: facts, expectedVersions: [1] })).rejects.toMatchObject({ reason: 'case_closed' });
      await expect(repository.saveAnswer(draft.id, answer, AUDIT, { decidedOn: facts, expectedVersions: [7] })).rejects.toMatchObject({ reason: 'version_mismatch' });
      await expect(repository.complete(draft.id, AUDIT)).rejects.toMatchObject({ reason: 'case_closed' });
      await expect(repository.complete(draft.id, AUDIT, undefined, { expectedVersions: [7] })).rejects.toMatchObject({ reason: 'version_mismatch' });
      expect(await tableContents(db)).toEqual(counts);
      expect(await repository.get(draft.id, AUDIT, facts)).toMatchObject({ status: 'draft', version: 1, answers: [] });

      const completed = await repository.create(newAssessment(), AUDIT);
      await repository.complete(completed.id, AUDIT);
      await setCaseStatus(completed.caseNumber, 'closed');
      await expect(repository.saveAnswer(completed.id, answer, AUDIT)).rejects.toMatchObject({ reason: 'not_draft' });

      await setCaseStatus(draft.caseNumber, 'bops');
      expect(await repository.saveAnswer(draft.id, answer, AUDIT, { decidedOn: facts })).toEqual({ version: 2 });
      expect((await repository.complete(draft.id, AUDIT)).status).toBe('completed');
    });
  });

  describe('audit log', () => {
    it('records create, answer, complete and read with actor, via and purpose, never an answer', async () => {
      const created = await repository.create(newAssessment({ level: 'structured', instrumentId: 'sara-sv' }), AUDIT);
      await repository.saveAnswer(
        created.id,
        { itemId: 'item-1', value: 'value-marker-1', rationale: 'rationale-marker-1' },
        AUDIT,
      );
      await repository.saveAnswer(created.id, { itemId: 'item-2', value: ['value-marker-2'], rationale: null }, AUDIT);
      await repository.complete(created.id, AUDIT);
      await repository.get(created.id, AUDIT);

      const trail = await repository.auditTrail('assessment', created.id);
      expect(trail.map(({ action, detail }) => ({ action, detail }))).toEqual([
        { action: 'assessment.create', detail: { level: 'structured', instrumentId: 'sara-sv' } },
        { action: 'assessment.answer', detail: { itemId: 'item-1' } },
        { action: 'assessment.answer', detail: { itemId: 'item-2' } },
        { action: 'assessment.complete', detail: {} },
        { action: 'assessment.read', detail: {} },
      ]);
      for (const row of trail) {
        expect(row).toMatchObject({
          id: expect.stringMatching(/^\d+$/),
          at: expect.any(Date),
          actorId: AUDIT.actorId,
          viaId: AUDIT.viaId,
          entityType: 'assessment',
          entityId: created.id,
          purpose: AUDIT.purpose,
        });
      }
      expect(JSON.stringify(trail)).not.toMatch(/marker/);
    });

    it('records a null via when the officer called directly', async () => {
      const direct: AuditContext = { ...AUDIT, viaId: null };
      const created = await repository.create(newAssessment(), direct);
      expect((await repository.auditTrail('assessment', created.id))[0]?.viaId).toBeNull();
    });

    it('records a case list under the case uuid, not its number', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      await repository.listByCasePage(created.caseNumber, AUDIT, { limit: 50 });
      const id = await caseId(created.caseNumber);
      const trail = await repository.auditTrail('case', id!);
      expect(trail).toMatchObject([
        {
          action: 'case.assessments.list',
          entityType: 'case',
          entityId: id,
          actorId: AUDIT.actorId,
          purpose: AUDIT.purpose,
        },
      ]);
      expect(await repository.auditTrail('case', created.caseNumber)).toEqual([]);
    });

    it('records nothing when the assessment or case does not exist', async () => {
      const reads = await auditCount('assessment.read');
      const lists = await auditCount('case.assessments.list');
      await repository.get(UNKNOWN_ID, AUDIT);
      (await repository.listByCasePage(newCaseNumber(), AUDIT, { limit: 50 })).items;
      expect(await auditCount('assessment.read')).toBe(reads);
      expect(await auditCount('case.assessments.list')).toBe(lists);
    });

    it('refuses UPDATE, DELETE and TRUNCATE on the audit log', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      const update = db.query("UPDATE audit_log SET purpose = 'rewritten' WHERE entity_id = $1", [created.id]);
      await expect(update).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
      const remove = db.query('DELETE FROM audit_log WHERE entity_id = $1', [created.id]);
      await expect(remove).rejects.toMatchObject({ code: '42501' });
      await expect(db.query('TRUNCATE audit_log')).rejects.toMatchObject({ code: '42501' });
      expect(await repository.auditTrail('assessment', created.id)).toMatchObject([{ purpose: AUDIT.purpose }]);
    });
  });

  describe('transactions and concurrency', () => {
    it('keeps all of 20 answers saved at once', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      const itemIds = Array.from({ length: 20 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
      await Promise.all(
        itemIds.map((itemId) => repository.saveAnswer(created.id, { itemId, value: 'yes', rationale: null }, AUDIT)),
      );
      const read = await repository.get(created.id, AUDIT);
      expect(read?.answers.map((a) => a.itemId).sort()).toEqual(itemIds);
      const trail = await repository.auditTrail('assessment', created.id);
      expect(trail.filter((row) => row.action === 'assessment.answer')).toHaveLength(20);
    });

    it('lets no answer slip in after a concurrent complete', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      const saves = Array.from({ length: 10 }, (_, i) =>
        repository.saveAnswer(created.id, { itemId: `race-${i}`, value: 'yes', rationale: null }, AUDIT),
      );
      const [completed, ...outcomes] = await Promise.allSettled([repository.complete(created.id, AUDIT), ...saves]);
      expect(completed?.status).toBe('fulfilled');
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ reason: 'not_draft' });
      }
      const stored = (await repository.get(created.id, AUDIT))!.answers;
      expect(stored).toHaveLength(outcomes.filter((o) => o.status === 'fulfilled').length);
      const trail = await repository.auditTrail('assessment', created.id);
      const completeAt = trail.findIndex((row) => row.action === 'assessment.complete');
      expect(trail.slice(completeAt).some((row) => row.action === 'assessment.answer')).toBe(false);
    });

    it('leaves no case, assessment or audit row when a create fails part-way', async () => {
      const input = newAssessment();
      const creates = await auditCount('assessment.create');
      // The audit insert comes last and fails on the missing actor, after the case and assessment rows were written.
      const broken = { ...AUDIT, actorId: null as unknown as string };
      await expect(repository.create(input, broken)).rejects.toMatchObject({ code: '23502' });
      expect(await repository.caseRegion(input.caseNumber)).toBeUndefined();
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM assessments a JOIN cases c ON c.id = a.case_id WHERE c.case_number = $1`,
        [input.caseNumber],
      );
      expect(rows[0]!.n).toBe(0);
      expect(await auditCount('assessment.create')).toBe(creates);
    });

    it('leaves no answer when its audit row cannot be written', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      const broken = { ...AUDIT, purpose: null as unknown as string };
      await expect(
        repository.saveAnswer(created.id, { itemId: 'unlogged', value: 'x', rationale: null }, broken),
      ).rejects.toMatchObject({ code: '23502' });
      expect((await repository.get(created.id, AUDIT))?.answers).toEqual([]);
    });
  });

  describe('database constraints', () => {
    it('rejects an unknown region, level or malformed pack hash', async () => {
      const badInputs = [
        newAssessment({ region: 'lappland' as PoliceRegion }),
        newAssessment({ level: 'deep' as NewAssessment['level'] }),
        newAssessment({ pack: { ...PACK, hash: 'not-a-sha256' } }),
      ];
      for (const input of badInputs) {
        await expect(repository.create(input, AUDIT)).rejects.toMatchObject({ code: '23514' });
      }
    });

    it('accepts every police region of the code', async () => {
      for (const region of POLICE_REGIONS) {
        expect((await repository.create(newAssessment({ region }), AUDIT)).region).toBe(region);
      }
    });

    it('rejects a completed status without a completion time, and an answer that is not a string or list', async () => {
      const created = await repository.create(newAssessment(), AUDIT);
      const completedWithoutTime = db.query("UPDATE assessments SET status = 'completed' WHERE id = $1", [created.id]);
      await expect(completedWithoutTime).rejects.toMatchObject({ code: '23514' });
      await expect(
        repository.saveAnswer(
          created.id,
          { itemId: 'odd', value: { nested: true } as unknown as string, rationale: null },
          AUDIT,
        ),
      ).rejects.toMatchObject({ code: '23514' });
    });
  });
});
