// Referral to Bops over real HTTP with the stand-in Bot Connector, on real
// PostgreSQL and on PGlite (issue 12, items 1, 4 and 9): officers' chats are
// stored through the API after a turn; an intake officer refers a case and
// exactly the Bops officers of the case's region who talked to the bot get a
// proactive card (case number, time, red flags by label — no reason, no name),
// each an audited read; an intake officer who is also a Bops officer of the
// region is offered the structured assessment in the same chat; two officers
// pressing Ta ärendet at once make one assignment, the other is told plainly
// and the third's card is updated; a reference the connector refuses (403) is
// marked and not tried again. Officers and cases are fictitious.
import { addDays, calendarDate } from '../methodology/calendarDate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { ON_BEHALF_OF_HEADER } from '../api/assessmentContract.js';
import { redFlagLabels } from '../methodology/referralDecision.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { t } from '../dialogs/messageCatalogue.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { ConnectorStandIn, RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import type { TestOfficer, TestServer } from './testServer.js';
import { ESCALATION_NOTE_INPUT } from '../dialogs/workListSubmit.js';

const INTAKE: TestOfficer = { id: 'f0000000-0000-4000-8000-000000000a01', roles: ['intake_officer'], region: 'mitt' };
const BOPS_A: TestOfficer = { id: 'f0000000-0000-4000-8000-000000000b01', roles: ['bops_officer'], region: 'mitt' };
const BOPS_B: TestOfficer = { id: 'f0000000-0000-4000-8000-000000000b02', roles: ['bops_officer'], region: 'mitt' };
const INTAKE_BOPS: TestOfficer = { id: 'f0000000-0000-4000-8000-000000000c01', roles: ['intake_officer', 'bops_officer'], region: 'mitt' };
const BOPS_ELSEWHERE: TestOfficer = { id: 'f0000000-0000-4000-8000-000000000d01', roles: ['bops_officer'], region: 'syd' };
const SPECIALIST: TestOfficer = { id: 'f0000000-0000-4000-8000-000000000e01', roles: ['specialist'], region: 'mitt' };
const SPECIALIST_ELSEWHERE: TestOfficer = { id: 'f0000000-0000-4000-8000-000000000e02', roles: ['specialist'], region: 'syd' };
const EVERYONE = [INTAKE, BOPS_A, BOPS_B, INTAKE_BOPS, BOPS_ELSEWHERE, SPECIALIST, SPECIALIST_ELSEWHERE];
const NOTE = 'Fiktiv anteckning: hög risk, bör bedömas inom en vecka.';

const RATIONALE = 'Fiktiv motivering: slag vid två tillfällen.';
const REASON = 'Fiktivt skäl: tidigare våld och förföljelse efter separation.';

/** The handover card shows the structured result by the pack's labels and the note — never a rationale. */
function expectHandover(text: string, caseNumber: string): void {
  expect(text).toContain(t('sv', 'handover.title', { caseNumber }));
  expect(text).toContain('SARA:SV');
  for (const line of ['Samlad risk', 'Hög', 'Risk för allvarligt våld', 'Medel', 'Akut risk', 'Låg', 'Våldshandlingar – Hög relevans', 'Larmpaket (föreslagen)', NOTE]) expect(text).toContain(line);
  // A factor rated absent is not listed, and the officer's rationale stays in the assessment.
  expect(text).not.toContain('Våldshot eller våldstankar');
  expect(text).not.toContain(RATIONALE);
}
const ANSWERS: Record<string, string> = {
  hotbildsfraga: 'ja', relation: 'nara_relation', tidigare_vald: 'ja', dodshot: 'nej', sjalvmordshot: 'nej', strypvald: 'vet_ej', eskalering: 'vet_ej',
  vapen: 'nej', forfoljelse: 'ja', overtradelse: 'nej', separation: 'ja', heder: 'nej', sexuellt_vald: 'nej', vald_mot_andra: 'nej', missbruk_psykisk_ohalsa: 'vet_ej', barn: 'ja',
};

const conversationOf = (officer: TestOfficer) => `a:referral-${officer.id}`;
const cardText = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe.each(DATABASE_ENGINES)('referral to Bops over HTTP on %s (Redis state on postgres)', (engine) => {
  let test: TestServer;
  let connector: ConnectorStandIn;
  let serial = 0;
  const newCaseNumber = () => `1800-K${String(++serial).padStart(6, '0')}-26`;

  let chat: ConnectedTestServer;

  beforeAll(async () => {
    // Reminders are polled only when a test ticks them (REMINDER_POLL_MS far beyond a run).
    chat = await startConnectedTestServer({ engine, officers: EVERYONE, conversationOf, pollReminders: true, env: { REMINDER_POLL_MS: '3600000' } });
    ({ test, connector } = chat);
    // On PostgreSQL the chats' state is in the real Redis, as deployed; on PGlite in memory.
    expect(test.server.storageKind).toBe(engine === 'postgres' ? 'redis' : 'memory');
  });
  afterAll(() => chat?.close());

  /** Posts one activity from the officer's personal chat, as the connector would; answers what the bot sent meanwhile, to anyone. */
  const post = (officer: TestOfficer, extra: Partial<Activity>) => chat.post(officer, extra);
  const say = (officer: TestOfficer, text: string) => post(officer, { type: 'message', text });
  /** Presses a button of a card in the officer's chat, as Teams does (the card's activity in replyToId). */
  const press = (officer: TestOfficer, card: RecordedCall, title: string, inputs: Record<string, string> = {}) => {
    const action = submitActions(card.activity.attachments?.[0]?.content).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title}`);
    return pressAction(officer, card, action, inputs);
  };
  /** Presses one given button of a card (one of several of the same title, as on a work list). */
  const pressAction = (officer: TestOfficer, card: RecordedCall, action: { data: Record<string, unknown> }, inputs: Record<string, string> = {}) =>
    post(officer, { type: 'message', replyToId: card.responseId, value: { ...action.data, ...inputs } });
  const repliesTo = (officer: TestOfficer, calls: RecordedCall[]) => calls.filter((c) => c.conversationId === conversationOf(officer) && c.method === 'POST');
  const textsOf = (calls: RecordedCall[]) => calls.map((c) => (c.activity.attachments?.[0] ? cardText(c) : (c.activity.text ?? '')));

  /** The bot's own call to the API for an officer, as dialogs/httpAssessmentApi.ts makes it. */
  async function asBot(officer: TestOfficer, method: string, path: string, body?: unknown): Promise<Response> {
    return test.api(path, {
      method,
      headers: { authorization: `Bearer ${await test.serviceToken()}`, [ON_BEHALF_OF_HEADER]: officer.id, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** An initial assessment decided "remittera till Bops", completed by the bot for `by`; what the connector got meanwhile. */
  async function refer(by: TestOfficer): Promise<{ caseNumber: string; calls: RecordedCall[] }> {
    const caseNumber = newCaseNumber();
    const { pack, hash } = test.server.methodology.active('bops-exempel');
    const created = await asBot(by, 'POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const [itemId, value] of Object.entries({ ...ANSWERS, beslut: 'remittera' })) {
      const saved = await asBot(by, 'PUT', `/assessments/${id}/answers/${itemId}`, itemId === 'beslut' ? { value, rationale: REASON } : { value });
      expect(saved.status).toBe(204);
    }
    connector.take();
    const completed = await asBot(by, 'POST', `/assessments/${id}/complete`);
    expect(completed.status).toBe(200);
    return { caseNumber, calls: connector.take() };
  }

  const count = async (sql: string, params: unknown[]) => (await test.server.database.query<{ n: number }>(sql, params)).rows[0]!.n;
  const auditRows = (action: string, actorId: string) => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND actor_id = $2`, [action, actorId]);
  const workRows = async (officer: TestOfficer) => {
    const res = await test.as(officer, 'GET', '/worklist?limit=50');
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { kind: string; caseNumber: string; dueOn: string | null; takenByYou?: boolean }[] }).items;
  };

  it('stores each officer’s chat through the API after a turn — ids only, audited — and skips a reference already stored', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    const { rows } = await test.server.database.query<{ officer_id: string; reference: unknown; refused_at: Date | null }>('SELECT officer_id, reference, refused_at FROM conversation_references ORDER BY officer_id');
    expect(rows.map((r) => r.officer_id).sort()).toEqual(EVERYONE.map((o) => o.id).sort());
    const stored = rows.find((r) => r.officer_id === BOPS_A.id)!;
    const reference = (typeof stored.reference === 'string' ? JSON.parse(stored.reference) : stored.reference) as Record<string, unknown>;
    expect(reference).toMatchObject({ channelId: 'msteams', serviceUrl: connector.serviceUrl, conversation: { id: conversationOf(BOPS_A) }, user: { aadObjectId: BOPS_A.id } });
    // The display name the connector sent is not kept.
    expect(JSON.stringify(rows)).not.toContain('Testhandläggare');
    expect(await auditRows('conversation_reference.save', BOPS_A.id)).toBe(1);
    await say(BOPS_A, 'hej igen');
    expect(await auditRows('conversation_reference.save', BOPS_A.id)).toBe(1);
  });

  it('lets only the bot store a reference, for the officer it acts for', async () => {
    const body = { reference: { channelId: 'msteams', serviceUrl: connector.serviceUrl, conversation: { id: 'a:x' }, bot: { id: '28:bops-bot' }, user: { id: '29:x', aadObjectId: BOPS_A.id } } };
    const direct = await test.as(BOPS_A, 'PUT', '/officers/me/conversation-reference', body);
    expect(direct.status).toBe(403);
    expect((await asBot(BOPS_B, 'PUT', '/officers/me/conversation-reference', body)).status).toBe(400);
  });

  it('announces a referral to exactly the Bops officers of the case’s region — case, time, red flags by label, no reason — each an audited read', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    const noticesBefore = await auditRows('referral.notice', BOPS_A.id);
    const { caseNumber, calls } = await refer(INTAKE);
    const receivers = calls.filter((c) => c.method === 'POST').map((c) => c.conversationId).sort();
    expect(receivers).toEqual([BOPS_A, BOPS_B, INTAKE_BOPS].map(conversationOf).sort());
    const card = cardText(repliesTo(BOPS_A, calls)[0]!);
    const loaded = test.server.methodology.active('bops-exempel');
    const labels = redFlagLabels(findInstrument(loaded, 'initial'), ['tidigare_vald', 'forfoljelse', 'separation', 'barn']).map((l) => l.sv);
    expect(labels.length).toBeGreaterThan(0);
    expect(card).toContain(t('sv', 'referral.card.title', { caseNumber }));
    expect(card).toContain(t('sv', 'referral.card.redFlags', { flags: labels.join(', ') }));
    expect(card).toContain(t('sv', 'button.takeReferral'));
    expect(card).toContain(t('sv', 'button.startStructured'));
    expect(JSON.stringify(calls)).not.toContain(REASON);
    expect(await auditRows('referral.notice', BOPS_A.id)).toBe(noticesBefore + 1);
    expect(await auditRows('referral.notice', BOPS_ELSEWHERE.id)).toBe(0);
    // The referral waits in the region's Bops officers' work lists, and nowhere else.
    expect((await workRows(BOPS_A)).filter((r) => r.kind === 'referral').map((r) => r.caseNumber)).toContain(caseNumber);
    expect((await workRows(BOPS_ELSEWHERE)).some((r) => r.kind === 'referral')).toBe(false);

    // "mina ärenden" in chat (the Done when): the receiving officer's work-list card lists the case with its Ta ärendet.
    const listed = repliesTo(BOPS_A, await say(BOPS_A, 'mina ärenden'));
    const workCard = listed.find((c) => c.activity.attachments?.length)!;
    const lines = cardText(workCard).split('\n');
    expect(lines[0]).toMatch(/^Mina ärenden – att göra \(\d+\)$/);
    const row = lines.findIndex((line) => line.includes(`**${caseNumber}**`));
    expect(lines[row]).toMatch(new RegExp(`^\\d+\\. \\*\\*${caseNumber}\\*\\* · Remiss till Bops, inte tagen – remitterad \\d{4}-\\d{2}-\\d{2}`));
    expect(lines[row + 1]).toBe(`[${t('sv', 'button.takeReferral')}] [${t('sv', 'button.startStructured')}]`);
    const take = submitActions(workCard.activity.attachments?.[0]?.content).filter((a) => a.title === t('sv', 'button.takeReferral') && a.data.caseNumber === caseNumber);
    expect(take).toEqual([{ title: t('sv', 'button.takeReferral'), data: expect.objectContaining({ action: 'takeReferral', caseNumber }) }]);
    // Pressed from the work list, the button takes the case.
    expect(textsOf(repliesTo(BOPS_A, await pressAction(BOPS_A, workCard, take[0]!)))).toEqual([t('sv', 'referral.taken', { caseNumber })]);
    // An officer of another region is shown no such row.
    const elsewhere = repliesTo(BOPS_ELSEWHERE, await say(BOPS_ELSEWHERE, 'mina ärenden'));
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(JSON.stringify(elsewhere.map((c) => c.activity))).not.toContain(caseNumber);
  });

  it('offers an intake officer who is also a Bops officer of the region the structured assessment at once, in the same chat', async () => {
    await say(INTAKE_BOPS, 'hej');
    const { caseNumber, calls } = await refer(INTAKE_BOPS);
    const own = repliesTo(INTAKE_BOPS, calls);
    expect(own).toHaveLength(1);
    expect(cardText(own[0]!)).toContain(t('sv', 'referral.card.own'));
    const started = await press(INTAKE_BOPS, own[0]!, t('sv', 'button.startStructured'));
    const texts = textsOf(repliesTo(INTAKE_BOPS, started));
    expect(texts[0]).toBe(t('sv', 'referral.taken', { caseNumber }));
    // The structured assessment begins on that case: its first question is the instrument.
    expect(texts.length).toBeGreaterThan(1);
    expect(await count(`SELECT count(*)::int AS n FROM case_assignments ca JOIN cases c ON c.id = ca.case_id WHERE c.case_number = $1 AND ca.officer_id = $2`, [caseNumber, INTAKE_BOPS.id])).toBe(1);
    await say(INTAKE_BOPS, 'avbryt');
  });

  it('lets the first of two officers pressing Ta ärendet at once take the case; the other is told plainly, the third card updated, nothing written twice', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    const { caseNumber, calls } = await refer(INTAKE);
    const [cardA, cardB, cardC] = [BOPS_A, BOPS_B, INTAKE_BOPS].map((o) => repliesTo(o, calls)[0]!);
    const [turnA, turnB] = await Promise.all([press(BOPS_A, cardA!, t('sv', 'button.takeReferral')), press(BOPS_B, cardB!, t('sv', 'button.takeReferral'))]);
    const every = [...turnA, ...turnB];
    const told = [...textsOf(repliesTo(BOPS_A, every)), ...textsOf(repliesTo(BOPS_B, every))].sort();
    expect(told).toEqual([t('sv', 'referral.taken', { caseNumber }), t('sv', 'referral.takenByOther', { caseNumber })].sort());
    const assigned = await test.server.database.query<{ officer_id: string }>(`SELECT ca.officer_id FROM case_assignments ca JOIN cases c ON c.id = ca.case_id WHERE c.case_number = $1`, [caseNumber]);
    expect(assigned.rows).toHaveLength(1);
    const winner = assigned.rows[0]!.officer_id === BOPS_A.id ? BOPS_A : BOPS_B;
    const winnerCard = winner === BOPS_A ? cardA! : cardB!;
    // The third officer's card now says it was taken (updated in place, no buttons left).
    const update = every.find((c) => c.method === 'PUT' && c.conversationId === conversationOf(INTAKE_BOPS));
    expect(update?.activityId).toBe(cardC!.responseId);
    expect(cardText(update!)).toBe(t('sv', 'referral.card.taken', { caseNumber }));
    // Pressed again (a stale card): the current state, no second write.
    const takesBefore = await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'referral.take'`, []);
    const again = await press(winner, winnerCard, t('sv', 'button.takeReferral'));
    expect(textsOf(repliesTo(winner, again))).toEqual([t('sv', 'referral.alreadyYours', { caseNumber })]);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'referral.take'`, [])).toBe(takesBefore);
    // Taken: off the others' work lists; on the taker's, due within the target time, until the assessment begins.
    const referralRow = async (officer: TestOfficer) => (await workRows(officer)).filter((r) => r.kind === 'referral' && r.caseNumber === caseNumber);
    expect(await referralRow(winner === BOPS_A ? BOPS_B : BOPS_A)).toEqual([]);
    const referredAt = (await test.server.database.query<{ referred_at: Date }>(`SELECT r.referred_at FROM referrals r JOIN cases c ON c.id = r.case_id WHERE c.case_number = $1`, [caseNumber])).rows[0]!.referred_at;
    expect(await referralRow(winner)).toEqual([expect.objectContaining({ takenByYou: true, dueOn: addDays(calendarDate(new Date(referredAt)), 14) })]);
    const started = repliesTo(winner, await press(winner, winnerCard, t('sv', 'button.startStructured')));
    // Taken before: the assessment just begins, no "already yours".
    expect(textsOf(started).filter((x) => x === t('sv', 'referral.alreadyYours', { caseNumber }))).toEqual([]);
    const menu = started.findLast((c) => c.activity.attachments?.length)!;
    await press(winner, menu, '4. SARA:SV');
    expect(await referralRow(winner)).toEqual([]);
    expect((await workRows(winner)).filter((r) => r.kind === 'draft' && r.caseNumber === caseNumber)).toHaveLength(1);
    await say(winner, 'avbryt');
  });

  it('answers Ta ärendet on a stale card of a case closed meanwhile with the case’s state — no assignment, no 5xx', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    const { caseNumber, calls } = await refer(INTAKE);
    const card = repliesTo(BOPS_A, calls)[0]!;
    // Closed as a client closes it: PATCH with If-Match on the version just read.
    // Closed by a Bops colleague of the region (an intake officer may not change a case's status).
    const read = await asBot(BOPS_B, 'GET', `/cases/${caseNumber}`);
    expect(read.status).toBe(200);
    const closed = await test.api(`/cases/${caseNumber}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await test.serviceToken()}`, [ON_BEHALF_OF_HEADER]: BOPS_B.id, 'content-type': 'application/json', 'if-match': read.headers.get('etag')! },
      body: JSON.stringify({ status: 'closed' }),
    });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ status: 'closed' });
    const assignments = () => count(`SELECT count(*)::int AS n FROM case_assignments ca JOIN cases c ON c.id = ca.case_id WHERE c.case_number = $1`, [caseNumber]);
    const before = await assignments();
    const takes = () => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'referral.take'`, []);
    const takesBefore = await takes();

    const pressed = await press(BOPS_A, card, t('sv', 'button.takeReferral'));
    expect(textsOf(repliesTo(BOPS_A, pressed))).toEqual([t('sv', 'referral.caseClosed', { caseNumber })]);
    expect(await assignments()).toBe(before);
    expect(await takes()).toBe(takesBefore);
    // The API behind the button says the same: 409 case-closed, not a server error.
    const referralId = submitActions(card.activity.attachments?.[0]?.content).find((a) => a.title === t('sv', 'button.takeReferral'))!.data.referralId as string;
    const direct = await asBot(INTAKE_BOPS, 'POST', `/referrals/${referralId}/take`);
    expect(direct.status).toBe(409);
    expect(((await direct.json()) as { type: string }).type).toMatch(/case-closed$/);
    expect(await assignments()).toBe(before);
    // Nor is the closed case's referral left on anyone's work list.
    expect((await workRows(BOPS_A)).some((r) => r.caseNumber === caseNumber)).toBe(false);
  });

  it('sends a card that did not arrive again from the sweep — once, after the retry interval — and nothing to those who have theirs', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    connector.failNext(conversationOf(BOPS_B), 1);
    const { caseNumber, calls } = await refer(INTAKE);
    expect(repliesTo(BOPS_B, calls).map((c) => c.failed)).toEqual([true]);
    expect(repliesTo(BOPS_A, calls).filter((c) => !c.failed)).toHaveLength(1);
    const { rows } = await test.server.database.query<{ id: string }>('SELECT r.id FROM referrals r JOIN cases c ON c.id = r.case_id WHERE c.case_number = $1', [caseNumber]);
    const referralId = rows[0]!.id;
    // As if `minutes` had passed since the referral and its attempts.
    const age = (minutes: number) =>
      Promise.all([
        test.server.database.query(`UPDATE referrals SET referred_at = referred_at - make_interval(mins => $2) WHERE id = $1`, [referralId, minutes]),
        test.server.database.query(`UPDATE referral_announce_attempts SET last_attempt_at = last_attempt_at - make_interval(mins => $2) WHERE referral_id = $1`, [referralId, minutes]),
      ]);
    const sweep = test.server.referralSweep!;
    const notices = () => auditRows('referral.notice', BOPS_B.id);
    const before = await notices();
    await age(2);
    // B's attempt failed a moment ago: not yet.
    await sweep.tick();
    expect(repliesTo(BOPS_B, connector.take())).toEqual([]);
    await age(5);
    await Promise.all([sweep.tick(), sweep.tick()]);
    const again = connector.take().filter((c) => c.method === 'POST');
    expect(again.map((c) => c.conversationId)).toEqual([conversationOf(BOPS_B)]);
    expect(cardText(again[0]!)).toContain(t('sv', 'referral.card.title', { caseNumber }));
    expect(await notices()).toBe(before + 1);
    await age(10);
    await sweep.tick();
    expect(connector.take().filter((c) => c.method === 'POST' && [BOPS_A, BOPS_B, INTAKE_BOPS].map(conversationOf).includes(c.conversationId))).toEqual([]);
  });

  it('updates the overdue notices of a referral no one took, with the announcements, once someone takes it', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    const { caseNumber, calls } = await refer(INTAKE);
    // As if the referral were made REMINDER_OVERDUE_DAYS (3) and more ago: its overdue notice is due.
    await test.server.database.query(`UPDATE referrals SET referred_at = referred_at - interval '4 days' WHERE case_id = (SELECT id FROM cases WHERE case_number = $1)`, [caseNumber]);
    await test.server.reminders!.tick();
    const overdue = connector.take().filter((c) => c.method === 'POST');
    const [overdueA, overdueB] = [BOPS_A, BOPS_B].map((o) => repliesTo(o, overdue)[0]!);
    expect(submitActions(overdueB!.activity.attachments?.[0]?.content).map((a) => a.title)).toContain(t('sv', 'button.takeReferral'));

    const taken = await press(BOPS_A, overdueA!, t('sv', 'button.takeReferral'));
    expect(textsOf(repliesTo(BOPS_A, taken))).toEqual([t('sv', 'referral.taken', { caseNumber })]);
    // B's announcement and overdue card both now say it was taken.
    const updated = taken.filter((c) => c.method === 'PUT' && c.conversationId === conversationOf(BOPS_B));
    expect(updated.map((c) => c.activityId).sort()).toEqual([repliesTo(BOPS_B, calls)[0]!.responseId, overdueB!.responseId].sort());
    for (const update of updated) expect(cardText(update)).toBe(t('sv', 'referral.card.taken', { caseNumber }));
  });

  it('marks a reference the connector refuses (403: the bot was removed) and does not try it again', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    connector.refuse(conversationOf(BOPS_B));
    const first = await refer(INTAKE);
    expect(first.calls.filter((c) => c.conversationId === conversationOf(BOPS_B)).map((c) => c.refused)).toEqual([true]);
    expect(await count(`SELECT count(*)::int AS n FROM conversation_references WHERE officer_id = $1 AND refused_at IS NOT NULL`, [BOPS_B.id])).toBe(1);
    const second = await refer(INTAKE);
    expect(second.calls.some((c) => c.conversationId === conversationOf(BOPS_B))).toBe(false);
    expect(repliesTo(BOPS_A, second.calls)).toHaveLength(1);
    // The referral still waits in the refused officer's work list.
    expect((await workRows(BOPS_B)).map((r) => r.caseNumber)).toContain(second.caseNumber);
  });

  it('reaches an officer whose chat was refused once they install the bot again, without waiting for the hourly refresh', async () => {
    // An officer no other test refuses: the refusal here is this test's own.
    for (const officer of EVERYONE) await say(officer, 'hej');
    connector.refuse(conversationOf(INTAKE_BOPS));
    const refused = await refer(INTAKE);
    expect(refused.calls.filter((c) => c.conversationId === conversationOf(INTAKE_BOPS)).map((c) => c.refused)).toEqual([true]);
    const refusedRows = () => count(`SELECT count(*)::int AS n FROM conversation_references WHERE officer_id = $1 AND refused_at IS NOT NULL`, [INTAKE_BOPS.id]);
    expect(await refusedRows()).toBe(1);

    // The officer installs the app again: Teams lets the bot into the chat and says so (installationUpdate add).
    connector.admit(conversationOf(INTAKE_BOPS));
    const savesBefore = await auditRows('conversation_reference.save', INTAKE_BOPS.id);
    await post(INTAKE_BOPS, { type: 'installationUpdate', action: 'add' });
    expect(await refusedRows()).toBe(0);
    expect(await auditRows('conversation_reference.save', INTAKE_BOPS.id)).toBe(savesBefore + 1);

    // The next proactive message reaches them.
    const next = await refer(INTAKE);
    const toOfficer = next.calls.filter((c) => c.conversationId === conversationOf(INTAKE_BOPS));
    expect(toOfficer.map((c) => [c.method, c.refused ?? false])).toEqual([['POST', false]]);
    expect(cardText(toOfficer[0]!)).toContain(t('sv', 'referral.card.title', { caseNumber: next.caseNumber }));
  });

  /** A case with a completed SARA:SV judged high, one factor present and a plan (set up through the repository: its flow is proven elsewhere). */
  async function structuredCaseWithPlan(): Promise<string> {
    const caseNumber = newCaseNumber();
    const structured = await completeStructuredAssessment(test.server, {
      caseNumber,
      region: 'mitt',
      officerId: BOPS_A.id,
      instrumentId: 'sarasv',
      judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' },
      answers: [
        { itemId: 'sara01', value: ['nu:j', 'tidigare:d'], rationale: RATIONALE },
        { itemId: 'sara01_rel', value: 'hog', rationale: null },
        { itemId: 'sara02', value: ['nu:n', 'tidigare:n'], rationale: null },
      ],
    });
    expect((await asBot(BOPS_A, 'PUT', `/cases/${caseNumber}/assignments/${BOPS_A.id}`)).status).toBe(200);
    const plan = await asBot(BOPS_A, 'POST', `/cases/${caseNumber}/plans`, {
      assessmentId: structured.id,
      protectedPersonId: null,
      reassessOn: '2030-06-01',
      measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: BOPS_A.id, followUpOn: '2030-03-01' }],
    });
    expect(plan.status).toBe(201);
    return caseNumber;
  }

  it('escalates a case after a structured assessment to the region’s specialists only; the one who starts the in-depth assessment sees the structured result and the note', async () => {
    for (const officer of EVERYONE) await say(officer, 'hej');
    const caseNumber = await structuredCaseWithPlan();

    const asked = await say(BOPS_A, `eskalera ${caseNumber}`);
    const card = repliesTo(BOPS_A, asked)[0]!;
    expect(cardText(card)).toContain(t('sv', 'escalation.title', { caseNumber }));
    // Lämna över with the note left empty (Teams then sends no value for it): the note is asked for, nothing handed over.
    const empty = await press(BOPS_A, card, t('sv', 'button.escalate'));
    expect(textsOf(repliesTo(BOPS_A, empty))[0]).toBe(t('sv', 'escalation.noteMissing'));
    expect(empty.filter((c) => c.method === 'POST' && c.conversationId === conversationOf(SPECIALIST))).toEqual([]);
    // The note typed after the case number is on the card, handed over with one press.
    const typed = repliesTo(BOPS_A, await say(BOPS_A, `eskalera ${caseNumber} ${NOTE}`))[0]!;
    expect(cardText(typed)).toContain(`= "${NOTE}"`);
    const handedOver = await press(BOPS_A, typed, t('sv', 'button.escalate'), { [ESCALATION_NOTE_INPUT]: NOTE });
    expect(textsOf(repliesTo(BOPS_A, handedOver))).toEqual([t('sv', 'escalation.done', { caseNumber })]);
    const proactive = handedOver.filter((c) => c.method === 'POST' && c.conversationId !== conversationOf(BOPS_A));
    expect(proactive.map((c) => c.conversationId)).toEqual([conversationOf(SPECIALIST)]);
    const notice = cardText(proactive[0]!);
    expect(notice).toContain(t('sv', 'escalation.card.title', { caseNumber }));
    expect(notice).toContain(t('sv', 'escalation.card.judgement', { judgement: t('sv', 'judgement.hog') }));
    // The note is for the specialist who takes the case, not for a card sent unasked.
    expect(JSON.stringify(proactive)).not.toContain(NOTE);
    expect((await workRows(SPECIALIST)).filter((r) => r.kind === 'referral').map((r) => r.caseNumber)).toEqual([caseNumber]);

    // Escalated again from the same assessment: nothing new.
    const again = await asBot(BOPS_A, 'POST', `/cases/${caseNumber}/escalations`, { note: NOTE });
    expect(again.status).toBe(200);
    expect(connector.take().filter((c) => c.conversationId === conversationOf(SPECIALIST))).toEqual([]);
    // A Bops officer does not take an escalation to in-depth.
    const { id } = (await again.json()) as { id: string };
    expect((await asBot(BOPS_B, 'POST', `/referrals/${id}/take`)).status).toBe(403);
    // Another region is told what a referral nobody made gets, in the same words.
    const answer = async (res: Response) => ({ status: res.status, detail: ((await res.json()) as { detail?: string }).detail });
    const nobody = await answer(await asBot(BOPS_ELSEWHERE, 'POST', '/referrals/00000000-0000-4000-8000-00000000dead/take'));
    expect(nobody.status).toBe(404);
    expect(await answer(await asBot(BOPS_ELSEWHERE, 'POST', `/referrals/${id}/take`))).toEqual(nobody);

    const started = await press(SPECIALIST, proactive[0]!, t('sv', 'button.startInDepth'));
    const startTexts = textsOf(repliesTo(SPECIALIST, started));
    // Taken, and the in-depth assessment of the card's case begins at once (the button carries the number):
    // it opens with the structured result and the note in view, then the first question.
    expect(startTexts[0]).toBe(t('sv', 'referral.taken', { caseNumber }));
    expect(startTexts.join('\n')).not.toContain('Ange ärendets diarienummer');
    const handover = startTexts[1]!;
    expectHandover(handover, caseNumber);
    expect(startTexts.length).toBeGreaterThan(2);
    // Resumed later ("fortsätt <diarienummer>"), the draft shows the handover again.
    await say(SPECIALIST, 'avbryt');
    const resumed = textsOf(repliesTo(SPECIALIST, await say(SPECIALIST, `fortsätt ${caseNumber}`)));
    expect(resumed[0]).toBe(handover);
    const inDepth = await count(`SELECT count(*)::int AS n FROM assessments a JOIN cases c ON c.id = a.case_id WHERE c.case_number = $1 AND a.level = 'in_depth' AND a.officer_id = $2`, [caseNumber, SPECIALIST.id]);
    expect(inDepth).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM case_assignments ca JOIN cases c ON c.id = ca.case_id WHERE c.case_number = $1 AND ca.officer_id = $2`, [caseNumber, SPECIALIST.id])).toBe(1);
    await say(SPECIALIST, 'avbryt');
  });

  it('answers a specialist who takes an escalation with the handover card, whose button begins the in-depth assessment', async () => {
    for (const officer of [BOPS_A, SPECIALIST]) await say(officer, 'hej');
    const caseNumber = await structuredCaseWithPlan();
    const typed = repliesTo(BOPS_A, await say(BOPS_A, `eskalera ${caseNumber} ${NOTE}`))[0]!;
    const handedOver = await press(BOPS_A, typed, t('sv', 'button.escalate'), { [ESCALATION_NOTE_INPUT]: NOTE });
    const notice = handedOver.find((c) => c.method === 'POST' && c.conversationId === conversationOf(SPECIALIST))!;

    const takeCalls = await press(SPECIALIST, notice, t('sv', 'button.takeReferral'));
    // The officer who escalated is told, once and naming no specialist; no other officer of the region is.
    const elsewhere = takeCalls.filter((c) => c.conversationId !== conversationOf(SPECIALIST));
    expect(elsewhere.map((c) => [c.method, c.conversationId, cardText(c)])).toEqual([['POST', conversationOf(BOPS_A), t('sv', 'escalationNotice.taken', { caseNumber })]]);
    const taken = repliesTo(SPECIALIST, takeCalls);
    expect(textsOf(taken)[0]).toBe(t('sv', 'referral.taken', { caseNumber }));
    const card = taken.find((c) => c.activity.attachments?.length)!;
    expectHandover(cardText(card), caseNumber);
    expect(await count(`SELECT count(*)::int AS n FROM case_assignments ca JOIN cases c ON c.id = ca.case_id WHERE c.case_number = $1 AND ca.officer_id = $2`, [caseNumber, SPECIALIST.id])).toBe(1);
    // Taking is not starting: no in-depth draft until the card's button is pressed.
    const inDepthDrafts = () => count(`SELECT count(*)::int AS n FROM assessments a JOIN cases c ON c.id = a.case_id WHERE c.case_number = $1 AND a.level = 'in_depth'`, [caseNumber]);
    expect(await inDepthDrafts()).toBe(0);

    const started = textsOf(repliesTo(SPECIALIST, await press(SPECIALIST, card, t('sv', 'button.startInDepth'))));
    expect(started.join('\n')).not.toContain('Ange ärendets diarienummer');
    expect(await inDepthDrafts()).toBe(1);
    await say(SPECIALIST, 'avbryt');
  });
});
