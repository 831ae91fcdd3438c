// Jobs run once with several server instances (issue 17, item 4): two server processes
// (`node --import tsx bot/main.ts`, the production entry point) share one PostgreSQL database and
// Redis and send to the same stand-in Bot Connector, every job of theirs due in both at once:
// - reminders (issue 12), both polling every second from 00:00 (REMINDER_HOUR=0): two measures of one
//   plan whose follow-up is today give their responsible officer one card naming both and one
//   `reminder.deliver` audit row each (claims under advisory locks in api/sqlReminderLedger.ts);
// - the referral sweep, polling as often: a referral whose cards never went gives each Bops officer of
//   its region one card and one `referral.notice` row (a claim row per chat, referral_announce_attempts);
// - retention, run by both at their start: a closed case past its period and a stale draft are erased
//   with one `retention.erase` row per entity (erasures under one advisory lock, api/retentionJob.ts);
// - the notices a write records (break-glass, share, review) go from the instance whose write committed:
//   the same break-glass sent to both at once, held at the case's row until both wait there, tells each
//   colleague once; a share and a review tell their officer once, and no job sends them again; a
//   break-glass notice recorded but never sent (its writer died after the commit) is sent once by the
//   notice sweep of one of them (a claim per notice, notice_outbox).
// After one process is killed with SIGKILL and restarted on the same DATA_DIR, still once each. Setup
// goes through an in-process server whose jobs are off. Officers and cases are fictitious. The
// children are killed in afterAll whatever happened.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAssessmentRepository } from '../api/sqlAssessmentRepository.js';
import { SqlCaseRepository } from '../api/sqlCaseRepository.js';
import { t } from '../dialogs/messageCatalogue.js';
import { adaptiveCardText } from './adaptiveCardText.js';
import { BotChildren, killBot, type BotChild } from './botChildren.js';
import { inboundActivity, type RecordedCall } from './botConnectorStandIn.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { deleteKeys, SHARED_REDIS_URL, type Instance } from './conversationStateClient.js';
import { untilWaitingForLocks } from './lockWaiters.js';
import { officerCaller } from './officerCaller.js';
import type { TestOfficer } from './testServer.js';

const officer = (n: number, roles: TestOfficer['roles'], region: TestOfficer['region']): TestOfficer => ({ id: `f0000000-0000-4000-8000-00000000b1${String(n).padStart(2, '0')}`, roles, region });
// Reminders (mitt).
const OFFICER = officer(1, ['bops_officer'], 'mitt');
const COLLEAGUE = officer(2, ['bops_officer'], 'mitt');
// The referral sweep (nord).
const INTAKE = officer(3, ['intake_officer'], 'nord');
const BOPS_N1 = officer(4, ['bops_officer'], 'nord');
const BOPS_N2 = officer(5, ['bops_officer'], 'nord');
// Break-glass (vast).
const RECORDER = officer(6, ['bops_officer'], 'vast');
const CASE_COLLEAGUE = officer(7, ['bops_officer'], 'vast');
const BREAKER = officer(8, ['bops_officer'], 'vast');
// Share and review (syd).
const SHARER = officer(9, ['bops_officer'], 'syd');
const REVIEWER = officer(10, ['bops_officer'], 'syd');
const INVESTIGATOR = officer(11, ['investigator'], 'syd');
// Retention (bergslagen): no chat.
const KEEPER = officer(12, ['bops_officer'], 'bergslagen');
// A break-glass whose notice was never sent (vast).
const LATE_COLLEAGUE = officer(13, ['bops_officer'], 'vast');
const EVERYONE = [OFFICER, COLLEAGUE, INTAKE, BOPS_N1, BOPS_N2, RECORDER, CASE_COLLEAGUE, BREAKER, SHARER, REVIEWER, INVESTIGATOR, KEEPER, LATE_COLLEAGUE];

const conversationOf = (o: TestOfficer) => `a:jobs-instances-${o.id}`;
const POLL_MS = 1000; // the smallest REMINDER_POLL_MS the config accepts
const CASES = { reminder: '1800-K900001-26', referral: '1800-K900002-26', glass: '1800-K900003-26', shared: '1800-K900004-26', closed: '1800-K900005-26', draft: '1800-K900006-26', lateGlass: '1800-K900007-26' };
const INVESTIGATION = '1500-K000901-26';

const children = new BotChildren();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Today in Europe/Stockholm, as the reminders' schedule reckons it. */
const stockholmToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('jobs with two server processes on one database', () => {
  const prefix = `bops-test-jobs-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let setup: Instance;
  const dirs: string[] = [];
  let childEnv: Record<string, string>;
  let a: BotChild;
  let b: BotChild;
  let today: string;
  let erased: { caseId: string; personId: string; assessmentId: string; draftId: string };
  let shareCase: { assessmentId: string };

  /** An officer's API call on a server (setup or a child), refused unless it succeeds; the JSON answered. */
  const call = async (on: { url: string; dataDir: string }, o: TestOfficer, method: string, path: string, body?: unknown) => {
    const response = await officerCaller(on.url, on.dataDir, o)(method, path, body);
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  const atSetup = () => ({ url: setup.server.url, dataDir: setup.dataDir });
  const count = async (sql: string, params: unknown[]) => (await bots.db.db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const auditRows = (action: string, actorId: string) => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND actor_id = $2`, [action, actorId]);
  /** The proactive cards the connector took for an officer's chat (not failed, not replies to their own "hej"). */
  const cardsTo = (o: TestOfficer): RecordedCall[] =>
    bots.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationOf(o) && c.activity.attachments?.length && !c.failed);
  const cardCounts = () => Object.fromEntries(EVERYONE.map((o) => [o.id, cardsTo(o).length]));
  const erasureRows = () => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.erase' AND entity_id = ANY($1)`, [Object.values(erased)]);
  /** Waits (bounded) until `done` holds; the assertions after it say what was expected. */
  const until = async (done: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 120 && !(await done()); i++) await sleep(250);
  };

  beforeAll(async () => {
    bots = await startBotInstances();
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    setup = await bots.start({ ...env, REMINDER_POLL_MS: '0' });
    for (const o of EVERYONE) await bots.db.db.query('INSERT INTO officers (id, region, roles) VALUES ($1, $2, $3)', [o.id, o.region, o.roles]);
    // Each officer talks to the bot once, which stores their chat through the API.
    for (const o of EVERYONE.filter((x) => x !== KEEPER)) {
      const hello = await fetch(`${setup.server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inboundActivity({ serviceUrl: bots.connector.serviceUrl, conversationId: conversationOf(o), officer: o.id }, { type: 'message', text: 'hej' })),
      });
      expect(hello.status).toBe(200);
    }

    // Reminders: two measures of one plan followed up today.
    await call(atSetup(), OFFICER, 'POST', '/cases', { caseNumber: CASES.reminder, violenceType: 'nara_relation' });
    await call(atSetup(), COLLEAGUE, 'PUT', `/cases/${CASES.reminder}/assignments/${OFFICER.id}`);
    const assessment = await completeStructuredAssessment(setup.server, { caseNumber: CASES.reminder, region: 'mitt', officerId: OFFICER.id, instrumentId: 'sara-sv', judgements: { overall: 'hog' } });
    today = stockholmToday();
    const plan = (await call(atSetup(), OFFICER, 'POST', `/cases/${CASES.reminder}/plans`, {
      assessmentId: assessment.id,
      protectedPersonId: null,
      reassessOn: '2099-06-01',
      measures: [
        { part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id, followUpOn: today },
        { part: 'reducering', measureId: 'rri', responsible: OFFICER.id, followUpOn: today },
      ],
    })) as { measures: { id: string }[] };
    expect(plan.measures).toHaveLength(2);

    // The referral sweep: a referral made two minutes ago (past the sweep's grace) whose cards never went
    // — completed through the repository, which announces nothing.
    const repository = new SqlAssessmentRepository(bots.db.db);
    const { pack, hash } = setup.server.methodology.active('bops-exempel');
    const setupAudit = (o: TestOfficer) => ({ actorId: o.id, viaId: null, purpose: 'test setup' });
    const initial = await repository.create({ caseNumber: CASES.referral, region: 'nord', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash }, officerId: INTAKE.id }, setupAudit(INTAKE));
    await repository.complete(initial.id, setupAudit(INTAKE), () => ({ discard: [], referral: { redFlagItemIds: [] } }));
    await bots.db.db.query(`UPDATE referrals SET referred_at = now() - interval '2 minutes' WHERE assessment_id = $1`, [initial.id]);

    // Break-glass: a case with a protected person and two officers on it.
    await call(atSetup(), RECORDER, 'POST', '/cases', { caseNumber: CASES.glass, violenceType: 'nara_relation' });
    await call(atSetup(), RECORDER, 'PUT', `/cases/${CASES.glass}/assignments/${RECORDER.id}`);
    await call(atSetup(), RECORDER, 'POST', `/cases/${CASES.glass}/persons`, { role: 'malsagande', label: 'MÄ Fiktiv', protectedIdentity: true });
    await call(atSetup(), RECORDER, 'PUT', `/cases/${CASES.glass}/assignments/${CASE_COLLEAGUE.id}`);
    // A break-glass whose writer died after its commit, two minutes ago (past the sweep's grace): broken through
    // the repository, which records the colleague's notice and sends nothing.
    const late = (await call(atSetup(), LATE_COLLEAGUE, 'POST', '/cases', { caseNumber: CASES.lateGlass, violenceType: 'nara_relation' })) as { id: string };
    await call(atSetup(), LATE_COLLEAGUE, 'PUT', `/cases/${CASES.lateGlass}/assignments/${LATE_COLLEAGUE.id}`);
    await new SqlCaseRepository(bots.db.db).breakGlass(late.id, BREAKER.id, 'Fiktiv akut hotbild; handläggaren nås inte.', setupAudit(BREAKER));
    await bots.db.db.query(`UPDATE notice_outbox SET recorded_at = now() - interval '2 minutes' WHERE case_id = $1`, [late.id]);

    // Share and review: a completed assessment by the sharer.
    await call(atSetup(), SHARER, 'POST', '/cases', { caseNumber: CASES.shared, violenceType: 'nara_relation' });
    await call(atSetup(), REVIEWER, 'PUT', `/cases/${CASES.shared}/assignments/${SHARER.id}`);
    shareCase = await completeStructuredAssessment(setup.server, { caseNumber: CASES.shared, region: 'syd', officerId: SHARER.id, instrumentId: 'sarasv', judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } }).then((r) => ({ assessmentId: r.id }));

    // Retention: a case closed four years ago (past the default three) with a person and an assessment,
    // and a draft untouched for 200 days (past the default 180).
    await call(atSetup(), KEEPER, 'POST', '/cases', { caseNumber: CASES.closed, violenceType: 'heder' });
    const person = (await call(atSetup(), KEEPER, 'POST', `/cases/${CASES.closed}/persons`, { role: 'malsagande', label: 'MÄ Raderas', protectedIdentity: false })) as { id: string };
    const old = await completeStructuredAssessment(setup.server, { caseNumber: CASES.closed, region: 'bergslagen', officerId: KEEPER.id, instrumentId: 'sarasv', judgements: { overall: 'lag' } });
    const { rows } = await bots.db.db.query<{ id: string }>(`UPDATE cases SET status = 'closed', closed_at = now() - interval '4 years' WHERE case_number = $1 RETURNING id`, [CASES.closed]);
    const draft = await repository.create({ caseNumber: CASES.draft, region: 'bergslagen', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash }, officerId: KEEPER.id }, setupAudit(KEEPER));
    await bots.db.db.query(`UPDATE assessments SET updated_at = now() - interval '200 days' WHERE id = $1`, [draft.id]);
    erased = { caseId: rows[0]!.id, personId: person.id, assessmentId: old.id, draftId: draft.id };
    bots.connector.take();

    // Both at once: each polls reminders and the sweep every second, and runs retention as it starts.
    childEnv = { ...env, DATABASE_URL: bots.db.url!, REMINDER_POLL_MS: String(POLL_MS), REMINDER_HOUR: '0', RETENTION_INTERVAL_MINUTES: '60' };
    const dirA = await mkdtemp(join(tmpdir(), 'bops-jobs-a-'));
    const dirB = await mkdtemp(join(tmpdir(), 'bops-jobs-b-'));
    dirs.push(dirA, dirB);
    [a, b] = await Promise.all([children.start(dirA, childEnv), children.start(dirB, childEnv)]);
  }, 120_000);
  afterAll(async () => {
    await children.killAll();
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const deliverRows = () => auditRows('reminder.deliver', OFFICER.id);
  const referralNotices = async () => [await auditRows('referral.notice', BOPS_N1.id), await auditRows('referral.notice', BOPS_N2.id)];

  it('sends exactly one reminder card for a plan\'s measures due today while both poll', async () => {
    await until(() => cardsTo(OFFICER).length > 0);
    // The other measure is recorded as covered by the card on a later poll.
    await until(async () => (await deliverRows()) >= 2);
    // Several more polls of both.
    await sleep(5 * POLL_MS);
    const cards = cardsTo(OFFICER);
    expect(cards).toHaveLength(1);
    const card = adaptiveCardText(cards[0]!.activity.attachments?.[0]?.content);
    for (const text of [CASES.reminder, today, 'Larmpaket', 'RRI']) expect(card).toContain(text);
    expect(await deliverRows()).toBe(2);
  }, 90_000);

  it('sends a referral whose cards never went once to each Bops officer of its region, by the sweep of one of them', async () => {
    await until(async () => (await referralNotices()).every((n) => n >= 1));
    for (const o of [BOPS_N1, BOPS_N2]) {
      expect(cardsTo(o)).toHaveLength(1);
      expect(adaptiveCardText(cardsTo(o)[0]!.activity.attachments?.[0]?.content)).toContain(t('sv', 'referral.card.title', { caseNumber: CASES.referral }));
    }
    expect(await referralNotices()).toEqual([1, 1]);
    const attempts = await bots.db.db.query<{ attempts: number }>(
      `SELECT a.attempts FROM referral_announce_attempts a JOIN referrals r ON r.id = a.referral_id JOIN cases c ON c.id = r.case_id WHERE c.case_number = $1 ORDER BY a.officer_id`,
      [CASES.referral],
    );
    expect(attempts.rows).toEqual([{ attempts: 1 }, { attempts: 1 }]);
    expect(cardsTo(INTAKE)).toEqual([]);
  }, 45_000);

  it('sends a break-glass notice recorded but never sent once, by the notice sweep of one of them', async () => {
    const lateNotices = () => auditRows('break_glass.notice', LATE_COLLEAGUE.id);
    await until(async () => (await lateNotices()) >= 1);
    expect(cardsTo(LATE_COLLEAGUE)).toHaveLength(1);
    expect(adaptiveCardText(cardsTo(LATE_COLLEAGUE)[0]!.activity.attachments?.[0]?.content)).toContain(t('sv', 'breakGlassNotice.card.title', { caseNumber: CASES.lateGlass }));
    const { rows } = await bots.db.db.query(`SELECT n.outcome, n.attempts FROM notice_outbox n JOIN cases c ON c.id = n.case_id WHERE c.case_number = $1`, [CASES.lateGlass]);
    expect(rows).toEqual([{ outcome: 'sent', attempts: 1 }]);
    expect(await lateNotices()).toBe(1);
  }, 45_000);

  it('erases a closed case past its period and a stale draft once, one audit row for each entity', async () => {
    await until(async () => (await erasureRows()) >= 4);
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE case_number = $1', [CASES.closed])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM assessments WHERE id = $1', [erased.draftId])).toBe(0);
    const rows = await bots.db.db.query<{ entity_type: string; entity_id: string }>(
      `SELECT entity_type, entity_id FROM audit_log WHERE action = 'retention.erase' AND entity_id = ANY($1) ORDER BY entity_id`,
      [Object.values(erased)],
    );
    expect(rows.rows).toHaveLength(4);
    expect(new Set(rows.rows.map((r) => r.entity_id)).size).toBe(4);
  }, 45_000);

  it('tells each colleague once of the same break-glass sent to both processes at once', async () => {
    const before = cardCounts();
    const body = { reason: 'Fiktiv akut hotbild under natten; handläggaren nås inte.' };
    // Both requests reach the case's row while the test holds it, so both have read the case before either writes.
    const answers = await bots.db.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM cases WHERE case_number = $1 FOR UPDATE`, [CASES.glass]);
      const sent = [a, b].map((child, i) => officerCaller(child.url, dirs[i]!, BREAKER)('POST', `/cases/${CASES.glass}/protected-access`, body));
      await untilWaitingForLocks(bots.db.db, { count: 2, statement: 'INSERT INTO case_assignments' });
      return sent;
    });
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual([200, 200]);
    for (const o of [RECORDER, CASE_COLLEAGUE]) {
      expect(cardsTo(o).length - before[o.id]!).toBe(1);
      expect(adaptiveCardText(cardsTo(o).at(-1)!.activity.attachments?.[0]?.content)).toContain(t('sv', 'breakGlassNotice.card.title', { caseNumber: CASES.glass }));
      expect(await auditRows('break_glass.notice', o.id)).toBe(1);
    }
    const breaks = await bots.db.db.query<{ changed: boolean }>(
      `SELECT (l.detail->>'changed')::boolean AS changed FROM audit_log l JOIN cases c ON c.id::text = l.entity_id WHERE l.action = 'case.break_glass' AND l.actor_id = $1 AND c.case_number = $2 ORDER BY l.id`,
      [BREAKER.id, CASES.glass],
    );
    expect(breaks.rows.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(cardsTo(BREAKER).length).toBe(before[BREAKER.id]);
  });

  it('tells of a share and of a review once, from the process that wrote it', async () => {
    const before = cardCounts();
    await call({ url: a.url, dataDir: dirs[0]! }, SHARER, 'POST', `/cases/${CASES.shared}/shares`, { investigationNumber: INVESTIGATION, recipients: [INVESTIGATOR.id], reason: 'Förundersökningsledaren behöver riskbilden inför förhör.' });
    await call({ url: b.url, dataDir: dirs[1]! }, REVIEWER, 'POST', `/assessments/${shareCase.assessmentId}/reviews`, { verdict: 'agree' });
    expect(cardsTo(INVESTIGATOR).length - before[INVESTIGATOR.id]!).toBe(1);
    expect(adaptiveCardText(cardsTo(INVESTIGATOR).at(-1)!.activity.attachments?.[0]?.content)).toContain(t('sv', 'shareNotice.card.title', { investigationNumber: INVESTIGATION }));
    expect(cardsTo(SHARER).length - before[SHARER.id]!).toBe(1);
    expect(adaptiveCardText(cardsTo(SHARER).at(-1)!.activity.attachments?.[0]?.content)).toContain(t('sv', 'reviewNotice.card.title', { caseNumber: CASES.shared }));
    expect([await auditRows('share.notice', INVESTIGATOR.id), await auditRows('review.notice', SHARER.id)]).toEqual([1, 1]);
  });

  it('does none of it again after one process is killed and restarted on its DATA_DIR', async () => {
    const cards = cardCounts();
    const erasures = await erasureRows();
    await killBot(a.process);
    expect(a.process.signalCode).toBe('SIGKILL');
    // It runs retention again as it starts, and polls reminders and the sweep.
    await children.start(dirs[0]!, childEnv);
    await sleep(5 * POLL_MS);
    expect(cardCounts()).toEqual(cards);
    expect(cardsTo(OFFICER)).toHaveLength(1);
    expect(await deliverRows()).toBe(2);
    expect(await referralNotices()).toEqual([1, 1]);
    expect(await erasureRows()).toBe(erasures);
  }, 60_000);
});
