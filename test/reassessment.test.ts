// Re-assessment (omprövning) over real HTTP, on real PostgreSQL and on PGlite
// (issue 12, item 5): the API gives a case's latest completed assessment of an
// instrument, with its answers, as an audited read — refused to another region
// as a missing case, audited too — and a plan taken over by a re-assessment's
// plan tells which assessment did the re-assessment, on which day and how many
// days from its due date. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../methodology/calendarDate.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { expectJson } from './expectJson.js';
import { expectProblem } from './expectProblem.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'officer-reassess-1', roles: ['bops_officer'], region: 'syd' };
const OTHER_REGION: TestOfficer = { id: 'officer-reassess-2', roles: ['bops_officer'], region: 'nord' };
const PURPOSE = 'omprövning';

interface PlanBody {
  id: string;
  assessmentId: string;
  status: string;
  reassessment: { dueOn: string; status: string; doneAssessmentId: string | null; doneOn: string | null; daysFromDue: number | null } | null;
}

describe.each(DATABASE_ENGINES)('re-assessment over the API on %s', (engine) => {
  let t: TestServer;
  let serial = 0;
  const newCaseNumber = () => `1200-K${String(++serial).padStart(6, '0')}-26`;

  const call = (officer: TestOfficer, method: string, path: string, body?: unknown) => t.as(officer, method, path, body, { 'bops-purpose': PURPOSE });
  const lastAuditId = async () => (await t.server.database.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_log')).rows[0]!.id;
  const auditSince = async (since: string) =>
    (await t.server.database.query<{ actor_id: string; action: string; entity_type: string; entity_id: string; purpose: string; detail: Record<string, unknown> }>(
      'SELECT actor_id, action, entity_type, entity_id, purpose, detail FROM audit_log WHERE id > $1 ORDER BY id',
      [since],
    )).rows;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    await t.provision([OFFICER, OTHER_REGION]);
  });
  afterAll(() => t?.close());

  /**
   * The day (in Stockholm) the assessment was completed, as the plan that a re-assessment took over
   * records it: from its stored completion time, which the database's clock set. The work list's
   * "today" comes from the API's clock; midnight may fall between the two.
   */
  const completedOn = async (id: string) =>
    calendarDate(new Date((await t.server.database.query<{ completed_at: Date }>('SELECT completed_at FROM assessments WHERE id = $1', [id])).rows[0]!.completed_at));
  /** Days from `dueOn` to `doneOn`, counted here from the two dates alone. */
  const daysBetween = (dueOn: string, doneOn: string) => (Date.parse(doneOn) - Date.parse(dueOn)) / 86_400_000;

  /** A structured assessment of `instrumentId` in the case, completed with one answer and the overall judgement given; an omprövning of `reassessmentOf`. */
  async function completedAssessment(caseNumber: string, instrumentId: string, answer: string[], overall: string, reassessmentOf?: string): Promise<string> {
    const answers = [{ itemId: 'sara01', value: answer, rationale: null }];
    return (await completeStructuredAssessment(t.server, { caseNumber, region: 'syd', officerId: OFFICER.id, instrumentId, judgements: { overall }, answers, reassessmentOf })).id;
  }

  it("gives the case's latest completed assessment of the instrument with its answers, audited as a read", async () => {
    const caseNumber = newCaseNumber();
    await expectJson(await call(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await completedAssessment(caseNumber, 'sarasv', ['nu:j', 'tidigare:j'], 'hog');
    const latest = await completedAssessment(caseNumber, 'sarasv', ['nu:d', 'tidigare:j'], 'medel');
    await completedAssessment(caseNumber, 'sam', ['nu:n', 'tidigare:n'], 'lag');
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    // A draft newer than both completed ones is not what a re-assessment re-examines.
    await expectJson(await call(OFFICER, 'POST', '/assessments', { caseNumber, level: 'structured', instrumentId: 'sarasv', pack: { id: pack.id, version: pack.version, hash } }), 201);

    const since = await lastAuditId();
    const res = await call(OFFICER, 'GET', `/cases/${caseNumber}/assessments/latest-completed?instrumentId=sarasv`);
    const body = await expectJson<{ id: string; status: string; instrumentId: string; answers: { itemId: string; value: string[] }[]; derived: { judgements: { overall: string } } }>(res, 200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(body).toMatchObject({ id: latest, status: 'completed', instrumentId: 'sarasv', derived: { judgements: { overall: 'medel' } } });
    expect(body.answers).toMatchObject([{ itemId: 'sara01', value: ['nu:d', 'tidigare:j'] }]);
    expect(await auditSince(since)).toEqual([{ actor_id: OFFICER.id, action: 'assessment.read', entity_type: 'assessment', entity_id: latest, purpose: PURPOSE, detail: expect.any(Object) }]);
  });

  it('records which completed assessment of the same case and instrument a new one re-assesses, and refuses any other', async () => {
    const caseNumber = newCaseNumber();
    await expectJson(await call(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    const previous = await completedAssessment(caseNumber, 'sarasv', ['nu:j', 'tidigare:j'], 'hog');
    const otherInstrument = await completedAssessment(caseNumber, 'sam', ['nu:n', 'tidigare:n'], 'lag');
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const request = (reassessmentOf?: string) => ({ caseNumber, level: 'structured', instrumentId: 'sarasv', pack: { id: pack.id, version: pack.version, hash }, ...(reassessmentOf ? { reassessmentOf } : {}) });
    const created = await expectJson<{ id: string; reassessmentOf: string | null }>(await call(OFFICER, 'POST', '/assessments', request(previous)), 201);
    expect(created.reassessmentOf).toBe(previous);
    expect(await expectJson(await call(OFFICER, 'GET', `/assessments/${created.id}`), 200)).toMatchObject({ reassessmentOf: previous });
    const audit = await t.server.database.query<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_log WHERE action = 'assessment.create' AND entity_id = $1`, [created.id]);
    expect(audit.rows).toEqual([{ detail: expect.objectContaining({ reassessmentOf: previous }) }]);
    // A fresh assessment re-assesses nothing.
    expect((await expectJson<{ reassessmentOf: string | null }>(await call(OFFICER, 'POST', '/assessments', request()), 201)).reassessmentOf).toBeNull();
    // Another instrument's, a draft, another case's, or no assessment at all: refused, nothing created.
    const otherCase = newCaseNumber();
    await expectJson(await call(OFFICER, 'POST', '/cases', { caseNumber: otherCase, violenceType: 'nara_relation' }), 201);
    const elsewhere = await completedAssessment(otherCase, 'sarasv', ['nu:j', 'tidigare:j'], 'hog');
    for (const wrong of [otherInstrument, created.id, elsewhere, '00000000-0000-4000-8000-000000000000']) {
      await expectProblem(await call(OFFICER, 'POST', '/assessments', request(wrong)), 422, 'invalid-reference');
    }
    await expectProblem(await call(OFFICER, 'POST', '/assessments', request('not-a-uuid')), 400, 'validation');
  });

  it('answers 404 when the case has no completed assessment of the instrument, or no such case, and a bad instrument id 400', async () => {
    const caseNumber = newCaseNumber();
    await expectJson(await call(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await completedAssessment(caseNumber, 'sam', ['nu:n', 'tidigare:n'], 'lag');
    await expectProblem(await call(OFFICER, 'GET', `/cases/${caseNumber}/assessments/latest-completed?instrumentId=sarasv`), 404, 'not-found');
    await expectProblem(await call(OFFICER, 'GET', `/cases/${newCaseNumber()}/assessments/latest-completed?instrumentId=sarasv`), 404, 'not-found');
    await expectProblem(await call(OFFICER, 'GET', `/cases/${caseNumber}/assessments/latest-completed?instrumentId=SARA%20SV`), 400, 'validation');
    await expectProblem(await call(OFFICER, 'GET', `/cases/${caseNumber}/assessments/latest-completed`), 400, 'validation');
  });

  it('answers an officer of another region as a missing case, and audits the refusal', async () => {
    const caseNumber = newCaseNumber();
    const created = await expectJson<{ id: string }>(await call(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await completedAssessment(caseNumber, 'sarasv', ['nu:j', 'tidigare:j'], 'hog');
    const since = await lastAuditId();
    await expectProblem(await call(OTHER_REGION, 'GET', `/cases/${caseNumber}/assessments/latest-completed?instrumentId=sarasv`), 404, 'not-found');
    expect(await auditSince(since)).toEqual([
      {
        actor_id: OTHER_REGION.id,
        action: 'access.denied',
        entity_type: 'case',
        entity_id: created.id,
        purpose: PURPOSE,
        detail: { attemptedAction: 'case.assessments.list', reason: 'no_role_for_region', answeredAs: 'not-found' },
      },
    ]);
  });

  it('tells on the plan a re-assessment took over which assessment did it, on which day, and how many days from its due date', async () => {
    const caseNumber = newCaseNumber();
    await expectJson(await call(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await call(OFFICER, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200);
    const today = (await expectJson<{ today: string }>(await call(OFFICER, 'GET', '/worklist'), 200)).today;
    const first = await completedAssessment(caseNumber, 'sarasv', ['nu:j', 'tidigare:j'], 'hog');
    await expectJson(await call(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: first, reassessOn: addDays(today, 5), measures: [] }), 201);
    const planned = (await expectJson<{ items: PlanBody[] }>(await call(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items;
    expect(planned.map((p) => p.reassessment)).toEqual([{ id: expect.any(String), dueOn: addDays(today, 5), derivedDueOn: addDays(today, 5), ownDateReason: null, status: 'planned', doneAssessmentId: null, doneOn: null, daysFromDue: null }]);

    const again = await completedAssessment(caseNumber, 'sarasv', ['nu:d', 'tidigare:j'], 'medel');
    await expectJson(await call(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: again, reassessOn: addDays(today, 30), measures: [] }), 201);
    const plans = (await expectJson<{ items: PlanBody[] }>(await call(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items;
    const byAssessment = new Map(plans.map((p) => [p.assessmentId, p]));
    // Done five days before it was due: -5 (-4 should midnight have come since "today" was read).
    const doneOn = await completedOn(again);
    expect([today, addDays(today, 1)]).toContain(doneOn);
    expect(byAssessment.get(first)).toMatchObject({ status: 'closed', reassessment: { dueOn: addDays(today, 5), status: 'done', doneAssessmentId: again, doneOn, daysFromDue: daysBetween(addDays(today, 5), doneOn) } });
    expect(byAssessment.get(again)).toMatchObject({ status: 'active', reassessment: { dueOn: addDays(today, 30), status: 'planned', doneOn: null, daysFromDue: null } });
  });

  it("does the planned re-assessment of the re-assessed assessment's plan also when the new plan protects another person, which a fresh assessment does not", async () => {
    const caseNumber = newCaseNumber();
    await expectJson(await call(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await call(OFFICER, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200);
    const today = (await expectJson<{ today: string }>(await call(OFFICER, 'GET', '/worklist'), 200)).today;
    const person = await expectJson<{ id: string }>(await call(OFFICER, 'POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: 'P 1' }), 201);
    const first = await completedAssessment(caseNumber, 'sarasv', ['nu:j', 'tidigare:j'], 'hog');
    await expectJson(await call(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: first, protectedPersonId: person.id, reassessOn: addDays(today, -2), measures: [] }), 201);
    const plansNow = async () => new Map((await expectJson<{ items: PlanBody[] }>(await call(OFFICER, 'GET', `/cases/${caseNumber}/plans`), 200)).items.map((p) => [p.assessmentId, p]));

    // A fresh assessment whose plan protects nobody in particular leaves the person's plan due.
    const fresh = await completedAssessment(caseNumber, 'sarasv', ['nu:j', 'tidigare:j'], 'hog');
    await expectJson(await call(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: fresh, reassessOn: addDays(today, 7), measures: [] }), 201);
    expect((await plansNow()).get(first)).toMatchObject({ status: 'active', reassessment: { status: 'planned', doneOn: null } });
    const due = (await expectJson<{ items: { kind: string; caseNumber: string; dueOn: string }[] }>(await call(OFFICER, 'GET', '/worklist?limit=50'), 200)).items.filter((i) => i.caseNumber === caseNumber);
    expect(due.map((i) => [i.kind, i.dueOn])).toEqual([['reassessment', addDays(today, -2)], ['reassessment', addDays(today, 7)]]);

    // An omprövning of it does that re-assessment, two days late; the person's plan stays active.
    const again = await completedAssessment(caseNumber, 'sarasv', ['nu:d', 'tidigare:j'], 'medel', first);
    await expectJson(await call(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: again, reassessOn: addDays(today, 30), measures: [] }), 201);
    const plans = await plansNow();
    // Two days late (three should midnight have come since "today" was read).
    const doneOn = await completedOn(again);
    expect([today, addDays(today, 1)]).toContain(doneOn);
    expect(plans.get(first)).toMatchObject({ status: 'active', reassessment: { status: 'done', doneAssessmentId: again, doneOn, daysFromDue: daysBetween(addDays(today, -2), doneOn) } });
    // The fresh assessment's plan, protecting the same (nobody in particular), is taken over as before.
    expect(plans.get(fresh)).toMatchObject({ status: 'closed', reassessment: { status: 'done', doneAssessmentId: again, daysFromDue: daysBetween(addDays(today, 7), doneOn) } });
    // Nothing of the case is due any more: the new plan's re-assessment is a month away.
    const rows = (await expectJson<{ items: { caseNumber: string }[] }>(await call(OFFICER, 'GET', '/worklist?limit=50'), 200)).items.filter((i) => i.caseNumber === caseNumber);
    expect(rows).toEqual([]);
  });
});
