// Referrals and conversation references on both engines (issue 12, items 1
// and 4): a referred completion writes its referral in the same transaction;
// of two officers taking one at once exactly one wins, with one assignment and
// one audit row, and every later press writes nothing; a closed case is not
// taken; an escalation is concluded by one in-depth assessment begun after it, and
// a completion concluding one never deadlocks with its take; references are
// stored once while unchanged, and a refused one is left out until stored
// again. All officers and cases are fictitious.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { AUDIT_ROW_COLUMNS, auditRowValues, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import type { Officer } from './principal.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';
import { SqlConversationReferences } from './sqlConversationReferences.js';
import { SqlReferrals } from './sqlReferrals.js';
import { untilWaitingForLocks } from '../test/lockWaiters.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const PACK = { id: 'bops-exempel', version: '1.1.0', hash: createHash('sha256').update('bops-exempel@1.1.0').digest('hex') };
const INTAKE: AuditContext = { actorId: 'officer-ref-0001', viaId: 'bops-bot', purpose: 'assessment' };
const A: Officer = { id: 'officer-ref-0101', region: 'nord', roles: ['bops_officer'] };
const B: Officer = { id: 'officer-ref-0102', region: 'nord', roles: ['bops_officer'] };
const GONE: Officer = { id: 'officer-ref-0103', region: 'nord', roles: ['bops_officer'] };
const ELSEWHERE: Officer = { id: 'officer-ref-0201', region: 'syd', roles: ['bops_officer'] };
const INTAKE_ONLY: Officer = { id: 'officer-ref-0301', region: 'nord', roles: ['intake_officer'] };
const auditOf = (officer: Officer): AuditContext => ({ actorId: officer.id, viaId: 'bops-bot', purpose: 'bops.case' });

const reference = (conversationId: string) => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-fiktiv' },
  bot: { id: '28:bops-bot' },
  user: { id: '29:fiktiv', aadObjectId: 'officer-ref-0101' },
});

let serial = 0;
const newCaseNumber = () => `2300-K${String(++serial).padStart(6, '0')}-26`;

describe.each(DATABASE_ENGINES)('referrals and conversation references on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;
  let assessments: SqlAssessmentRepository;
  let referrals: SqlReferrals;
  let references: SqlConversationReferences;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    db = opened.db;
    assessments = new SqlAssessmentRepository(db);
    referrals = new SqlReferrals(db);
    references = new SqlConversationReferences(db);
    for (const o of [A, B, GONE, ELSEWHERE, INTAKE_ONLY]) await db.query('INSERT INTO officers (id, region, roles) VALUES ($1, $2, $3)', [o.id, o.region, o.roles]);
    await db.query('UPDATE officers SET active = false WHERE id = $1', [GONE.id]);
  });
  afterAll(() => opened.dispose());

  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const caseIdOf = async (caseNumber: string) => (await db.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber])).rows[0]!.id;

  /** An initial assessment completed by the intake officer, referred or not; its id. */
  async function initialCompleted(refer: boolean): Promise<string> {
    const created = await assessments.create({ caseNumber: newCaseNumber(), region: 'nord', level: 'initial', instrumentId: 'initial', pack: PACK, officerId: INTAKE.actorId }, INTAKE);
    await assessments.complete(created.id, INTAKE, () => ({ discard: [], ...(refer ? { referral: { redFlagItemIds: ['dodshot', 'strypvald'] } } : {}) }));
    return created.id;
  }

  it('writes the referral of a referred completion with it, audited, and none for one not referred', async () => {
    const referred = await referrals.forAssessment(await initialCompleted(true));
    expect(referred).toMatchObject({ region: 'nord', referredBy: INTAKE.actorId, redFlagItemIds: ['dodshot', 'strypvald'], takenBy: null, caseStatus: 'intake' });
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'referral.create' AND entity_id = $1`, [referred!.caseId])).toBe(1);
    expect(await referrals.forAssessment(await initialCompleted(false))).toBeUndefined();
  });

  it('names the active Bops officers of the region only', async () => {
    expect((await referrals.takersOf('nord', 'bops')).map((o) => o.id)).toEqual([A.id, B.id]);
    expect(await referrals.takersOf('nord', 'in_depth')).toEqual([]);
  });

  it('lets exactly one of two officers taking a referral at once have it — one assignment, one audit row — and writes nothing for any later press', async () => {
    const referral = (await referrals.forAssessment(await initialCompleted(true)))!;
    const outcomes = await Promise.all([referrals.take(referral.id, A, auditOf(A)), referrals.take(referral.id, B, auditOf(B))]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['taken', 'taken_by_other']);
    const winner = outcomes[0]!.outcome === 'taken' ? A : B;
    const assigned = await db.query<{ officer_id: string }>('SELECT officer_id FROM case_assignments WHERE case_id = $1', [referral.caseId]);
    expect(assigned.rows).toEqual([{ officer_id: winner.id }]);
    const takes = () => count(`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('referral.take', 'case.assign') AND entity_id = $1`, [referral.caseId]);
    expect(await takes()).toBe(2);
    expect((await referrals.take(referral.id, winner, auditOf(winner))).outcome).toBe('already_yours');
    expect((await referrals.take(referral.id, winner === A ? B : A, auditOf(A))).outcome).toBe('taken_by_other');
    expect(await takes()).toBe(2);
    expect((await referrals.get(referral.id))!.takenBy).toBe(winner.id);
  });

  it('does not hand out a referral whose case is closed', async () => {
    const referral = (await referrals.forAssessment(await initialCompleted(true)))!;
    await db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [referral.caseId]);
    expect((await referrals.take(referral.id, A, auditOf(A))).outcome).toBe('case_closed');
    expect(await count('SELECT count(*)::int AS n FROM case_assignments WHERE case_id = $1', [referral.caseId])).toBe(0);
    expect((await referrals.take('00000000-0000-4000-8000-000000000000', A, auditOf(A))).outcome).toBe('not_found');
    expect((await referrals.take('not-a-uuid', A, auditOf(A))).outcome).toBe('not_found');
  });

  it('concludes an escalation with the first in-depth assessment of its case completed, and with no later one', async () => {
    const caseNumber = newCaseNumber();
    const specialist: AuditContext = { actorId: 'officer-ref-0401', viaId: 'bops-bot', purpose: 'assessment' };
    const completed = async (level: 'structured' | 'in_depth', instrumentId: string, by: AuditContext, overall: string) => {
      const draft = await assessments.create({ caseNumber, region: 'nord', level, instrumentId, pack: PACK, officerId: by.actorId }, by);
      await assessments.complete(draft.id, by, () => ({ discard: [], derived: { judgements: { overall } } }));
      return draft.id;
    };
    await completed('structured', 'sarasv', auditOf(A), 'hog');
    const escalated = await referrals.escalate(await caseIdOf(caseNumber), 'Fiktiv anteckning', auditOf(A));
    if (escalated.outcome !== 'created') throw new Error(`not escalated: ${escalated.outcome}`);
    const first = await completed('in_depth', 'fordjupad', specialist, 'medel');
    expect(await referrals.concludedBy(first)).toEqual([{ referral: expect.objectContaining({ id: escalated.referral.id, referredBy: A.id }), specialistId: specialist.actorId, judgement: 'medel' }]);
    expect(await referrals.concludedBy(await completed('in_depth', 'fordjupad', specialist, 'lag'))).toEqual([]);
  });

  it('concludes no escalation with an in-depth assessment begun before it, whenever that one is completed', async () => {
    const caseNumber = newCaseNumber();
    const specialist: AuditContext = { actorId: 'officer-ref-0402', viaId: 'bops-bot', purpose: 'assessment' };
    const begun = (level: 'structured' | 'in_depth', instrumentId: string, by: AuditContext) =>
      assessments.create({ caseNumber, region: 'nord', level, instrumentId, pack: PACK, officerId: by.actorId }, by);
    const complete = (id: string, by: AuditContext) => assessments.complete(id, by, () => ({ discard: [], derived: { judgements: { overall: 'medel' } } }));
    await complete((await begun('structured', 'sarasv', auditOf(A))).id, auditOf(A));
    const early = await begun('in_depth', 'fordjupad', specialist);
    const escalated = await referrals.escalate(await caseIdOf(caseNumber), 'Fiktiv anteckning', auditOf(A));
    if (escalated.outcome !== 'created') throw new Error(`not escalated: ${escalated.outcome}`);
    await complete(early.id, specialist);
    expect(await referrals.concludedBy(early.id)).toEqual([]);
    expect(await count('SELECT count(*)::int AS n FROM notice_outbox WHERE subject_id = $1', [early.id])).toBe(0);
    const answer = await begun('in_depth', 'fordjupad', specialist);
    await complete(answer.id, specialist);
    expect((await referrals.concludedBy(answer.id)).map((c) => c.referral.id)).toEqual([escalated.referral.id]);
  });

  // A take holds the referral's row and then appends its audit rows (api/sqlReferrals.ts take): a completion
  // must wait for that row before it takes the audit chain's head, or each waits for the other (api/auditLog.ts).
  if (engine === 'postgres') {
    it('completes an in-depth assessment concluding an escalation that a take holds, once the take has written its audit row — no deadlock', async () => {
      const caseNumber = newCaseNumber();
      const specialist: AuditContext = { actorId: 'officer-ref-0403', viaId: 'bops-bot', purpose: 'assessment' };
      const structured = await assessments.create({ caseNumber, region: 'nord', level: 'structured', instrumentId: 'sarasv', pack: PACK, officerId: A.id }, auditOf(A));
      await assessments.complete(structured.id, auditOf(A), () => ({ discard: [] }));
      const caseId = await caseIdOf(caseNumber);
      const escalated = await referrals.escalate(caseId, 'Fiktiv anteckning', auditOf(A));
      if (escalated.outcome !== 'created') throw new Error(`not escalated: ${escalated.outcome}`);
      const draft = await assessments.create({ caseNumber, region: 'nord', level: 'in_depth', instrumentId: 'fordjupad', pack: PACK, officerId: specialist.actorId }, specialist);
      const take = new pg.Client({ connectionString: opened.url });
      await take.connect();
      try {
        await take.query('BEGIN');
        await take.query('SELECT 1 FROM referrals WHERE id = $1 FOR UPDATE', [escalated.referral.id]);
        const completion = assessments.complete(draft.id, specialist, () => ({ discard: [] }));
        await untilWaitingForLocks(db, { count: 1, statement: 'UPDATE referrals r SET concluded_by' });
        await take.query(`INSERT INTO audit_log ${AUDIT_ROW_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
          auditRowValues(auditOf(B), 'referral.take', { type: 'case', id: caseId }, { referralId: escalated.referral.id }));
        await take.query('COMMIT');
        expect((await completion).status).toBe('completed');
      } finally {
        await take.end();
      }
      expect((await referrals.concludedBy(draft.id)).map((c) => c.referral.id)).toEqual([escalated.referral.id]);
    });
  }

  it('stores a reference once while it is unchanged, and leaves a refused one out until it is stored again', async () => {
    const audits = () => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'conversation_reference.save' AND entity_id = $1`, [A.id]);
    expect(await references.save(A.id, reference('a:chat-1'), 'sv', auditOf(A))).toBe('saved');
    expect(await references.save(A.id, reference('a:chat-1'), 'sv', auditOf(A))).toBe('unchanged');
    expect(await audits()).toBe(1);
    expect(await references.save(A.id, reference('a:chat-1'), 'en', auditOf(A))).toBe('saved');
    expect((await references.usableFor([A.id, B.id])).map((r) => [r.officerId, r.locale, r.reference.conversation.id])).toEqual([[A.id, 'en', 'a:chat-1']]);
    await references.markRefused(A.id, '28:bops-bot');
    expect(await references.usableFor([A.id])).toEqual([]);
    expect(await references.save(A.id, reference('a:chat-1'), 'en', auditOf(A))).toBe('saved');
    expect(await references.usableFor([A.id])).toHaveLength(1);
    expect(await audits()).toBe(3);
  });

  it('claims a card’s attempt once among racers, again only after the retry interval and below the cap, and never once the card arrived', async () => {
    const referral = (await referrals.forAssessment(await initialCompleted(true)))!;
    const retry = { graceMs: 60_000, afterMs: 5 * 60_000, maxAttempts: 2, windowMs: 24 * 3_600_000 };
    const target = { officerId: A.id, botId: '28:bops-bot' };
    const t0 = new Date('2026-12-04T10:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect((await Promise.all([1, 2, 3].map(() => referrals.claimAnnouncement(referral.id, target, t0, retry)))).filter(Boolean)).toHaveLength(1);
    expect(await referrals.claimAnnouncement(referral.id, target, at(4), retry)).toBe(false);
    expect(await referrals.claimAnnouncement(referral.id, target, at(5), retry)).toBe(true);
    // Two attempts made: the cap.
    expect(await referrals.claimAnnouncement(referral.id, target, at(60), retry)).toBe(false);
    const other = { officerId: B.id, botId: '28:bops-bot' };
    await referrals.recordNotice(referral, { ...other, activityId: 'act-1' }, auditOf(B), { shown: ['caseNumber'] });
    expect(await referrals.claimAnnouncement(referral.id, other, t0, retry)).toBe(false);
    expect(await referrals.claimAnnouncement('not-a-uuid', other, t0, retry)).toBe(false);
  });

  it('names for the sweep the open referrals with a chat still without its card and a claimable attempt, after the grace and within the window', async () => {
    const retry = { graceMs: 60_000, afterMs: 5 * 60_000, maxAttempts: 5, windowMs: 24 * 3_600_000 };
    const referral = (await referrals.forAssessment(await initialCompleted(true)))!;
    // Ages the referral and its attempts as if `minutes` had passed since they were made.
    const age = (minutes: number) =>
      Promise.all([
        db.query(`UPDATE referrals SET referred_at = referred_at - make_interval(mins => $2) WHERE id = $1`, [referral.id, minutes]),
        db.query(`UPDATE referral_announce_attempts SET last_attempt_at = last_attempt_at - make_interval(mins => $2) WHERE referral_id = $1`, [referral.id, minutes]),
      ]);
    const due = async () => (await referrals.unannounced(new Date(), retry, 100)).map((r) => r.id).filter((id) => id === referral.id);
    await references.save(A.id, reference('a:chat-a'), 'sv', auditOf(A));
    await references.save(B.id, { ...reference('a:chat-b'), user: { id: '29:b', aadObjectId: B.id } }, 'sv', auditOf(B));
    expect(await due()).toEqual([]); // within the grace: the completion is announcing it
    await age(2);
    expect(await due()).toEqual([referral.id]);
    // A's card arrived; B's attempt failed just now: not due until the retry interval has passed.
    await referrals.recordNotice(referral, { officerId: A.id, botId: '28:bops-bot', activityId: 'act-a' }, auditOf(A), { shown: ['caseNumber'] });
    expect(await referrals.claimAnnouncement(referral.id, { officerId: B.id, botId: '28:bops-bot' }, new Date(), retry)).toBe(true);
    expect(await due()).toEqual([]);
    await age(5);
    expect(await due()).toEqual([referral.id]);
    // Older than the window: left to the work lists.
    await age(24 * 60);
    expect(await due()).toEqual([]);
  });
});

