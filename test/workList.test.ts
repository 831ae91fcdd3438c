// The work list over real HTTP, on real PostgreSQL and on PGlite (issue 12,
// item 2): an officer's own drafts, the re-assessments and measure follow-ups
// of the cases they are assigned to, due within the horizon or overdue; ordered
// by due date, then the case's latest judgement (high first); paged; a plan
// protecting a protected person left out for an officer its case did not open
// it to; each case on a page shown audited. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../methodology/calendarDate.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { DEFAULT_REMINDER_SETTINGS } from '../api/reminderSchedule.js';
import { SqlReminderLedger } from '../api/sqlReminderLedger.js';
import { createLogger } from '../bot/logger.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { PlanPersonCommand } from '../dialogs/planPersonCommand.js';
import { createPlanOnRequest } from '../dialogs/protectionPlanCommand.js';
import { expectJson } from './expectJson.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'officer-worklist-1', roles: ['bops_officer'], region: 'mitt' };
const COLLEAGUE: TestOfficer = { id: 'officer-worklist-2', roles: ['bops_officer'], region: 'mitt' };
const ANALYST: TestOfficer = { id: 'officer-worklist-3', roles: ['analyst'], region: 'mitt' };
const SELF_ASSIGNED: TestOfficer = { id: 'officer-worklist-4', roles: ['bops_officer'], region: 'mitt' };
const OTHER_REGION: TestOfficer = { id: 'officer-worklist-5', roles: ['bops_officer'], region: 'nord' };

interface Row {
  kind: string;
  caseNumber: string;
  dueOn: string | null;
  latestJudgement: string | null;
  overdue: boolean;
}
interface Page {
  today: string;
  total: number;
  items: Row[];
  nextOffset: number | null;
}

describe.each(DATABASE_ENGINES)('work list on %s', (engine) => {
  let t: TestServer;
  let serial = 0;
  const newCaseNumber = () => `1700-K${String(++serial).padStart(6, '0')}-26`;

  const workList = async (officer: TestOfficer, query = '') => expectJson<Page>(await t.as(officer, 'GET', `/worklist${query}`), 200);

  beforeAll(async () => {
    t = await startTestServer({ engine });
    await t.provision([OFFICER, COLLEAGUE, OTHER_REGION]);
  });
  afterAll(() => t?.close());

  /** A case with a completed structured assessment judged `judgement` (its plan due on `reassessOn`), assigned to `assignee` by `by`. */
  async function plannedCase(judgement: string, reassessOn: string, options: { by?: TestOfficer; followUpOn?: string; measures?: { part: string; measureId: string; responsible: string; followUpOn: string }[]; protectedPerson?: boolean; protectedRole?: string } = {}): Promise<string> {
    const caseNumber = newCaseNumber();
    const by = options.by ?? COLLEAGUE;
    await expectJson(await t.as(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await t.as(by, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200);
    const created = await completeStructuredAssessment(t.server, { caseNumber, region: 'mitt', officerId: OFFICER.id, instrumentId: 'sara-sv', judgements: { overall: judgement } });
    let protectedPersonId: string | null = null;
    if (options.protectedPerson || options.protectedRole) {
      const person = { role: options.protectedRole ?? 'malsagande', label: 'P 1', protectedIdentity: options.protectedPerson ?? false };
      protectedPersonId = (await expectJson<{ id: string }>(await t.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, person), 201)).id;
    }
    const measures = options.measures ?? (options.followUpOn ? [{ part: 'reducering', measureId: 'kontaktforbud', responsible: 'aklagare', followUpOn: options.followUpOn }] : []);
    await expectJson(await t.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: created.id, protectedPersonId, reassessOn, measures }), 201);
    return caseNumber;
  }

  async function draft(officer: TestOfficer): Promise<string> {
    const caseNumber = newCaseNumber();
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    await expectJson(await t.as(officer, 'POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }), 201);
    return caseNumber;
  }

  it('lists what the officer has to do, by due date then the latest judgement high first, drafts last', async () => {
    const { today } = await workList(OFFICER);
    const soon = addDays(today, 3);
    const overdue = await plannedCase('lag', addDays(today, -2));
    const soonLow = await plannedCase('lag', soon);
    const soonHigh = await plannedCase('hog', soon, { followUpOn: soon });
    const later = await plannedCase('hog', addDays(today, 30), { followUpOn: addDays(today, 30) });
    const ownDraft = await draft(OFFICER);
    await draft(COLLEAGUE);
    // Assigned by themself, in a case whose protected person a colleague recorded (and so holds clearance for):
    // the person, and the plan protecting them, stay closed to them.
    const hidden = newCaseNumber();
    await expectJson(await t.as(OFFICER, 'POST', '/cases', { caseNumber: hidden, violenceType: 'nara_relation' }), 201);
    for (const officer of [OFFICER, COLLEAGUE]) await expectJson(await t.as(officer, 'PUT', `/cases/${hidden}/assignments/${officer.id}`), 200);
    const assessed = await completeStructuredAssessment(t.server, { caseNumber: hidden, region: 'mitt', officerId: OFFICER.id, instrumentId: 'sara-sv', judgements: { overall: 'hog' } });
    const person = await expectJson<{ id: string }>(await t.as(COLLEAGUE, 'POST', `/cases/${hidden}/persons`, { role: 'malsagande', label: 'P 1', protectedIdentity: true }), 201);
    await expectJson(await t.as(COLLEAGUE, 'POST', `/cases/${hidden}/plans`, { assessmentId: assessed.id, protectedPersonId: person.id, reassessOn: today }), 201);

    // Only this test's cases: the other tests' work is the same officer's too, and any of them may run first.
    const own = new Set([overdue, soonLow, soonHigh, later, ownDraft, hidden]);
    const page = await workList(OFFICER, '?limit=50');
    const rows = page.items.filter((r) => own.has(r.caseNumber)).map((r) => [r.kind, r.caseNumber, r.dueOn, r.latestJudgement, r.overdue]);
    expect(rows).toEqual([
      ['reassessment', overdue, addDays(today, -2), 'lag', true],
      ['measure_follow_up', soonHigh, soon, 'hog', false],
      ['reassessment', soonHigh, soon, 'hog', false],
      ['reassessment', soonLow, soon, 'lag', false],
      ['draft', ownDraft, null, null, false],
    ]);
    expect(page.items.map((r) => r.caseNumber)).not.toContain(later);
    expect(page.items.map((r) => r.caseNumber)).not.toContain(hidden);
  });

  it('makes the measures of one plan due on one day one row, in the plan’s order, and a measure due another day a row of its own', async () => {
    const { today } = await workList(OFFICER);
    const [day, later] = [addDays(today, 2), addDays(today, 4)];
    const caseNumber = await plannedCase('medel', addDays(today, 30), {
      measures: [
        { part: 'reducering', measureId: 'rri', responsible: 'polis', followUpOn: day },
        { part: 'stod', measureId: 'socialtjanst', responsible: 'socialtjanst', followUpOn: later },
        { part: 'skydd', measureId: 'larmpaket', responsible: 'polis', followUpOn: day },
        { part: 'skydd', measureId: 'sakerhetssamtal', responsible: 'polis', followUpOn: day },
      ],
    });
    const rows = (await workList(OFFICER, '?limit=50')).items.filter((i) => i.caseNumber === caseNumber) as unknown as { kind: string; dueOn: string; measures: { catalogueId: string; part: string }[] }[];
    expect(rows.map((r) => [r.kind, r.dueOn, r.measures.map((m) => `${m.part}:${m.catalogueId}`)])).toEqual([
      ['measure_follow_up', day, ['skydd:larmpaket', 'skydd:sakerhetssamtal', 'reducering:rri']],
      ['measure_follow_up', later, ['stod:socialtjanst']],
    ]);
  });

  it('names whose plan a row is about, by role and number, only when the case has two active plans', async () => {
    const { today } = await workList(OFFICER);
    const day = addDays(today, 2);
    const larmpaket = [{ part: 'skydd', measureId: 'larmpaket', responsible: 'polis', followUpOn: day }];
    // The second plan: another assessment of the case, protecting the second injured party, beside the first.
    const caseNumber = await plannedCase('hog', addDays(today, 30), { protectedRole: 'malsagande', measures: larmpaket });
    const second = await expectJson<{ id: string }>(await t.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: 'P 2', protectedIdentity: false }), 201);
    const assessed = await completeStructuredAssessment(t.server, { caseNumber, region: 'mitt', officerId: OFFICER.id, instrumentId: 'sara-sv', judgements: { overall: 'hog' } });
    await expectJson(await t.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: assessed.id, protectedPersonId: second.id, reassessOn: day, measures: larmpaket }), 201);
    const single = await plannedCase('hog', addDays(today, 30), { protectedRole: 'malsagande', measures: larmpaket });

    const items = (await workList(OFFICER, '?limit=50')).items as unknown as (Row & { protects?: unknown })[];
    const rows = items.filter((r) => r.caseNumber === caseNumber).map((r) => [r.kind, r.protects]);
    expect(rows).toEqual(expect.arrayContaining([
      ['measure_follow_up', { role: 'malsagande', number: 1, protectedIdentity: false }],
      ['measure_follow_up', { role: 'malsagande', number: 2, protectedIdentity: false }],
      ['reassessment', { role: 'malsagande', number: 2, protectedIdentity: false }],
    ]));
    expect(rows).toHaveLength(3);
    // One plan, no noise: the row as it always was.
    expect(items.filter((r) => r.caseNumber === single).map((r) => 'protects' in r)).toEqual([false]);
  });

  it('pages the list, and audits each case shown on a page once', async () => {
    // Three pieces of work at least, so that pages of two are more than one.
    for (let i = 0; i < 3; i++) await draft(OFFICER);
    const all = await workList(OFFICER, '?limit=50');
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.nextOffset).toBeNull();
    const before = (await t.server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'worklist.read' AND actor_id = $1`, [OFFICER.id])).rows[0]!.n;
    const first = await workList(OFFICER, '?limit=2');
    expect(first).toMatchObject({ total: all.total, nextOffset: 2 });
    const rest = await workList(OFFICER, `?limit=50&offset=${first.nextOffset}`);
    expect(rest.nextOffset).toBeNull();
    expect([...first.items, ...rest.items]).toEqual(all.items);
    const after = (await t.server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'worklist.read' AND actor_id = $1`, [OFFICER.id])).rows[0]!.n;
    const distinctCases = (items: Row[]) => new Set(items.map((i) => i.caseNumber)).size;
    expect(after - before).toBe(distinctCases(first.items) + distinctCases(rest.items));
  });

  it('shows only drafts when asked for drafts', async () => {
    const { today } = await workList(OFFICER);
    const ownDraft = await draft(OFFICER);
    const due = await plannedCase('hog', addDays(today, 1), { followUpOn: addDays(today, 1) });
    expect((await workList(OFFICER, '?limit=50')).items.filter((r) => r.caseNumber === due).map((r) => r.kind)).toEqual(['measure_follow_up', 'reassessment']);
    const drafts = await workList(OFFICER, '?kind=draft&limit=50');
    expect(drafts.items.map((r) => r.caseNumber)).toContain(ownDraft);
    expect(drafts.items.map((r) => r.caseNumber)).not.toContain(due);
    expect(drafts.items.every((r) => r.kind === 'draft')).toBe(true);
  });

  it('drops a discarded draft from the list, and it no longer keeps its case from being closed', async () => {
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const caseNumber = newCaseNumber();
    const created = await expectJson<{ id: string }>(await t.as(OFFICER, 'POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }), 201);
    const closeWithEtag = async () => {
      const read = await t.as(OFFICER, 'GET', `/cases/${caseNumber}`);
      return t.as(OFFICER, 'PATCH', `/cases/${caseNumber}`, { status: 'closed' }, { 'if-match': read.headers.get('etag')! });
    };
    expect((await closeWithEtag()).status).toBe(409);
    expect((await workList(OFFICER, '?kind=draft&limit=50')).items.map((i) => i.caseNumber)).toContain(caseNumber);
    await expectJson(await t.as(OFFICER, 'POST', `/assessments/${created.id}/discard`, { reason: 'Påbörjat två gånger.' }), 200);
    expect((await workList(OFFICER, '?kind=draft&limit=50')).items.map((i) => i.caseNumber)).not.toContain(caseNumber);
    expect((await closeWithEtag()).status).toBe(200);
  });

  interface Measure {
    id: string;
    status: string;
    version: number;
    decidedBy: string | null;
    decidedOn: string | null;
    declineReason: string | null;
    expiresOn: string | null;
    followUpOn: string | null;
  }
  const measuresOf = async (caseNumber: string) =>
    (await expectJson<{ items: { measures: Measure[] }[] }>(await t.as(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items.flatMap((p) => p.measures);
  const changeMeasure = (id: string, body: object, ifMatch?: string) => t.as(OFFICER, 'PUT', `/measures/${id}/status`, body, ifMatch ? { 'if-match': ifMatch } : {});
  const auditRows = async (id: string) => (await t.server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'measure.update'`, [id])).rows[0]!.n;

  it('records who decided a measure and when, and refuses a stale version without writing', async () => {
    const { today } = await workList(OFFICER);
    const caseNumber = await plannedCase('medel', addDays(today, 30), { followUpOn: addDays(today, 30) });
    const [measure] = await measuresOf(caseNumber);
    expect(measure).toMatchObject({ status: 'proposed', version: 1, decidedBy: null });
    const decided = await changeMeasure(measure!.id, { status: 'decided', decisionRef: 'ÅM-2026-123', followUpOn: addDays(today, 20), decidedBy: 'aklagare', decidedOn: today, expiresOn: addDays(today, 5) }, '"v1"');
    expect(decided.headers.get('etag')).toBe('"v2"');
    expect(await expectJson(decided, 200)).toMatchObject({ status: 'decided', decidedBy: 'aklagare', decidedOn: today, expiresOn: addDays(today, 5), version: 2 });
    // The same card pressed again: 412, and nothing written.
    const stale = await changeMeasure(measure!.id, { status: 'done', decisionRef: 'ÅM-2026-123' }, '"v1"');
    expect(stale.status).toBe(412);
    expect((await measuresOf(caseNumber))[0]).toMatchObject({ status: 'decided', version: 2 });
    expect(await auditRows(measure!.id)).toBe(1);
    // The ban's expiry, before its follow-up, puts it on the work list.
    const row = (await workList(OFFICER, '?limit=50')).items.find((i) => i.caseNumber === caseNumber);
    expect(row).toMatchObject({ kind: 'measure_follow_up', dueOn: addDays(today, 5) });
  });

  it('takes a measure off the list once it is followed up on its due day or later, but not for a decision taken before the day', async () => {
    const { today } = await workList(OFFICER);
    const overdueOn = addDays(today, -2);
    const soon = addDays(today, 2);
    const followedUp = await plannedCase('medel', addDays(today, 30), { followUpOn: overdueOn });
    const decidedEarly = await plannedCase('medel', addDays(today, 30), { followUpOn: soon });
    const [late] = await measuresOf(followedUp);
    const [early] = await measuresOf(decidedEarly);
    // The same dates, a status changed today: on or after the overdue day it follows the measure up; two days early it does not.
    await expectJson(await changeMeasure(late!.id, { status: 'decided', decisionRef: 'ÅM-2026-7', followUpOn: overdueOn }), 200);
    await expectJson(await changeMeasure(early!.id, { status: 'decided', decisionRef: 'ÅM-2026-8', followUpOn: soon }), 200);

    const kindsOf = (items: Row[], caseNumber: string) => items.filter((i) => i.caseNumber === caseNumber).map((i) => i.kind);
    const page = await workList(OFFICER, '?limit=50');
    expect(kindsOf(page.items, followedUp)).toEqual([]);
    expect(kindsOf(page.items, decidedEarly)).toEqual(['measure_follow_up']);
    // What the bot's "arbetslista" reads: the same list, through its own client.
    const client = new HttpAssessmentApi({ baseUrl: () => t.server.url, serviceToken: () => t.serviceToken() });
    const inChat = await client.workList({ id: OFFICER.id }, { limit: 50, offset: 0 });
    expect(inChat.items.some((i) => i.caseNumber === followedUp)).toBe(false);
    expect(inChat.items.some((i) => i.caseNumber === decidedEarly)).toBe(true);
    // A new follow-up date is a new follow-up still to do: the measure is back when it falls due.
    await expectJson(await changeMeasure(late!.id, { status: 'decided', decisionRef: 'ÅM-2026-7', followUpOn: today }), 200);
    expect(kindsOf((await workList(OFFICER, '?limit=50')).items, followedUp)).toEqual(['measure_follow_up']);
  });

  it('demands a reason for a declined measure, and dates a decision that names no day today by the acting officer', async () => {
    const { today } = await workList(OFFICER);
    const caseNumber = await plannedCase('lag', addDays(today, 30), { followUpOn: addDays(today, 30) });
    const [measure] = await measuresOf(caseNumber);
    expect((await changeMeasure(measure!.id, { status: 'declined' })).status).toBe(400);
    expect(await expectJson(await changeMeasure(measure!.id, { status: 'declined', declineReason: 'Målsäganden vill inte ansöka.' }), 200)).toMatchObject({
      status: 'declined',
      declineReason: 'Målsäganden vill inte ansöka.',
      decidedBy: OFFICER.id,
      decidedOn: today,
    });
    // Declined is settled: the measure leaves the work list.
    expect((await workList(OFFICER, '?limit=50')).items.some((i) => i.caseNumber === caseNumber)).toBe(false);
  });

  it('records how many days from its due date a re-assessment was done, and takes it off the list', async () => {
    const { today } = await workList(OFFICER);
    const caseNumber = await plannedCase('hog', addDays(today, -3));
    const again = await completeStructuredAssessment(t.server, { caseNumber, region: 'mitt', officerId: OFFICER.id, instrumentId: 'sara-sv', judgements: { overall: 'medel' } });
    await expectJson(await t.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: again.id, reassessOn: addDays(today, 30), measures: [] }), 201);
    const { rows } = await t.server.database.query<{ done_on: string; days_from_due: number }>(
      `SELECT r.done_on::text AS done_on, r.days_from_due FROM reassessments r JOIN cases c ON c.id = r.case_id WHERE c.case_number = $1 AND r.status = 'done'`,
      [caseNumber],
    );
    expect(rows).toEqual([{ done_on: today, days_from_due: 3 }]);
    expect((await workList(OFFICER, '?limit=50')).items.some((i) => i.caseNumber === caseNumber)).toBe(false);
  });

  it('ends a plan by hand with a reason kept on the plan, not in the audit row: its re-assessment cancelled, its follow-ups off the list, once', async () => {
    const { today } = await workList(OFFICER);
    const soon = addDays(today, 2);
    const caseNumber = await plannedCase('hog', soon, { followUpOn: soon });
    const [plan] = (await expectJson<{ items: { id: string }[] }>(await t.as(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items;
    const close = (officer: TestOfficer, body: unknown) => t.as(officer, 'POST', `/plans/${plan!.id}/closure`, body);
    const reason = 'Målsäganden har flyttat utomlands; omprövningen gällde en annan person.';

    expect((await close(OFFICER, {})).status).toBe(400);
    expect((await close(OFFICER, { reason: 'Se 19121212-1212' })).status).toBe(400);
    expect((await close(OTHER_REGION, { reason })).status).toBe(404);
    expect((await workList(OFFICER, '?limit=50')).items.filter((i) => i.caseNumber === caseNumber).map((i) => i.kind)).toEqual(['measure_follow_up', 'reassessment']);

    const closed = await expectJson<{ status: string; closedAt: string | null; closeReason: string | null; reassessment: { status: string } }>(await close(OFFICER, { reason }), 200);
    expect([closed.status, closed.closeReason, closed.reassessment.status, typeof closed.closedAt]).toEqual(['closed', reason, 'cancelled', 'string']);
    expect((await workList(OFFICER, '?limit=50')).items.some((i) => i.caseNumber === caseNumber)).toBe(false);
    const audit = await t.server.database.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE entity_id = $1 AND action = 'plan.close'`, [plan!.id]);
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0]!.detail)).not.toContain('utomlands');

    const again = await close(OFFICER, { reason });
    expect([again.status, ((await again.json()) as { type: string }).type]).toEqual([409, expect.stringContaining('plan-closed')]);

    // Nor do reminders go for it on its due day, while a plan beside it due the same day is reminded of.
    const beside = await plannedCase('hog', soon, { followUpOn: soon });
    await new SqlReminderLedger(t.server.database, 14).planDue(new Date(`${soon}T12:00:00Z`), DEFAULT_REMINDER_SETTINGS);
    const reminded = await t.server.database.query<{ case_number: string; about: string }>(
      `SELECT c.case_number, r.about FROM reminders r JOIN cases c ON c.id = r.case_id WHERE c.case_number IN ($1, $2) ORDER BY r.about`,
      [caseNumber, beside],
    );
    expect(reminded.rows).toEqual([{ case_number: beside, about: 'measure_follow_up' }, { case_number: beside, about: 'reassessment' }]);
  });

  it('states by role whom a plan protects — a skyddsperson with protected identity, a child in the household — and never a suspect', async () => {
    const { today } = await workList(OFFICER);
    const plansOf = async (caseNumber: string) => (await expectJson<{ items: { protectedPerson: unknown }[] }>(await t.as(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items;
    const protectedOne = await plannedCase('hog', addDays(today, 30), { protectedRole: 'skyddsperson', protectedPerson: true });
    expect((await plansOf(protectedOne))[0]!.protectedPerson).toEqual({ role: 'skyddsperson', protectedIdentity: true, number: null });
    const child = await plannedCase('hog', addDays(today, 30), { protectedRole: 'barn_i_hushallet' });
    expect((await plansOf(child))[0]!.protectedPerson).toEqual({ role: 'barn_i_hushallet', protectedIdentity: false, number: null });
    await expect(plannedCase('hog', addDays(today, 30), { protectedRole: 'hotaktor' })).rejects.toThrow();
  });

  it('tells a plan made in chat protecting a person with protected identity only to officers cleared for that person (issue 12, item 8)', async () => {
    const { today } = await workList(OFFICER);
    const caseNumber = newCaseNumber();
    await expectJson(await t.as(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    // Assigned by a Bops colleague of the region: the case's protected persons are open to the officer.
    await expectJson(await t.as(COLLEAGUE, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200);
    const guarded = await expectJson<{ id: string }>(await t.as(OFFICER, 'POST', `/cases/${caseNumber}/persons`, { role: 'skyddsperson', label: 'SP 1', protectedIdentity: true }), 201);
    await completeStructuredAssessment(t.server, { caseNumber, region: 'mitt', officerId: OFFICER.id, instrumentId: 'sarasv', judgements: { overall: 'hog' }, reassessment: { level: 'hog', days: 7, dueOn: addDays(today, 3) } });
    // Another Bops officer who assigned themself: protected persons stay closed to them.
    await t.provision([SELF_ASSIGNED]);
    await expectJson(await t.as(SELF_ASSIGNED, 'PUT', `/cases/${caseNumber}/assignments/${SELF_ASSIGNED.id}`), 200);

    // The chat's own path, over HTTP as the bot: "skapa plan" asks whom the plan protects, the card's answer saves it.
    const client = new HttpAssessmentApi({ baseUrl: () => t.server.url, serviceToken: () => t.serviceToken() });
    const deps = { methodology: t.server.methodology, api: client, caseWork: client, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: createLogger('silent') };
    const [asked] = await createPlanOnRequest(deps, { id: OFFICER.id }, caseNumber);
    if (asked?.type !== 'planPerson') throw new Error(`expected the choice of whom the plan protects, got ${JSON.stringify(asked)}`);
    expect(asked.view.persons.map((p) => p.id)).toEqual([guarded.id]);
    const saved = await new PlanPersonCommand(deps).act({ id: OFFICER.id }, { ...asked.view.submit, protectedPerson: guarded.id });
    expect(saved.replies.map((r) => r.type)).toEqual(['plan', 'caseRecord']);

    const rowsOf = async (officer: TestOfficer) => (await workList(officer, '?limit=50')).items.filter((i) => i.caseNumber === caseNumber).map((i) => i.kind);
    expect(await rowsOf(OFFICER)).toContain('reassessment');
    expect(await rowsOf(SELF_ASSIGNED)).toEqual([]);
  });

  it('refuses a work list to roles that work no cases, and a bad query with a problem', async () => {
    const refused = await t.as(ANALYST, 'GET', '/worklist');
    expect(refused.status).toBe(403);
    const bad = await t.as(OFFICER, 'GET', '/worklist?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
