// A case's status over real HTTP, on PostgreSQL and PGlite: PATCH
// /cases/{caseNumber} with If-Match (428 without, 412 stale), the allowed
// transitions (intake → bops → closed, closed → bops reopens), no closing
// with unfinished work, the audit row of each change — and that a case closed
// this way is erased by the retention job when its period has passed, not
// before. A closed case takes no new work (409 case-closed, nothing stored)
// and is still read; reopening it lets work in again. Officers and cases are
// fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER } from '../api/assessmentContract.js';
import { runRetention } from '../api/retentionJob.js';
import { SqlAssessmentRepository } from '../api/sqlAssessmentRepository.js';
import { expectJson } from './expectJson.js';
import { expectProblem } from './expectProblem.js';
import { tableContents } from './tableContents.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { BOT_SERVICE_ID, startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const BOPS: TestOfficer = { id: 'officer-status-1', roles: ['bops_officer'], region: 'ost' };
const SPECIALIST: TestOfficer = { id: 'officer-status-2', roles: ['specialist'], region: 'nord' };
const DAY = 24 * 60 * 60 * 1000;

let serial = 0;
const newCaseNumber = () => `1510-K${String(++serial).padStart(6, '0')}-26`;

interface CaseBody {
  id: string;
  status: string;
  violenceType: string | null;
  closedAt: string | null;
  version: number;
}

describe.each(DATABASE_ENGINES)('case status over HTTP on %s', (engine) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    await t.provision([BOPS, SPECIALIST]);
  });
  afterAll(() => t?.close());

  const send = async (officer: TestOfficer, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; viaBot?: boolean } = {}) => {
    const auth: Record<string, string> = options.viaBot
      ? { authorization: `Bearer ${await t.serviceToken()}`, [ON_BEHALF_OF_HEADER]: officer.id }
      : { authorization: `Bearer ${await t.officerToken(officer)}` };
    return t.api(path, {
      method,
      headers: { ...auth, ...options.headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  };
  const patch = (caseNumber: string, body: unknown, ifMatch?: string, officer = BOPS) =>
    send(officer, 'PATCH', `/cases/${caseNumber}`, { body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

  async function newCase(): Promise<{ caseNumber: string; id: string }> {
    const caseNumber = newCaseNumber();
    const res = await send(BOPS, 'POST', '/cases', { body: { caseNumber } });
    expect(res.headers.get('etag')).toBe('"v1"');
    return { caseNumber, id: (await expectJson<CaseBody>(res, 201)).id };
  }

  const caseUpdates = async (caseId: string) =>
    (await t.server.database.query<{ actor_id: string; via_id: string | null; detail: Record<string, unknown> }>(
      `SELECT actor_id, via_id, detail FROM audit_log WHERE action = 'case.update' AND entity_id = $1 ORDER BY id`,
      [caseId],
    )).rows;

  it('changes status and violence type with If-Match, answering the new ETag, and audits the change', async () => {
    const { caseNumber, id } = await newCase();
    const read = await send(BOPS, 'GET', `/cases/${caseNumber}`);
    expect(read.headers.get('etag')).toBe('"v1"');
    expect((await expectJson<CaseBody>(read, 200)).version).toBe(1);

    const res = await patch(caseNumber, { status: 'bops', violenceType: 'nara_relation' }, '"v1"');
    expect(res.headers.get('etag')).toBe('"v2"');
    expect(await expectJson<CaseBody>(res, 200)).toMatchObject({ status: 'bops', violenceType: 'nara_relation', version: 2, closedAt: null });
    expect((await send(BOPS, 'GET', `/cases/${caseNumber}`)).headers.get('etag')).toBe('"v2"');
    expect(await caseUpdates(id)).toEqual([{ actor_id: BOPS.id, via_id: null, detail: { from: 'intake', to: 'bops', changed: ['status', 'violenceType'] } }]);
  });

  it('refuses a change without If-Match (428) or with a stale one (412), and stores nothing', async () => {
    const { caseNumber, id } = await newCase();
    await expectJson(await patch(caseNumber, { status: 'bops' }, '"v1"'), 200);
    const before = await tableContents(t.server.database);
    await expectProblem(await patch(caseNumber, { status: 'closed' }), 428, 'precondition-required');
    await expectProblem(await patch(caseNumber, { status: 'closed' }, '"v1"'), 412, 'precondition-failed');
    await expectProblem(await patch(caseNumber, { status: 'closed' }, 'W/"v2"'), 412, 'precondition-failed');
    expect(await tableContents(t.server.database)).toEqual(before);
    // "*" is the explicit "whatever its version".
    expect(await expectJson<CaseBody>(await patch(caseNumber, { status: 'closed' }, '*'), 200)).toMatchObject({ status: 'closed', version: 3 });
    expect(await caseUpdates(id)).toHaveLength(2);
  });

  it('refuses what the rules refuse with a specific problem type, and bodies that say nothing', async () => {
    const { caseNumber } = await newCase();
    await expectJson(await patch(caseNumber, { status: 'bops' }, '"v1"'), 200);
    const back = await expectProblem(await patch(caseNumber, { status: 'intake' }, '"v2"'), 409, 'case-transition-refused');
    expect(back.errors).toEqual([{ code: 'transition_not_allowed', path: ['body', 'status'], message: expect.stringMatching(/closed/) }]);
    await expectJson(await patch(caseNumber, { status: 'closed' }, '"v2"'), 200);
    const closedType = await expectProblem(await patch(caseNumber, { violenceType: 'heder' }, '"v3"'), 409, 'case-closed');
    expect(closedType.errors?.map((e) => e.path)).toEqual([['body', 'violenceType']]);
    await expectProblem(await patch(caseNumber, {}, '"v3"'), 400, 'validation');
    await expectProblem(await patch(caseNumber, { status: 'archived' }, '"v3"'), 400, 'validation');
    await expectProblem(await patch(caseNumber, { violenceType: null }, '"v3"'), 400, 'validation');
    await expectProblem(await patch(caseNumber, { status: 'bops', closedAt: null }, '"v3"'), 400, 'validation');
    await expectProblem(await patch('1510-K999999-26', { status: 'bops' }, '"v1"'), 404, 'not-found');
  });

  it('refuses to close a case with a draft assessment, naming the unfinished work', async () => {
    const { caseNumber } = await newCase();
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    // The assessment flow is proven in api.test.ts; here only a draft is needed.
    await new SqlAssessmentRepository(t.server.database).create(
      { caseNumber, region: 'ost', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash }, officerId: BOPS.id },
      { actorId: BOPS.id, viaId: null, purpose: 'test setup' },
    );
    const open = await expectProblem(await patch(caseNumber, { status: 'closed' }, '"v1"'), 409, 'case-has-open-work');
    expect(open.errors?.map((e) => e.code)).toEqual(['draft_assessments']);
    expect((await expectJson<CaseBody>(await send(BOPS, 'GET', `/cases/${caseNumber}`), 200)).status).toBe('intake');
  });

  it('lets a specialist of another region change the case, and the bot change it for an officer', async () => {
    const { caseNumber, id } = await newCase();
    await expectJson(await patch(caseNumber, { status: 'bops' }, '"v1"', SPECIALIST), 200);
    const res = await send(BOPS, 'PATCH', `/cases/${caseNumber}`, { body: { violenceType: 'forfoljelse' }, headers: { 'if-match': '"v2"' }, viaBot: true });
    expect(await expectJson<CaseBody>(res, 200)).toMatchObject({ violenceType: 'forfoljelse', version: 3 });
    expect((await caseUpdates(id)).map((r) => [r.actor_id, r.via_id])).toEqual([[SPECIALIST.id, null], [BOPS.id, BOT_SERVICE_ID]]);
  });

  it('takes no new assessment, person, plan or measure, nor a measure change, on a closed case (409 case-closed) and stores nothing; reading it stays allowed', async () => {
    const { caseNumber } = await newCase();
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const packRef = { id: pack.id, version: pack.version, hash };
    await expectJson(await send(BOPS, 'PUT', `/cases/${caseNumber}/assignments/${BOPS.id}`), 200);
    const person = await expectJson<{ id: string }>(await send(BOPS, 'POST', `/cases/${caseNumber}/persons`, { body: { role: 'malsagande', label: 'MÄ 1' } }), 201);
    // Completed assessments are set up through the repository: their flow is proven in api.test.ts.
    const repository = new SqlAssessmentRepository(t.server.database);
    const setup = { actorId: BOPS.id, viaId: null, purpose: 'test setup' };
    const completed = async () => {
      const a = await repository.create({ caseNumber, region: 'ost', level: 'initial', instrumentId: 'initial', pack: packRef, officerId: BOPS.id }, setup);
      return (await repository.complete(a.id, setup)).id;
    };
    const planned = await completed();
    const unplanned = await completed();
    const plan = await expectJson<{ id: string; measures: { id: string }[] }>(
      await send(BOPS, 'POST', `/cases/${caseNumber}/plans`, { body: { assessmentId: planned, protectedPersonId: person.id, reassessOn: '2027-02-01', measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: BOPS.id }] } }),
      201,
    );
    const measureId = plan.measures[0]!.id;
    await expectJson(await send(BOPS, 'PUT', `/measures/${measureId}/status`, { body: { status: 'declined', declineReason: 'Målsäganden tackar nej.' } }), 200);
    await expectJson(await patch(caseNumber, { status: 'closed' }, '*'), 200);

    const before = await tableContents(t.server.database);
    const refused: [string, () => Promise<Response>][] = [
      ['a new assessment', () => send(BOPS, 'POST', '/assessments', { body: { caseNumber, level: 'initial', instrumentId: 'initial', pack: packRef } })],
      ['a new assessment with an Idempotency-Key', () => send(BOPS, 'POST', '/assessments', { body: { caseNumber, level: 'initial', instrumentId: 'initial', pack: packRef }, headers: { 'idempotency-key': 'closed-case-1' } })],
      ['a new assessment via the bot', () => send(BOPS, 'POST', '/assessments', { body: { caseNumber, level: 'initial', instrumentId: 'initial', pack: packRef }, viaBot: true })],
      ['a person', () => send(BOPS, 'POST', `/cases/${caseNumber}/persons`, { body: { role: 'vittne', label: 'V 1' } })],
      ['a plan', () => send(BOPS, 'POST', `/cases/${caseNumber}/plans`, { body: { assessmentId: unplanned, reassessOn: '2027-03-01' } })],
      ['a measure', () => send(BOPS, 'POST', `/plans/${plan.id}/measures`, { body: { part: 'reducering', measureId: 'rri', responsible: BOPS.id } })],
      ['a measure change', () => send(BOPS, 'PUT', `/measures/${measureId}/status`, { body: { status: 'cancelled' } })],
    ];
    for (const [what, request] of refused) {
      const problem = await expectProblem(await request(), 409, 'case-closed');
      expect(problem.detail, what).toMatch(/closed/);
    }
    expect(await tableContents(t.server.database)).toEqual(before);

    expect((await expectJson<CaseBody>(await send(BOPS, 'GET', `/cases/${caseNumber}`), 200)).status).toBe('closed');
    expect((await expectJson<{ items: unknown[] }>(await send(BOPS, 'GET', `/cases/${caseNumber}/persons`, { headers: { 'bops-purpose': 'uppföljning' } }), 200)).items).toHaveLength(1);
    expect((await expectJson<{ measures: { status: string }[] }>(await send(BOPS, 'GET', `/plans/${plan.id}`), 200)).measures.map((m) => m.status)).toEqual(['declined']);
    expect((await expectJson<{ items: unknown[] }>(await send(BOPS, 'GET', `/cases/${caseNumber}/assessments`), 200)).items).toHaveLength(2);

    // Reopened, the case takes work again.
    await expectJson(await patch(caseNumber, { status: 'bops' }, '*'), 200);
    await expectJson(await send(BOPS, 'POST', `/cases/${caseNumber}/persons`, { body: { role: 'vittne', label: 'V 1' } }), 201);
    await expectJson(await send(BOPS, 'POST', '/assessments', { body: { caseNumber, level: 'initial', instrumentId: 'initial', pack: packRef } }), 201);
  });

  it('takes no answer or completion of a draft that is on a closed case (which only an edit behind the API could leave there), and stores nothing', async () => {
    const { caseNumber } = await newCase();
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const draft = await expectJson<{ id: string }>(await send(BOPS, 'POST', '/assessments', { body: { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } } }), 201);
    // The answer is saved once first, so the API remembers the draft's access facts as it does while an officer works.
    expect((await send(BOPS, 'PUT', `/assessments/${draft.id}/answers/hotbildsfraga`, { body: { value: 'ja' } })).status).toBe(204);
    await t.server.database.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE case_number = $1`, [caseNumber]);

    const before = await tableContents(t.server.database);
    await expectProblem(await send(BOPS, 'PUT', `/assessments/${draft.id}/answers/hotbildsfraga`, { body: { value: 'nej' } }), 409, 'case-closed');
    await expectProblem(await send(BOPS, 'PUT', `/assessments/${draft.id}/answers/hotbildsfraga`, { body: { value: 'nej' }, viaBot: true }), 409, 'case-closed');
    await expectProblem(await send(BOPS, 'POST', `/assessments/${draft.id}/complete`), 409, 'case-closed');
    expect(await tableContents(t.server.database)).toEqual(before);
    const read = await send(BOPS, 'GET', `/assessments/${draft.id}`);
    expect(read.headers.get('etag')).toBe('"v2"');
    expect(await expectJson<{ status: string; answers: { value: unknown }[] }>(read, 200)).toMatchObject({ status: 'draft', answers: [{ value: 'ja' }] });
  });

  it('erases a case closed through PATCH when its retention period has passed, and keeps it until then; reopening stops the clock', async () => {
    const periods = { closedCaseDays: 30, draftDays: 100_000 };
    const closedCase = await newCase();
    const closed = await expectJson<CaseBody>(await patch(closedCase.caseNumber, { status: 'closed' }, '"v1"'), 200);
    const reopenedCase = await newCase();
    await expectJson(await patch(reopenedCase.caseNumber, { status: 'closed' }, '"v1"'), 200);
    const reopened = await expectJson<CaseBody>(await patch(reopenedCase.caseNumber, { status: 'bops' }, '"v2"'), 200);
    expect(reopened.closedAt).toBeNull();

    const due = Date.parse(closed.closedAt!) + periods.closedCaseDays * DAY;
    await runRetention(t.server.database, periods, new Date(due - DAY));
    expect((await send(BOPS, 'GET', `/cases/${closedCase.caseNumber}`)).status).toBe(200);

    await runRetention(t.server.database, periods, new Date(due + DAY));
    await expectProblem(await send(BOPS, 'GET', `/cases/${closedCase.caseNumber}`), 404, 'not-found');
    expect((await send(BOPS, 'GET', `/cases/${reopenedCase.caseNumber}`)).status).toBe(200);
    const erasure = await t.server.database.query(`SELECT 1 FROM audit_log WHERE action = 'retention.erase' AND entity_type = 'case' AND entity_id = $1`, [closedCase.id]);
    expect(erasure.rowCount).toBe(1);
  });
});
