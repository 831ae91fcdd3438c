// Issue 18, findings 5 and 6 over real HTTP on PostgreSQL and PGlite: text an
// attacker (or a careless paste) sends is refused with a problem naming the
// field, never a 500, and stores nothing — NUL and other control characters,
// lone surrogates, case numbers that are paths, SQL or right-to-left tricks, a
// personal identity number as a look-up's purpose, a NUL in a token's subject.
// Bidirectional overrides are removed, not refused. All data is fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_HEADER } from '../api/assessmentContract.js';
import { expectProblem } from './expectProblem.js';
import { tableContents } from './tableContents.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'officer-hostile-1', roles: ['intake_officer', 'bops_officer'], region: 'stockholm' };
const RTL_OVERRIDE = '\u202e';

let serial = 0;
const newCaseNumber = () => `1950-K${String(++serial).padStart(6, '0')}-26`;

describe.each(DATABASE_ENGINES)('hostile input over HTTP on %s', (engine) => {
  let t: TestServer;
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => t.as(OFFICER, method, path, body, headers);
  const draft = async (caseNumber = newCaseNumber()) => {
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const res = await send('POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  /** The problem's issue paths, e.g. ['body.rationale']. */
  const issuePaths = async (res: Response, status: number) => (await expectProblem(res, status, 'validation')).errors?.map((e) => e.path.join('.'));

  beforeAll(async () => {
    t = await startTestServer({ engine });
  }, 180_000);
  afterAll(() => t?.close());

  it.each([
    ['NUL', 'Fiktiv\u0000motivering'],
    ['a bell', 'Fiktiv\u0007motivering'],
    ['an escape sequence', 'Fiktiv \u001b[31mmotivering'],
    ['a C1 control', 'Fiktiv\u0085motivering'],
    ['a lone surrogate', 'Fiktiv\ud800motivering'],
  ])('refuses a reason holding %s with 400 naming the field, and stores nothing', async (_what, rationale) => {
    const id = await draft();
    const before = await tableContents(t.server.database);
    expect(await issuePaths(await send('PUT', `/assessments/${id}/answers/beslut`, { value: 'remittera', rationale }), 400)).toEqual(['body.rationale']);
    expect(await tableContents(t.server.database)).toEqual(before);
  });

  it('keeps line breaks and tabs in a reason, and removes direction overrides from it', async () => {
    const id = await draft();
    const res = await send('PUT', `/assessments/${id}/answers/beslut`, { value: 'remittera', rationale: `Rad ett\n\tRad två ${RTL_OVERRIDE}fiktiv` });
    expect(res.status).toBe(204);
    const read = (await (await send('GET', `/assessments/${id}`)).json()) as { answers: { itemId: string; rationale: string }[] };
    expect(read.answers.find((a) => a.itemId === 'beslut')?.rationale).toBe('Rad ett\n\tRad två fiktiv');
  });

  it('refuses a NUL or a control character in an answer value, a person label and a discard reason', async () => {
    const id = await draft();
    expect(await issuePaths(await send('PUT', `/assessments/${id}/answers/hotbildsfraga`, { value: 'ja\u0000' }), 400)).toEqual(['body.value']);
    expect(await issuePaths(await send('POST', `/assessments/${id}/discard`, { reason: 'fel\u0000ärende' }), 400)).toEqual(['body.reason']);
    const caseNumber = newCaseNumber();
    expect((await send('POST', '/cases', { caseNumber })).status).toBe(201);
    expect(await issuePaths(await send('POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: 'MÄ\u00001' }), 400)).toEqual(['body.label']);
  });

  it.each([
    ['a path', '../../etc/passwd'],
    ['SQL', "1'; DROP TABLE cases;--"],
    ['a right-to-left override', `${RTL_OVERRIDE}5000-K123456-25`],
    ['markup', '<b>5000</b>'],
  ])('refuses %s as a case number, creating neither case nor assessment', async (_what, caseNumber) => {
    const before = await tableContents(t.server.database);
    expect(await issuePaths(await send('POST', '/cases', { caseNumber }), 400)).toEqual(['body.caseNumber']);
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    expect(await issuePaths(await send('POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }), 400)).toEqual(['body.caseNumber']);
    expect(await tableContents(t.server.database)).toEqual(before);
  });

  it('stores a new case only under a number of the configured pattern (CASE_NUMBER_PATTERN)', async () => {
    expect(await issuePaths(await send('POST', '/cases', { caseNumber: '5000-123456-25' }), 400)).toEqual(['body.caseNumber']);
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    expect(await issuePaths(await send('POST', '/assessments', { caseNumber: 'ABC-1', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }), 400)).toEqual(['body.caseNumber']);
  });

  it('refuses a personal identity number as the purpose of a look-up (a purpose says why, never whom)', async () => {
    const caseNumber = newCaseNumber();
    expect((await send('POST', '/cases', { caseNumber })).status).toBe(201);
    for (const purpose of ['kontroll av 19121212-1212', 'kontroll av 121212-1212']) {
      expect(await issuePaths(await send('GET', `/cases/${caseNumber}/persons`, undefined, { [PURPOSE_HEADER]: purpose }), 400)).toEqual(['header']);
    }
    expect((await send('GET', `/cases/${caseNumber}/persons`, undefined, { [PURPOSE_HEADER]: 'kontroll av skyddsplan' })).status).toBe(200);
  });

  it('refuses a token whose subject holds a NUL as unauthenticated, not with a 500', async () => {
    const token = await t.officerToken({ ...OFFICER, id: 'officer\u0000x' });
    const res = await t.api('/cases', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ caseNumber: newCaseNumber() }) });
    await expectProblem(res, 401, 'unauthenticated');
  });
});
