// Reminders on both engines (issue 12, item 3), with the clock set by the
// test and never waited for: a due day's reminder goes to the responsible
// officer from REMINDER_HOUR, once — with two instances polling one database,
// after a restart, after a crash mid-send, after Postgres was down; an
// overdue notice goes to the region's Bops officers after the configured
// days; a deactivated officer's reminder goes to the region instead; only
// officers the access policy lets read the plan are told; a failed
// delivery is tried again later and sent once, or withdrawn when its work was
// dealt with meanwhile; a refused one is not retried.
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditContext } from './auditLog.js';
import type { Database, Queryable } from './database.js';
import { deactivateOfficer, provisionOfficer } from './officerAdministration.js';
import { createPostgresDatabase } from './postgresDatabase.js';
import type { DueReminder, ReminderDelivery, ReminderOutcome } from './reminderDelivery.js';
import { ReminderPoller } from './reminderPoller.js';
import { runRetention } from './retentionJob.js';
import type { ReminderSettings } from './reminderSchedule.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';
import { SqlCaseRepository } from './sqlCaseRepository.js';
import { SqlReminderLedger } from './sqlReminderLedger.js';
import { SettableClock } from '../test/settableClock.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const AUDIT: AuditContext = { actorId: 'system:test', viaId: null, purpose: 'test setup' };
const PACK = { id: 'bops-exempel', version: '1.0.0', hash: createHash('sha256').update('reminders').digest('hex') };
const SETTINGS: ReminderSettings = { hour: 8, overdueDays: 3, pollMs: 60_000 };
const SILENT = pino({ level: 'silent' });
// Fictitious officers: three Bops officers in region nord, one in syd, an intake officer in nord;
// two specialists in nord, one in syd.
const BOPS_NORD_1 = 'officer-fict-0501';
const BOPS_NORD_2 = 'officer-fict-0502';
const BOPS_NORD_3 = 'officer-fict-0505';
const BOPS_SYD = 'officer-fict-0503';
const INTAKE_NORD = 'officer-fict-0504';
const SPECIALIST_NORD_1 = 'officer-fict-0506';
const SPECIALIST_NORD_2 = 'officer-fict-0507';
const SPECIALIST_SYD = 'officer-fict-0508';
const DUE = '2030-01-15';
// Winter time (UTC+1): 08:00 in Stockholm on the due day is 07:00Z.
const BEFORE_HOUR = '2030-01-15T06:59:00Z';
const AT_HOUR = '2030-01-15T07:00:00Z';
const MINUTE = 60_000;
/** Days from a referral to its assessment's target date (FIGURES_TARGET_DAYS). */
const TARGET_DAYS = 14;

/** A stand-in for the proactive sender: records every reminder handed to it and answers as told. */
class RecordingDelivery implements ReminderDelivery {
  readonly received: DueReminder[] = [];
  constructor(private readonly answer: (reminder: DueReminder) => Promise<ReminderOutcome> | ReminderOutcome = () => 'sent') {}
  async deliver(reminder: DueReminder): Promise<ReminderOutcome> {
    this.received.push(reminder);
    return this.answer(reminder);
  }
}

/** A database that fails every call while `down` is set, as a lost Postgres does. */
function faultyDatabase(inner: Database): Database & { down: boolean } {
  const guard = () => {
    if (faulty.down) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
  };
  const faulty = {
    down: false,
    kind: inner.kind,
    async query<R>(sql: string, params?: readonly unknown[]) {
      guard();
      return inner.query<R>(sql, params);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      guard();
      return inner.transaction(fn);
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return faulty;
}

/**
 * A database whose transactions stop after the claim's read of a held sibling (the query that computes
 * `held_until`) when it found one, until `resumed`; `paused` is called when it stops.
 */
function pausedAfterHeldRead(inner: Database, paused: () => void, resumed: Promise<void>): Database {
  return {
    kind: inner.kind,
    query: (sql, params) => inner.query(sql, params),
    transaction: (fn) =>
      inner.transaction((tx) =>
        fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            const result = await tx.query<R>(sql, params);
            const held = (result.rows[0] as { held_until?: Date | null } | undefined)?.held_until;
            if (sql.includes('AS held_until') && held) {
              paused();
              await resumed;
            }
            return result;
          },
        }),
      ),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

let serial = 0;
const newCaseNumber = () => `3400-K${String(++serial).padStart(6, '0')}-30`;

describe.each(DATABASE_ENGINES)('reminders on %s', (engine) => {
  let opened: TestDatabase;
  let db: Database;
  let cases: SqlCaseRepository;
  let assessments: SqlAssessmentRepository;
  let clock: SettableClock;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    db = opened.db;
    cases = new SqlCaseRepository(db);
    assessments = new SqlAssessmentRepository(db);
    await provisionOfficer(db, { id: BOPS_NORD_1, region: 'nord', roles: ['bops_officer'] }, AUDIT);
    await provisionOfficer(db, { id: BOPS_NORD_2, region: 'nord', roles: ['bops_officer', 'intake_officer'] }, AUDIT);
    await provisionOfficer(db, { id: BOPS_SYD, region: 'syd', roles: ['bops_officer'] }, AUDIT);
    await provisionOfficer(db, { id: INTAKE_NORD, region: 'nord', roles: ['intake_officer'] }, AUDIT);
    await provisionOfficer(db, { id: BOPS_NORD_3, region: 'nord', roles: ['bops_officer'] }, AUDIT);
    for (const [id, region] of [[SPECIALIST_NORD_1, 'nord'], [SPECIALIST_NORD_2, 'nord'], [SPECIALIST_SYD, 'syd']] as const) {
      await provisionOfficer(db, { id, region, roles: ['specialist'] }, AUDIT);
    }
  });
  afterAll(() => opened.dispose());

  beforeEach(async () => {
    // Each test starts with no due work and an empty ledger.
    await db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE status <> 'closed'`);
    await db.query('DELETE FROM reminders');
    clock = new SettableClock(BEFORE_HOUR);
  });

  /**
   * A case in region nord assigned to `assignee`, with a plan re-assessed on `reassessOn` and one
   * measure followed up on `followUpOn`, for which `responsible` answers; the plan protects a person
   * with protected identity when `protectedIdentity`, and the assignment opens them when `cleared`.
   * `catalogueIds` are the plan's measures, all alike.
   */
  async function dueCase(
    opts: { assignee?: string; reassessOn?: string; followUpOn?: string | null; responsible?: string; protectedIdentity?: boolean; cleared?: boolean; catalogueIds?: string[] } = {},
  ) {
    const { assignee = BOPS_NORD_1, reassessOn = DUE, followUpOn = null, responsible = 'polis', protectedIdentity = false, cleared = false, catalogueIds = ['larmpaket'] } = opts;
    const record = await cases.create({ caseNumber: newCaseNumber(), region: 'nord', violenceType: 'nara_relation', createdBy: AUDIT.actorId }, AUDIT);
    const person = await cases.addPerson(record.id, { role: 'malsagande', label: 'MÄ Fiktiv', protectedIdentity }, AUDIT);
    const assessment = await assessments.create({ caseNumber: record.caseNumber, region: 'nord', level: 'structured', instrumentId: 'patriark', pack: PACK, officerId: assignee }, AUDIT);
    await assessments.complete(assessment.id, AUDIT);
    const officer = (await db.query<{ region: 'nord'; roles: string[] }>('SELECT region, roles FROM officers WHERE id = $1', [assignee])).rows[0]!;
    await cases.assign(record.id, { id: assignee, region: officer.region, roles: officer.roles as never }, AUDIT, cleared);
    const plan = await cases.createPlan(
      {
        caseId: record.id,
        assessmentId: assessment.id,
        protectedPersonId: person.id,
        reassessOn,
        measures: catalogueIds.map((measureId) => ({ part: 'skydd' as const, measureId, status: 'proposed' as const, responsible, followUpOn, decisionRef: null })),
      },
      AUDIT,
    );
    return { caseId: record.id, caseNumber: record.caseNumber, planId: plan.id, measureId: plan.measures[0]!.id };
  }

  const instance = (delivery: ReminderDelivery, database: Database = db, settings: ReminderSettings = SETTINGS) =>
    new ReminderPoller({ ledger: new SqlReminderLedger(database, TARGET_DAYS), delivery, clock, settings, log: SILENT });

  const deliveryStates = async () =>
    (await db.query<{ recipient_id: string; kind: string; state: string; attempts: number }>(
      `SELECT d.recipient_id, r.kind, d.state, d.attempts FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id ORDER BY r.kind, d.recipient_id`,
    )).rows;
  const deliveryAudits = async (caseId: string) =>
    (await db.query<{ actor_id: string; via_id: string; entity_type: string; detail: Record<string, unknown> }>(
      `SELECT actor_id, via_id, entity_type, detail FROM audit_log WHERE action = 'reminder.deliver' AND entity_id = $1 ORDER BY id`,
      [caseId],
    )).rows;
  const who = (received: DueReminder[]) => received.map((r) => `${r.kind}→${r.recipientOfficerId} (${r.reason})`).sort();

  it('sends nothing before REMINDER_HOUR on the due day, one reminder to the responsible officer from it, and nothing more after', async () => {
    const due = await dueCase();
    const delivery = new RecordingDelivery();
    const poller = instance(delivery);
    await poller.tick();
    expect(delivery.received).toEqual([]);

    clock.set(AT_HOUR);
    const report = await poller.tick();
    expect(report.delivered.sent).toBe(1);
    expect(delivery.received).toEqual([
      expect.objectContaining({ kind: 'reassessment_due', about: 'reassessment', caseId: due.caseId, caseNumber: due.caseNumber, dueOn: DUE, recipientOfficerId: BOPS_NORD_1, reason: 'responsible', planId: due.planId, measureId: null, attempt: 1 }),
    ]);
    clock.advance(90 * MINUTE);
    await poller.tick();
    expect(delivery.received).toHaveLength(1);
    expect(await deliveryStates()).toEqual([{ recipient_id: BOPS_NORD_1, kind: 'reassessment_due', state: 'sent', attempts: 1 }]);
    // Showing it is the officer's audited read of the case.
    const audits = await deliveryAudits(due.caseId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_id: BOPS_NORD_1, via_id: 'system:reminders', entity_type: 'case', detail: { kind: 'reassessment_due', dueOn: DUE, reason: 'responsible' } });
  });

  it('sends at once a reminder whose due day and hour have passed, and a measure\'s to the officer named responsible, on its follow-up date or a contact ban\'s earlier expiry', async () => {
    const due = await dueCase({ reassessOn: '2030-06-01', followUpOn: '2030-01-14', responsible: BOPS_NORD_2 });
    await db.query(`UPDATE protection_measures SET expires_on = '2030-01-13' WHERE id = $1`, [due.measureId]);
    clock.set('2030-01-14T15:00:00Z');
    const delivery = new RecordingDelivery();
    await instance(delivery).tick();
    expect(delivery.received).toEqual([
      expect.objectContaining({ kind: 'measure_follow_up_due', about: 'measure_follow_up', dueOn: '2030-01-13', recipientOfficerId: BOPS_NORD_2, reason: 'responsible', measureId: due.measureId, planId: due.planId }),
    ]);
  });

  it('delivers each reminder once when two server instances poll the same database at the same time', async () => {
    const due = [];
    for (let n = 0; n < 5; n++) due.push(await dueCase({ followUpOn: DUE, responsible: BOPS_NORD_2 }));
    // A second instance has its own connections on PostgreSQL; PGlite is one process's database.
    const second = engine === 'postgres' ? await createPostgresDatabase(opened.url!) : db;
    try {
      clock.set(AT_HOUR);
      const delivery = new RecordingDelivery();
      const a = instance(delivery);
      const b = instance(delivery, second);
      await Promise.all([a.tick(), b.tick(), instance(delivery, second).tick(), instance(delivery).tick()]);
      clock.advance(MINUTE);
      await Promise.all([a.tick(), b.tick()]);
      const keys = delivery.received.map((r) => `${r.kind}/${r.caseId}/${r.recipientOfficerId}`);
      expect(keys).toHaveLength(10);
      expect(new Set(keys).size).toBe(10);
      expect(new Set(delivery.received.map((r) => r.caseId))).toEqual(new Set(due.map((d) => d.caseId)));
      expect((await deliveryStates()).every((d) => d.state === 'sent' && d.attempts === 1)).toBe(true);
    } finally {
      if (second !== db) await second.close();
    }
  });

  it('claims no measure of a plan while another instance sends the card naming it, so two instances send one card; the other is sent when that card failed', async () => {
    await dueCase({ reassessOn: '2030-06-01', followUpOn: DUE, responsible: BOPS_NORD_2, catalogueIds: ['larmpaket', 'rri', 'kontaktforbud'] });
    clock.set(AT_HOUR);
    const a = new SqlReminderLedger(db, TARGET_DAYS);
    const b = new SqlReminderLedger(db, TARGET_DAYS);
    expect(await a.planDue(clock.now(), SETTINGS)).toEqual({ reminders: 3, deliveries: 3 });
    const first = await a.claimNext(clock.now());
    expect(first).toBeDefined();
    // The other instance finds the plan's card in flight: nothing to claim until that lease ends.
    expect(await b.claimNext(clock.now())).toBeUndefined();
    expect((await a.measuresDueTogether(first!.deliveryId)).measures).toHaveLength(3);
    // The card fails; after the lease one of the three is claimed again and sends it, not covered.
    expect(await a.record(first!, 'failed', clock.now())).toBe(true);
    clock.advance(11 * MINUTE);
    const second = await b.claimNext(clock.now());
    expect(second).toBeDefined();
    expect(await a.claimNext(clock.now())).toBeUndefined();
    expect((await b.measuresDueTogether(second!.deliveryId)).covered).toBe(false);
    expect(await b.record(second!, 'sent', clock.now())).toBe(true);
    // The rest are claimable as soon as the card went, and covered by it.
    const rest: boolean[] = [];
    for (let next = await a.claimNext(clock.now()); next; next = await a.claimNext(clock.now())) {
      rest.push((await a.measuresDueTogether(next.deliveryId)).covered);
      await a.record(next, 'sent', clock.now());
    }
    expect(rest).toEqual([true, true]);
  });

  it('leaves no measure of the plan held for the lease when its card is recorded sent while another instance was putting it back', async () => {
    await dueCase({ reassessOn: '2030-06-01', followUpOn: DUE, responsible: BOPS_NORD_2, catalogueIds: ['larmpaket', 'rri'] });
    // A second instance has its own connections on PostgreSQL; PGlite is one process's database.
    const second = engine === 'postgres' ? await createPostgresDatabase(opened.url!) : db;
    try {
      clock.set(AT_HOUR);
      const a = new SqlReminderLedger(db, TARGET_DAYS);
      expect(await a.planDue(clock.now(), SETTINGS)).toEqual({ reminders: 2, deliveries: 2 });
      const first = (await a.claimNext(clock.now()))!;
      // Instance b has read the sibling as held by the card in flight, and stops there: before it puts
      // the sibling back, instance a records the card as sent.
      let paused!: () => void;
      const reachedPause = new Promise<void>((resolve) => (paused = resolve));
      let resume!: () => void;
      const resumed = new Promise<void>((resolve) => (resume = resolve));
      const b = new SqlReminderLedger(pausedAfterHeldRead(second, paused, resumed), TARGET_DAYS);
      const claiming = b.claimNext(clock.now());
      await reachedPause;
      let recordSettled = false;
      const recording = a.record(first, 'sent', clock.now()).finally(() => (recordSettled = true));
      if (engine === 'postgres') {
        // Either the record ran to its end during the pause (the race), or it waits for b's claim.
        for (let waiting = 0; !recordSettled && waiting === 0; ) {
          waiting = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0]!.n;
        }
      }
      resume();
      expect(await claiming).toBeUndefined();
      expect(await recording).toBe(true);
      // The card went: the sibling is claimable now, covered by it — not held for the lease of a card already sent.
      const sibling = await a.claimNext(clock.now());
      expect(sibling).toBeDefined();
      expect((await a.measuresDueTogether(sibling!.deliveryId)).covered).toBe(true);
    } finally {
      if (second !== db) await second.close();
    }
  });

  /**
   * A case in region nord referred at `referredAt` — to Bops after an initial assessment, or (`kind`
   * 'in_depth') escalated after a structured one — and taken by `taker` (assigned to it), or by no one
   * when null, with a structured draft begun at `draftAt` when given.
   */
  async function referral(taker: string | null, referredAt: string, draftAt?: string, kind: 'bops' | 'in_depth' = 'bops') {
    const record = await cases.create({ caseNumber: newCaseNumber(), region: 'nord', violenceType: 'nara_relation', createdBy: AUDIT.actorId }, AUDIT);
    const referredBy = kind === 'bops' ? INTAKE_NORD : BOPS_NORD_1;
    const from = kind === 'bops' ? ({ level: 'initial', instrumentId: 'initial' } as const) : ({ level: 'structured', instrumentId: 'sarasv' } as const);
    const handedOver = await assessments.create({ caseNumber: record.caseNumber, region: 'nord', ...from, pack: PACK, officerId: referredBy }, AUDIT);
    await assessments.complete(handedOver.id, AUDIT);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO referrals (case_id, assessment_id, region, referred_by, referred_at, taken_by, taken_at, kind, note)
       VALUES ($1, $2, 'nord', $3, $4, $5::text, CASE WHEN $5::text IS NULL THEN NULL ELSE $4::timestamptz END, $6, CASE WHEN $6 = 'in_depth' THEN 'Överlämning (fiktiv).' END) RETURNING id`,
      [record.id, handedOver.id, referredBy, referredAt, taker, kind],
    );
    if (taker === null) return { caseId: record.id, referralId: rows[0]!.id };
    const officer = (await db.query<{ region: 'nord'; roles: string[] }>('SELECT region, roles FROM officers WHERE id = $1', [taker])).rows[0]!;
    await cases.assign(record.id, { id: taker, region: officer.region, roles: officer.roles as never }, AUDIT, false);
    if (draftAt) {
      const draft = await assessments.create({ caseNumber: record.caseNumber, region: 'nord', level: 'structured', instrumentId: 'sarasv', pack: PACK, officerId: taker }, AUDIT);
      await db.query('UPDATE assessments SET created_at = $2 WHERE id = $1', [draft.id, draftAt]);
    }
    return { caseId: record.id, referralId: rows[0]!.id };
  }

  /** Polls the day before the due day (when nothing may go), from its hour, and 90 minutes on; what was delivered. */
  async function pollAroundDueDay(): Promise<RecordingDelivery> {
    const delivery = new RecordingDelivery();
    const poller = instance(delivery);
    clock.set('2030-01-14T12:00:00Z');
    await poller.tick();
    expect(delivery.received).toEqual([]);
    clock.set(AT_HOUR);
    await poller.tick();
    clock.advance(90 * MINUTE);
    await poller.tick();
    return delivery;
  }

  it('reminds the taker of a referral whose assessment has not begun on its target day, once; not once a draft of it is begun', async () => {
    // Referred on 1 January (Stockholm): the target day is 14 days on, the due day of these tests.
    const waiting = await referral(BOPS_NORD_2, '2030-01-01T09:00:00Z');
    await referral(BOPS_NORD_1, '2030-01-01T09:00:00Z', '2030-01-03T10:00:00Z');
    const delivery = await pollAroundDueDay();
    expect(delivery.received).toEqual([
      expect.objectContaining({ kind: 'referral_due', about: 'referral', caseId: waiting.caseId, dueOn: DUE, recipientOfficerId: BOPS_NORD_2, reason: 'responsible', planId: null, measureId: null, referral: { id: waiting.referralId, handover: 'bops' } }),
    ]);
    expect((await deliveryAudits(waiting.caseId)).map((a) => a.detail)).toEqual([expect.objectContaining({ kind: 'referral_due', about: 'referral', referralId: waiting.referralId })]);
  });

  it('gives the region\'s Bops officers an overdue notice of a referral no one has taken after REMINDER_OVERDUE_DAYS, once; none of one taken', async () => {
    // Referred on 12 January: three days on is the due day of these tests.
    const open = await referral(null, '2030-01-12T09:00:00Z');
    await referral(BOPS_NORD_2, '2030-01-12T09:00:00Z', '2030-01-12T10:00:00Z');
    const delivery = await pollAroundDueDay();
    expect(who(delivery.received)).toEqual([`overdue_notice→${BOPS_NORD_1} (overdue_in_region)`, `overdue_notice→${BOPS_NORD_2} (overdue_in_region)`, `overdue_notice→${BOPS_NORD_3} (overdue_in_region)`]);
    expect(delivery.received.every((r) => r.about === 'open_referral' && r.caseId === open.caseId && r.dueOn === '2030-01-12' && r.planId === null && r.referral?.id === open.referralId)).toBe(true);
  });

  it('gives the region\'s specialists, and no Bops officer, an overdue notice of an escalation to in-depth no one has taken', async () => {
    const open = await referral(null, '2030-01-12T09:00:00Z', undefined, 'in_depth');
    await referral(SPECIALIST_NORD_2, '2030-01-12T09:00:00Z', undefined, 'in_depth');
    const delivery = await pollAroundDueDay();
    expect(who(delivery.received)).toEqual([`overdue_notice→${SPECIALIST_NORD_1} (overdue_in_region)`, `overdue_notice→${SPECIALIST_NORD_2} (overdue_in_region)`]);
    expect(delivery.received.every((r) => r.about === 'open_referral' && r.caseId === open.caseId && r.referral?.handover === 'in_depth')).toBe(true);
  });

  it('hands a taken escalation\'s reminder of a deactivated specialist to the region\'s other specialists, not to its Bops officers', async () => {
    const waiting = await referral(SPECIALIST_NORD_2, '2030-01-01T09:00:00Z', undefined, 'in_depth');
    await deactivateOfficer(db, SPECIALIST_NORD_2, AUDIT);
    try {
      const delivery = await pollAroundDueDay();
      expect(who(delivery.received)).toEqual([`referral_due→${SPECIALIST_NORD_1} (stands_in)`]);
      expect(delivery.received[0]).toEqual(expect.objectContaining({ caseId: waiting.caseId, referral: { id: waiting.referralId, handover: 'in_depth' } }));
    } finally {
      await provisionOfficer(db, { id: SPECIALIST_NORD_2, region: 'nord', roles: ['specialist'] }, AUDIT);
    }
  });

  it('withdraws a referral\'s reminder waiting for its retry once the assessment is begun', async () => {
    const waiting = await referral(BOPS_NORD_2, '2030-01-01T09:00:00Z');
    clock.set(AT_HOUR);
    const failing = new RecordingDelivery(() => {
      throw new Error('connector down');
    });
    await instance(failing).tick();
    expect(failing.received).toHaveLength(1);
    const draft = await assessments.create({ caseNumber: (await db.query<{ case_number: string }>('SELECT case_number FROM cases WHERE id = $1', [waiting.caseId])).rows[0]!.case_number, region: 'nord', level: 'structured', instrumentId: 'sarasv', pack: PACK, officerId: BOPS_NORD_2 }, AUDIT);
    await db.query(`UPDATE assessments SET created_at = '2030-01-15T08:00:00Z' WHERE id = $1`, [draft.id]);
    clock.advance(60 * MINUTE);
    const later = new RecordingDelivery();
    await instance(later).tick();
    expect(later.received).toEqual([]);
    expect((await deliveryStates()).map((d) => d.state)).toEqual(['withdrawn']);
  });

  it('sends once after a restart between the due time and the send, and once when an instance died holding a claim', async () => {
    await dueCase();
    const before = new RecordingDelivery();
    await instance(before).tick();
    expect(before.received).toEqual([]);
    // The server restarts: a new instance, the hour has passed meanwhile.
    clock.set('2030-01-15T09:30:00Z');
    const crashed = new SqlReminderLedger(db, TARGET_DAYS);
    await crashed.planDue(clock.now(), SETTINGS);
    const claimed = await crashed.claimNext(clock.now());
    expect(claimed?.attempt).toBe(1);
    // That instance dies before it sends. While its lease holds, nobody else sends.
    const after = new RecordingDelivery();
    await instance(after).tick();
    expect(after.received).toEqual([]);
    // When the lease has run out, the next instance sends it — once.
    clock.advance(11 * MINUTE);
    await instance(after).tick();
    await instance(after).tick();
    expect(after.received.map((r) => [r.deliveryId, r.attempt])).toEqual([[claimed!.deliveryId, 2]]);
    // The dead instance's late outcome changes nothing.
    expect(await crashed.record(claimed!, 'sent', clock.now())).toBe(false);
    expect(await deliveryStates()).toEqual([{ recipient_id: BOPS_NORD_1, kind: 'reassessment_due', state: 'sent', attempts: 2 }]);
  });

  it('gives an overdue notice to the region\'s Bops officers after REMINDER_OVERDUE_DAYS if nothing happened, and none for work followed up', async () => {
    const idle = await dueCase({ assignee: BOPS_NORD_2 });
    const followedUp = await dueCase({ assignee: BOPS_NORD_1, reassessOn: '2030-06-01', followUpOn: DUE });
    clock.set(AT_HOUR);
    const delivery = new RecordingDelivery();
    const poller = instance(delivery);
    await poller.tick();
    expect(who(delivery.received)).toEqual([`measure_follow_up_due→${BOPS_NORD_1} (responsible)`, `reassessment_due→${BOPS_NORD_2} (responsible)`]);
    // The measure is followed up: its next follow-up date is set.
    await db.query(`UPDATE protection_measures SET follow_up_on = '2030-02-15' WHERE id = $1`, [followedUp.measureId]);
    delivery.received.length = 0;

    clock.set('2030-01-18T06:59:00Z');
    await poller.tick();
    expect(delivery.received).toEqual([]);
    clock.set('2030-01-18T07:00:00Z');
    await poller.tick();
    await poller.tick();
    // The Bops officers of nord — not the one in syd, not the intake officer.
    expect(who(delivery.received)).toEqual([BOPS_NORD_1, BOPS_NORD_2, BOPS_NORD_3].map((id) => `overdue_notice→${id} (overdue_in_region)`).sort());
    expect(delivery.received.every((r) => r.caseId === idle.caseId && r.about === 'reassessment' && r.dueOn === DUE)).toBe(true);
  });

  it('tells of a plan protecting a person with protected identity only officers cleared to see them', async () => {
    const due = await dueCase({ assignee: BOPS_NORD_1, protectedIdentity: true, cleared: true });
    clock.set(AT_HOUR);
    const delivery = new RecordingDelivery();
    const poller = instance(delivery);
    await poller.tick();
    clock.set('2030-01-18T07:00:00Z');
    await poller.tick();
    // Bops officers of the region who were not cleared hear nothing of it, not even that it is overdue.
    expect(who(delivery.received)).toEqual([`overdue_notice→${BOPS_NORD_1} (overdue_in_region)`, `reassessment_due→${BOPS_NORD_1} (responsible)`]);
    expect(delivery.received.every((r) => r.caseId === due.caseId)).toBe(true);
  });

  it('sends the reminder of a deactivated officer, or of one the policy does not let read the plan, to the region\'s Bops officers instead', async () => {
    const intakeCase = await dueCase({ assignee: INTAKE_NORD });
    await dueCase({ assignee: BOPS_NORD_3 });
    await deactivateOfficer(db, BOPS_NORD_3, AUDIT);
    try {
      clock.set(AT_HOUR);
      const delivery = new RecordingDelivery();
      await instance(delivery).tick();
      const [intake, deactivated] = [delivery.received.filter((r) => r.caseId === intakeCase.caseId), delivery.received.filter((r) => r.caseId !== intakeCase.caseId)];
      // An intake officer reads no plans: the region's Bops officers stand in.
      expect(who(intake)).toEqual([BOPS_NORD_1, BOPS_NORD_2].map((id) => `reassessment_due→${id} (stands_in)`));
      expect(who(deactivated)).toEqual([BOPS_NORD_1, BOPS_NORD_2].map((id) => `reassessment_due→${id} (stands_in)`));
    } finally {
      await provisionOfficer(db, { id: BOPS_NORD_3, region: 'nord', roles: ['bops_officer'] }, AUDIT);
    }
  });

  it('hands a reminder waiting for its retry over to the region\'s Bops officers when its officer is deactivated meanwhile', async () => {
    const due = await dueCase({ assignee: BOPS_NORD_3 });
    clock.set(AT_HOUR);
    const delivery = new RecordingDelivery((r) => {
      if (r.recipientOfficerId === BOPS_NORD_3) throw new Error('connector answered 503');
      return 'sent';
    });
    const poller = instance(delivery);
    expect((await poller.tick()).delivered.failed).toBe(1);
    await deactivateOfficer(db, BOPS_NORD_3, AUDIT);
    try {
      clock.advance(MINUTE);
      expect((await poller.tick()).withdrawn).toBe(1);
      await poller.tick();
      expect(who(delivery.received)).toEqual([
        `reassessment_due→${BOPS_NORD_1} (stands_in)`,
        `reassessment_due→${BOPS_NORD_2} (stands_in)`,
        `reassessment_due→${BOPS_NORD_3} (responsible)`,
      ]);
      expect(delivery.received.every((r) => r.caseId === due.caseId)).toBe(true);
      expect(await deliveryStates()).toEqual([
        { recipient_id: BOPS_NORD_1, kind: 'reassessment_due', state: 'sent', attempts: 1 },
        { recipient_id: BOPS_NORD_2, kind: 'reassessment_due', state: 'sent', attempts: 1 },
        { recipient_id: BOPS_NORD_3, kind: 'reassessment_due', state: 'withdrawn', attempts: 1 },
      ]);
    } finally {
      await provisionOfficer(db, { id: BOPS_NORD_3, region: 'nord', roles: ['bops_officer'] }, AUDIT);
    }
  });

  it('tries a failed delivery again later and sends it once; a refused or reference-less one is never tried again', async () => {
    const due = await dueCase({ followUpOn: DUE, responsible: BOPS_NORD_2 });
    const other = await dueCase({ assignee: BOPS_NORD_3 });
    clock.set(AT_HOUR);
    let failures = 1;
    const delivery = new RecordingDelivery((r) => {
      // The bot was removed from one officer's chat; another never talked to it.
      if (r.recipientOfficerId === BOPS_NORD_2) return 'refused';
      if (r.recipientOfficerId === BOPS_NORD_3) return 'no_reference';
      if (failures-- > 0) throw new Error('connector answered 502');
      return 'sent';
    });
    const poller = instance(delivery);
    const first = await poller.tick();
    expect(first.delivered).toEqual({ sent: 0, refused: 1, no_reference: 1, failed: 1 });
    // Not before its pause is over.
    await poller.tick();
    expect(delivery.received).toHaveLength(3);
    clock.advance(MINUTE);
    await poller.tick();
    clock.advance(24 * 60 * MINUTE);
    await poller.tick();
    expect(delivery.received.map((r) => `${r.kind}→${r.recipientOfficerId}#${r.attempt}`).sort()).toEqual([
      `measure_follow_up_due→${BOPS_NORD_2}#1`,
      `reassessment_due→${BOPS_NORD_1}#1`,
      `reassessment_due→${BOPS_NORD_1}#2`,
      `reassessment_due→${BOPS_NORD_3}#1`,
    ]);
    expect(await deliveryStates()).toEqual([
      { recipient_id: BOPS_NORD_2, kind: 'measure_follow_up_due', state: 'refused', attempts: 1 },
      { recipient_id: BOPS_NORD_1, kind: 'reassessment_due', state: 'sent', attempts: 2 },
      { recipient_id: BOPS_NORD_3, kind: 'reassessment_due', state: 'no_reference', attempts: 1 },
    ]);
    // Only what was shown is audited, once.
    expect((await deliveryAudits(due.caseId)).map((a) => a.actor_id)).toEqual([BOPS_NORD_1]);
    expect(await deliveryAudits(other.caseId)).toEqual([]);
  });

  it('withdraws a reminder waiting for its retry when its work is dealt with meanwhile, instead of sending it late', async () => {
    const due = await dueCase({ reassessOn: '2030-06-01', followUpOn: DUE, responsible: BOPS_NORD_2 });
    clock.set(AT_HOUR);
    const delivery = new RecordingDelivery(() => {
      throw new Error('connector answered 503');
    });
    const poller = instance(delivery);
    expect((await poller.tick()).delivered.failed).toBe(1);
    // The officer follows the measure up in the meantime: its next follow-up is set.
    await db.query(`UPDATE protection_measures SET follow_up_on = '2030-02-15' WHERE id = $1`, [due.measureId]);
    clock.advance(MINUTE);
    const report = await poller.tick();
    expect(report.withdrawn).toBe(1);
    expect(delivery.received).toHaveLength(1);
    expect(await deliveryStates()).toEqual([{ recipient_id: BOPS_NORD_2, kind: 'measure_follow_up_due', state: 'withdrawn', attempts: 1 }]);
  });

  it('erases a case\'s reminders with the case when the retention job erases it', async () => {
    const due = await dueCase();
    clock.set(AT_HOUR);
    await instance(new RecordingDelivery()).tick();
    const count = async (sql: string) => (await db.query<{ n: number }>(sql, [due.caseId])).rows[0]!.n;
    const reminders = `SELECT count(*)::int AS n FROM reminders WHERE case_id = $1`;
    const deliveries = `SELECT count(*)::int AS n FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id WHERE r.case_id = $1`;
    expect([await count(reminders), await count(deliveries)]).toEqual([1, 1]);
    await db.query(`UPDATE cases SET status = 'closed', closed_at = '2026-01-01T00:00:00Z' WHERE id = $1`, [due.caseId]);
    await runRetention(db, { closedCaseDays: 365, draftDays: 100_000 }, new Date('2030-01-15T07:00:00Z'));
    expect([await count(reminders), await count(deliveries)]).toEqual([0, 0]);
  });

  it('sends a reminder once Postgres is back when it was down at the due time, and never twice when it went down right after the send', async () => {
    await dueCase();
    const faulty = faultyDatabase(db);
    const delivery = new RecordingDelivery(() => {
      // Postgres goes away between the send and its record.
      faulty.down = true;
      return 'sent';
    });
    const poller = instance(delivery, faulty);
    clock.set(AT_HOUR);
    faulty.down = true;
    await expect(poller.tick()).rejects.toThrow(/connection refused/);
    expect(delivery.received).toEqual([]);

    faulty.down = false;
    clock.advance(MINUTE);
    await expect(poller.tick()).rejects.toThrow(/connection refused/);
    expect(delivery.received).toHaveLength(1);

    faulty.down = false;
    clock.advance(MINUTE);
    await poller.tick();
    clock.advance(15 * MINUTE);
    await poller.tick();
    expect(delivery.received).toHaveLength(1);
    expect(await deliveryStates()).toEqual([{ recipient_id: BOPS_NORD_1, kind: 'reassessment_due', state: 'sent', attempts: 1 }]);
  });
});
