// Reminders reach Teams (issue 12, item 3, done-when), over HTTP with the
// stand-in Bot Connector, on real PostgreSQL and on PGlite: officers' chats
// are stored by talking to the bot; after a structured assessment whose
// measure follow-up date is set to today through the API (the test's clock,
// past REMINDER_HOUR), the responsible officer receives exactly one reminder
// card — case, kind, date, the measure's title from the pack and the work
// list's Åtgärder button — within a few polls (run by the test with tick()),
// and none more after a server restart on the same database; a reference the
// connector refuses (403) is marked and not tried again; an officer of
// another region gets nothing. Whom a card's plan protects is numbered among
// the persons its recipient may see, as on the work list, the measures card and
// the case-file document. Officers and cases are fictitious.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { startServer } from '../bot/server.js';
import { localize, t } from '../dialogs/messageCatalogue.js';
import { WORK_LIST_VERB } from '../dialogs/workListSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import type { ConnectorStandIn, RecordedCall } from './botConnectorStandIn.js';
import { expectJson } from './expectJson.js';
import { planWithMeasures } from './planWithMeasures.js';
import { SettableClock } from './settableClock.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import type { TestOfficer, TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000a101', roles: ['bops_officer'], region: 'mitt' };
const COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000a102', roles: ['bops_officer'], region: 'mitt' };
const REMOVED: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000a103', roles: ['bops_officer'], region: 'mitt' };
const ELSEWHERE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000a104', roles: ['bops_officer'], region: 'syd' };
const EVERYONE = [OFFICER, COLLEAGUE, REMOVED, ELSEWHERE];

const conversationOf = (officer: TestOfficer) => `a:reminder-${officer.id}`;
const cardText = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe.each(DATABASE_ENGINES)('reminder cards over HTTP on %s (Redis state on postgres)', (engine) => {
  // 11:00 in Stockholm on the day, past the reminder hour (08:00).
  const clock = new SettableClock(new Date('2030-01-15T10:00:00Z'));
  let test: TestServer;
  let connector: ConnectorStandIn;
  let serial = 0;
  const newCaseNumber = () => `1800-K${String(++serial).padStart(6, '0')}-30`;

  let chat: ConnectedTestServer;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, clock, pollReminders: true, officers: EVERYONE, conversationOf, greet: true });
    ({ test, connector } = chat);
    // On PostgreSQL the chats' state is in the real Redis, as deployed; on PGlite in memory.
    expect(test.server.storageKind).toBe(engine === 'postgres' ? 'redis' : 'memory');
  });
  afterAll(() => chat?.close());

  const count = async (sql: string, params: unknown[]) => (await test.server.database.query<{ n: number }>(sql, params)).rows[0]!.n;
  const polls = async (n: number) => {
    for (let i = 0; i < n; i++) await test.server.reminders!.tick();
  };

  /** A case assigned to `responsible` with a completed structured assessment and a plan whose measures (one by default) are followed up on 2030-03-01. */
  async function caseWithMeasure(responsible: TestOfficer, catalogue?: { part: string; id: string }[]): Promise<{ caseNumber: string; measureId: string; measureIdOf: Record<string, string> }> {
    const { caseNumber, measureIds, measureIdOf } = await planWithMeasures(test, { caseNumber: newCaseNumber(), responsible, assignedBy: COLLEAGUE, ...(catalogue ? { catalogue } : {}) });
    return { caseNumber, measureId: measureIds[0]!, measureIdOf };
  }
  const followUpToday = async (officer: TestOfficer, measureId: string) =>
    expectJson(await test.as(officer, 'PUT', `/measures/${measureId}/status`, { status: 'proposed', followUpOn: '2030-01-15' }), 200);

  it('sends the responsible officer exactly one reminder card when a measure\'s follow-up is set to today, none to anyone else, and none more after a restart', async () => {
    const { caseNumber, measureId } = await caseWithMeasure(OFFICER);
    await polls(2);
    expect(connector.take()).toEqual([]);

    await followUpToday(OFFICER, measureId);
    await polls(3);
    const calls = connector.take();
    expect(calls.map((c) => [c.method, c.conversationId])).toEqual([['POST', conversationOf(OFFICER)]]);
    const card = calls[0]!;
    const text = cardText(card);
    // Swedish first: the officer's stored locale.
    const measureTitle = localize(test.server.methodology.active('bops-exempel').pack.measures.find((m) => m.id === 'rri')!.title, 'sv');
    expect(text).toContain(t('sv', 'reminder.card.title.measure_follow_up_due', { caseNumber }));
    expect(text).toContain(t('sv', 'reminder.card.due', { date: '2030-01-15' }));
    expect(text).toContain(t('sv', 'reminder.card.measure', { measure: measureTitle }));
    expect(text).not.toContain('Testhandläggare');
    expect(submitActions(card.activity.attachments?.[0]?.content)).toEqual([
      expect.objectContaining({ title: t('sv', 'button.measures'), data: { verb: WORK_LIST_VERB, action: 'measures', caseNumber } }),
    ]);
    // One audited read, by the ledger, for the officer shown the card.
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reminder.deliver' AND actor_id = $1`, [OFFICER.id])).toBe(1);

    // The button opens the case's measures, as on the work list.
    const answer = await chat.post(OFFICER, { type: 'message', replyToId: card.responseId, value: submitActions(card.activity.attachments?.[0]?.content)[0]!.data });
    expect(answer.length).toBeGreaterThan(0);
    expect(new Set(answer.map((c) => c.conversationId))).toEqual(new Set([conversationOf(OFFICER)]));
    expect(answer.map((c) => (c.activity.attachments?.[0] ? cardText(c) : (c.activity.text ?? ''))).join('\n')).toContain(caseNumber);

    // Another server on the same database and conversation state: a restart.
    const dataDir = await mkdtemp(join(tmpdir(), 'bops-test-reminder-cards-'));
    const restarted = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RETENTION_INTERVAL_MINUTES: '0', ...test.stateEnv }), createLogger('silent'), { database: test.server.database, clock });
    try {
      await restarted.reminders!.tick();
      clock.set('2030-01-15T14:00:00Z');
      await restarted.reminders!.tick();
      await polls(2);
      expect(connector.take()).toEqual([]);
      expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reminder.deliver' AND actor_id = $1`, [OFFICER.id])).toBe(1);
    } finally {
      await restarted.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    for (const other of [COLLEAGUE, REMOVED, ELSEWHERE]) expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reminder.deliver' AND actor_id = $1`, [other.id])).toBe(0);
  });

  it('sends one card naming every measure of a plan due the same day, and records each as shown', async () => {
    clock.set('2030-01-15T10:00:00Z');
    const { caseNumber, measureIdOf } = await caseWithMeasure(OFFICER, [{ part: 'reducering', id: 'rri' }, { part: 'skydd', id: 'larmpaket' }, { part: 'stod', id: 'socialtjanst' }]);
    await followUpToday(OFFICER, measureIdOf['rri']!);
    await followUpToday(OFFICER, measureIdOf['larmpaket']!);
    await polls(3);
    const calls = connector.take();
    expect(calls.map((c) => c.conversationId)).toEqual([conversationOf(OFFICER)]);
    const titles = test.server.methodology.active('bops-exempel').pack.measures;
    const title = (id: string) => localize(titles.find((m) => m.id === id)!.title, 'sv');
    // In the plan's order (Skydd before Reducering); the measure due another day is not on it.
    expect(cardText(calls[0]!)).toContain(t('sv', 'reminder.card.measures', { count: 2, measures: `${title('larmpaket')}, ${title('rri')}` }));
    const sentFor = async () =>
      count(`SELECT count(*)::int AS n FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id JOIN cases c ON c.id = r.case_id WHERE c.case_number = $1 AND d.state = 'sent'`, [caseNumber]);
    expect(await sentFor()).toBe(2);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log a JOIN cases c ON c.id::text = a.entity_id WHERE a.action = 'reminder.deliver' AND c.case_number = $1`, [caseNumber])).toBe(2);
    await polls(2);
    expect(connector.take()).toEqual([]);
  });

  it('says on each card whose plan it is when the case has two active plans: two Larmpaket follow-ups told apart', async () => {
    clock.set('2030-01-15T10:00:00Z');
    // The first plan names no one; the second, of a later assessment, protects the second of two injured parties.
    const { caseNumber, measureId } = await caseWithMeasure(OFFICER, [{ part: 'skydd', id: 'larmpaket' }]);
    const persons = [];
    for (const label of ['MÄ 1', 'MÄ 2']) persons.push(await expectJson<{ id: string }>(await test.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label, protectedIdentity: false }), 201));
    const assessment = await completeStructuredAssessment(test.server, { caseNumber, region: OFFICER.region, officerId: OFFICER.id, instrumentId: 'sara-sv', judgements: { overall: 'hog' } });
    const second = await expectJson<{ measures: { id: string }[] }>(
      await test.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: assessment.id, protectedPersonId: persons[1]!.id, reassessOn: '2030-06-01', measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id, followUpOn: '2030-03-01' }] }),
      201,
    );
    await followUpToday(OFFICER, measureId);
    await followUpToday(OFFICER, second.measures[0]!.id);
    await polls(3);
    const texts = connector.take().map(cardText);
    expect(texts).toHaveLength(2);
    expect(texts.filter((text) => text.includes(t('sv', 'measures.protects', { role: 'målsägande 2' })))).toHaveLength(1);
    expect(texts.filter((text) => text.includes(t('sv', 'measures.protectsNone')))).toHaveLength(1);
    for (const text of texts) expect(text).not.toContain('MÄ');
  });

  it('numbers whom a plan protects among the persons each officer may see — work list, reminder card, measures card, document — and keeps an old document’s wording', async () => {
    clock.set('2030-01-15T10:00:00Z');
    const [CLEARED, UNCLEARED] = [OFFICER, COLLEAGUE];
    const caseNumber = newCaseNumber();
    const persons = `/cases/${caseNumber}/persons`;
    await expectJson(await test.as(CLEARED, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(UNCLEARED, 'PUT', `/cases/${caseNumber}/assignments/${CLEARED.id}`), 200);
    // Recording the case's first protected person clears the recorder for them; a colleague who assigns themself is not.
    const hidden = await expectJson<{ id: string }>(await test.as(CLEARED, 'POST', persons, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: true }), 201);
    const visible = await expectJson<{ id: string }>(await test.as(CLEARED, 'POST', persons, { role: 'malsagande', label: 'MÄ 2', protectedIdentity: false }), 201);
    await expectJson(await test.as(UNCLEARED, 'PUT', `/cases/${caseNumber}/assignments/${UNCLEARED.id}`), 200);
    const planFor = async (personId: string, measures: { part: string; measureId: string; responsible: string }[]) => {
      const assessment = await completeStructuredAssessment(test.server, { caseNumber, region: CLEARED.region, officerId: CLEARED.id, instrumentId: 'sarasv', judgements: { overall: 'hog' } });
      const body = { assessmentId: assessment.id, protectedPersonId: personId, reassessOn: '2030-06-01', measures: measures.map((m) => ({ ...m, followUpOn: '2030-03-01' })) };
      return { assessmentId: assessment.id, measureIds: (await expectJson<{ measures: { id: string }[] }>(await test.as(CLEARED, 'POST', `/cases/${caseNumber}/plans`, body), 201)).measures.map((m) => m.id) };
    };
    await planFor(hidden.id, [{ part: 'skydd', measureId: 'larmpaket', responsible: CLEARED.id }]);
    const shown = await planFor(visible.id, [{ part: 'skydd', measureId: 'larmpaket', responsible: CLEARED.id }, { part: 'stod', measureId: 'socialtjanst', responsible: UNCLEARED.id }]);
    for (const measureId of shown.measureIds) await followUpToday(CLEARED, measureId);
    const protects = (role: string) => t('sv', 'measures.protects', { role });
    const personReads = () => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.read'`, []);
    const readsBefore = await personReads();

    // The reminder card: to the uncleared officer the case has one plan, so the card says nothing of whom it protects.
    await polls(3);
    const cards = connector.take();
    const cardsTo = (officer: TestOfficer) => cards.filter((c) => c.conversationId === conversationOf(officer)).map(cardText);
    expect(cardsTo(CLEARED)).toEqual([expect.stringContaining(protects('målsägande 2'))]);
    expect(cardsTo(UNCLEARED)).toEqual([expect.not.stringContaining(protects(''))]);

    // The work list: no `protects` where one plan is visible; the cleared officer's row names the second injured party.
    const rowsOf = async (officer: TestOfficer) =>
      (await expectJson<{ items: { caseNumber: string; kind: string; protects?: unknown }[] }>(await test.as(officer, 'GET', '/worklist?limit=50'), 200)).items.filter((i) => i.caseNumber === caseNumber && i.kind === 'measure_follow_up');
    const uncleared = await rowsOf(UNCLEARED);
    expect(uncleared).toHaveLength(1);
    expect(uncleared[0]).not.toHaveProperty('protects');
    expect((await rowsOf(CLEARED)).map((r) => r.protects)).toEqual([{ role: 'malsagande', number: 2, protectedIdentity: false }]);

    // The measures card, numbered by the API from the persons' roles: no person read.
    const headings = async (officer: TestOfficer) =>
      (await chat.post(officer, { type: 'message', text: `åtgärder ${caseNumber}` })).filter((c) => c.activity.attachments?.length).flatMap((c) => cardText(c).split('\n')).filter((l) => l.startsWith(protects('')));
    expect(await headings(UNCLEARED)).toEqual([protects('målsägande')]);
    expect(await headings(CLEARED)).toEqual([protects(`målsägande 1${t('sv', 'measures.protectedIdentity')}`), protects('målsägande 2')]);
    expect(await personReads()).toBe(readsBefore);

    // The case-file document, alike; a third injured party recorded after the assessment changes its wording for no one (issue 19).
    const documentPlan = async (officer: TestOfficer) =>
      (await expectJson<{ plan: unknown }>(await test.as(officer, 'GET', `/assessments/${shown.assessmentId}/document`, undefined, { accept: 'application/json' }), 200)).plan;
    const asRecorded = { [UNCLEARED.id]: { protectedPersonRole: 'malsagande', protectedPersonNumber: null }, [CLEARED.id]: { protectedPersonRole: 'malsagande', protectedPersonNumber: 2 } };
    for (const officer of [UNCLEARED, CLEARED]) expect(await documentPlan(officer)).toMatchObject(asRecorded[officer.id]!);
    await expectJson(await test.as(CLEARED, 'POST', persons, { role: 'malsagande', label: 'MÄ 3', protectedIdentity: false }), 201);
    for (const officer of [UNCLEARED, CLEARED]) expect(await documentPlan(officer)).toMatchObject(asRecorded[officer.id]!);
    // Chat names the case's persons as they are now.
    expect(await headings(UNCLEARED)).toEqual([protects('målsägande 1')]);
  });

  it('marks a reference the connector refuses (403) and does not try it again; the work still shows in the work list', async () => {
    clock.set('2030-01-15T10:00:00Z');
    const { caseNumber, measureId } = await caseWithMeasure(REMOVED);
    connector.refuse(conversationOf(REMOVED));
    await followUpToday(REMOVED, measureId);
    await polls(2);
    const calls = connector.take();
    expect(calls.map((c) => [c.method, c.conversationId, c.refused])).toEqual([['POST', conversationOf(REMOVED), true]]);
    expect(await count(`SELECT count(*)::int AS n FROM conversation_references WHERE officer_id = $1 AND refused_at IS NOT NULL`, [REMOVED.id])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE recipient_id = $1 AND state = 'refused'`, [REMOVED.id])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reminder.deliver' AND actor_id = $1`, [REMOVED.id])).toBe(0);
    clock.set('2030-01-15T16:00:00Z');
    await polls(3);
    expect(connector.take()).toEqual([]);
    const work = await expectJson<{ items: { kind: string; caseNumber: string }[] }>(await test.as(REMOVED, 'GET', '/worklist?limit=50'), 200);
    expect(work.items).toContainEqual(expect.objectContaining({ kind: 'measure_follow_up', caseNumber }));
    // The officer of another region never got anything.
    expect(connector.calls.filter((c) => c.conversationId === conversationOf(ELSEWHERE))).toEqual([]);
  });
});
