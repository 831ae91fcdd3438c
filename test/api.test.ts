// The assessment API over real HTTP, on real PostgreSQL and on PGlite: the
// whole life of an initial assessment, every refusal as RFC 9457 problem JSON,
// the access policy as seen from outside, the audit trail, and that a refused
// request stores nothing. Officers, case numbers and answers are fictitious.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER } from '../api/assessmentContract.js';
import type { DevSigningKey } from '../api/devSigningKey.js';
import { provisionOfficer } from '../api/officerAdministration.js';
import { expectProblem } from './expectProblem.js';
import { signDevToken } from '../api/tokenVerifier.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { BOT_SERVICE_ID, startTestServer, type TestOfficer, type TestServer } from './testServer.js';

// ---------------------------------------------------------------- fixtures

const OFFICER_A: TestOfficer = { id: 'officer-a', roles: ['intake_officer'], region: 'stockholm' };
const OFFICER_B: TestOfficer = { id: 'officer-b', roles: ['intake_officer'], region: 'stockholm' };
const INTAKE_SYD: TestOfficer = { id: 'officer-c', roles: ['intake_officer'], region: 'syd' };
const BOPS_STOCKHOLM: TestOfficer = { id: 'officer-d', roles: ['bops_officer'], region: 'stockholm' };
const BOPS_SYD: TestOfficer = { id: 'officer-e', roles: ['bops_officer'], region: 'syd' };
const SPECIALIST_NORD: TestOfficer = { id: 'officer-f', roles: ['specialist'], region: 'nord' };
const ANALYST: TestOfficer = { id: 'officer-g', roles: ['analyst'], region: 'stockholm' };
const AUDITOR: TestOfficer = { id: 'officer-h', roles: ['auditor'], region: 'stockholm' };

const CASE_NUMBER = '5000-K123456-25';
let caseSerial = 0;
/** A fresh fictitious case number per use, so cases (and their regions) never leak between tests. */
const newCaseNumber = () => `1400-K${String(++caseSerial).padStart(6, '0')}-26`;

/** Answers to every item of the initial instrument for a partner-violence case (so separation and heder apply). */
const ANSWERS: Record<string, string> = {
  hotbildsfraga: 'ja',
  relation: 'nara_relation',
  tidigare_vald: 'ja',
  dodshot: 'nej',
  sjalvmordshot: 'nej',
  strypvald: 'vet_ej',
  eskalering: 'vet_ej',
  vapen: 'nej',
  forfoljelse: 'ja',
  overtradelse: 'nej',
  separation: 'ja',
  heder: 'nej',
  sexuellt_vald: 'nej',
  vald_mot_andra: 'nej',
  missbruk_psykisk_ohalsa: 'vet_ej',
  barn: 'ja',
};
const DECISION = { value: 'remittera', rationale: 'Fiktivt exempel: tidigare våld och förföljelse efter separation.' };
const ALL_ITEM_IDS = [...Object.keys(ANSWERS), 'beslut'];

// ---------------------------------------------------------------- helpers


async function expectStatus(res: Response, status: number): Promise<void> {
  const text = res.status === status ? '' : await res.text();
  expect({ status: res.status, body: text }).toEqual({ status, body: '' });
}

interface Client {
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  put(path: string, body: unknown): Promise<Response>;
}

function clientWith(send: (method: string, path: string, body?: unknown) => Promise<Response>): Client {
  return {
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
  };
}

/** An officer calling the API directly with their own token. */
const asOfficer = (t: TestServer, officer: TestOfficer): Client => clientWith((method, path, body) => t.as(officer, method, path, body));

/** The bot calling with its service token, acting for an officer. */
const viaBot = (t: TestServer, officerId: string): Client =>
  clientWith(async (method, path, body) =>
    t.api(path, {
      method,
      headers: { authorization: `Bearer ${await t.serviceToken()}`, [ON_BEHALF_OF_HEADER]: officerId, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));

function createBody(t: TestServer, caseNumber: string) {
  const { pack, hash } = t.server.methodology.active('bops-exempel');
  return { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } };
}

async function startDraft(t: TestServer, client: Client, caseNumber = newCaseNumber()): Promise<string> {
  const res = await client.post('/assessments', createBody(t, caseNumber));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function answerAll(client: Client, id: string): Promise<void> {
  for (const [itemId, value] of Object.entries(ANSWERS)) {
    await expectStatus(await client.put(`/assessments/${id}/answers/${itemId}`, { value }), 204);
  }
  await expectStatus(await client.put(`/assessments/${id}/answers/beslut`, DECISION), 204);
}

async function completedAssessment(t: TestServer, client: Client, caseNumber?: string): Promise<string> {
  const id = await startDraft(t, client, caseNumber);
  await answerAll(client, id);
  expect((await client.post(`/assessments/${id}/complete`)).status).toBe(200);
  return id;
}

interface AnswerBody {
  itemId: string;
  value: string | string[];
  rationale: string | null;
  answeredBy: string;
}
interface AssessmentBody {
  id: string;
  caseNumber: string;
  region: string;
  status: string;
  officerId: string;
  completedAt: string | null;
  answers: AnswerBody[];
}
interface AuditBody {
  actorId: string;
  viaId: string | null;
  action: string;
  entityId: string;
  purpose: string;
  detail: Record<string, unknown>;
}

async function readAs(t: TestServer, officer: TestOfficer, id: string): Promise<AssessmentBody> {
  const res = await asOfficer(t, officer).get(`/assessments/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as AssessmentBody;
}

async function auditTrail(t: TestServer, id: string): Promise<AuditBody[]> {
  const res = await asOfficer(t, AUDITOR).get(`/assessments/${id}/audit`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: AuditBody[] }).items;
}

/** The row an auditor's read of `trail` left in the trail. */
const auditorsRead = (trail: AuditBody[]) => expect.objectContaining({ actorId: AUDITOR.id, action: 'audit.read', detail: { rows: trail.length } });

const answersOf = (a: AssessmentBody) => Object.fromEntries(a.answers.map((x) => [x.itemId, { value: x.value, rationale: x.rationale }]));

// ---------------------------------------------------------------- the suite

// PGlite compiles its WASM and migrates on start: seconds alone, far more while the whole suite runs in parallel.
const SERVER_START_TIMEOUT_MS = 180_000;

describe.each(DATABASE_ENGINES)('assessment API over HTTP on %s', (engine) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ engine });
  }, SERVER_START_TIMEOUT_MS);
  afterAll(() => t?.close());

  describe('an initial assessment from start to finish', () => {
    const officer = () => asOfficer(t, OFFICER_A);
    let id = '';

    it('creates a draft on the active pack and answers 201 with its Location', async () => {
      const body = createBody(t, CASE_NUMBER);
      const res = await officer().post('/assessments', body);
      expect(res.status).toBe(201);
      const created = (await res.json()) as AssessmentBody & { pack: unknown; level: string; instrumentId: string };
      id = created.id;
      expect(res.headers.get('location')).toBe(`/api/v1/assessments/${id}`);
      expect(created).toMatchObject({
        caseNumber: CASE_NUMBER,
        region: 'stockholm',
        level: 'initial',
        instrumentId: 'initial',
        pack: body.pack,
        status: 'draft',
        officerId: OFFICER_A.id,
        completedAt: null,
        answers: [],
      });
    });

    it('saves each answer as the officer gives it (204)', async () => {
      for (const [itemId, value] of Object.entries(ANSWERS)) {
        await expectStatus(await officer().put(`/assessments/${id}/answers/${itemId}`, { value }), 204);
      }
    });

    it('replaces an answer the officer changes', async () => {
      await expectStatus(await officer().put(`/assessments/${id}/answers/vapen`, { value: 'ja' }), 204);
      await expectStatus(await officer().put(`/assessments/${id}/answers/vapen`, { value: ANSWERS.vapen }), 204);
    });

    it('saves the decision together with its written reason', async () => {
      await expectStatus(await officer().put(`/assessments/${id}/answers/beslut`, DECISION), 204);
    });

    it('completes the assessment once every required item is answered', async () => {
      const res = await officer().post(`/assessments/${id}/complete`);
      expect(res.status).toBe(200);
      const completed = (await res.json()) as AssessmentBody;
      expect(completed.status).toBe('completed');
      expect(completed.completedAt).toEqual(expect.any(String));
    });

    it('reads back every answer, the decision and its reason', async () => {
      const read = await readAs(t, OFFICER_A, id);
      expect(read.status).toBe('completed');
      expect(answersOf(read)).toEqual({
        ...Object.fromEntries(Object.entries(ANSWERS).map(([itemId, value]) => [itemId, { value, rationale: null }])),
        beslut: DECISION,
      });
      expect(new Set(read.answers.map((a) => a.answeredBy))).toEqual(new Set([OFFICER_A.id]));
    });

    it('lists the assessments of the case', async () => {
      const res = await officer().get(`/cases/${CASE_NUMBER}/assessments`);
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: AssessmentBody[] };
      expect(items).toEqual([expect.objectContaining({ id, caseNumber: CASE_NUMBER, status: 'completed', officerId: OFFICER_A.id })]);
      expect(items[0]).not.toHaveProperty('answers');
    });

    it('records creation, each answer, completion and each reading in the audit trail, as the officer directly', async () => {
      const trail = await auditTrail(t, id);
      expect(trail.map((row) => [row.action, row.detail.itemId ?? null])).toEqual([
        ['assessment.create', null],
        ...Object.keys(ANSWERS).map((itemId) => ['assessment.answer', itemId]),
        ['assessment.answer', 'vapen'],
        ['assessment.answer', 'vapen'],
        ['assessment.answer', 'beslut'],
        // Completion checks the answers inside its own transaction: no separate consultation row.
        ['assessment.complete', null],
        ['assessment.read', null],
      ]);
      for (const row of trail) expect(row).toMatchObject({ actorId: OFFICER_A.id, viaId: null, entityId: id });
    });

    it('keeps answer values, reasons and the case number out of the audit trail', async () => {
      const trail = await auditTrail(t, id);
      const text = JSON.stringify(trail);
      expect(text).not.toContain(DECISION.rationale);
      expect(text).not.toContain(CASE_NUMBER);
      for (const value of ['nara_relation', 'vet_ej', 'remittera']) expect(text).not.toContain(value);
      for (const row of trail) {
        expect(Object.keys(row.detail).filter((key) => !['itemId', 'level', 'instrumentId', 'discardedItemIds', 'rows'].includes(key))).toEqual([]);
      }
    });
  });

  describe('through the bot’s service token', () => {
    it('records the officer as actor and the bot as the client that carried each request', async () => {
      const bot = viaBot(t, OFFICER_A.id);
      const id = await completedAssessment(t, bot);
      expect((await bot.get(`/assessments/${id}`)).status).toBe(200);
      const trail = await auditTrail(t, id);
      expect(trail.map((row) => row.action)).toEqual([
        'assessment.create',
        ...ALL_ITEM_IDS.map(() => 'assessment.answer'),
        'assessment.complete',
        'assessment.read',
      ]);
      for (const row of trail) expect(row).toMatchObject({ actorId: OFFICER_A.id, viaId: BOT_SERVICE_ID });
      expect(JSON.stringify(trail)).not.toContain(DECISION.rationale);
    });

    it('refuses a service token that does not name the officer it acts for (401)', async () => {
      const res = await t.api('/assessments', {
        method: 'POST',
        headers: { authorization: `Bearer ${await t.serviceToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify(createBody(t, newCaseNumber())),
      });
      await expectProblem(res, 401, 'unauthenticated');
    });

    it('acts for an officer it does not know with DEV_ROLES and DEV_REGION in dev mode', async () => {
      const bot = viaBot(t, 'officer-unprovisioned');
      // DEV_REGION stockholm: a new case lands in Stockholm.
      const res = await bot.post('/assessments', createBody(t, newCaseNumber()));
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ region: 'stockholm', officerId: 'officer-unprovisioned' });
      // DEV_ROLES includes bops_officer: another officer's Stockholm assessment is readable…
      const othersId = await startDraft(t, asOfficer(t, OFFICER_B));
      expect((await bot.get(`/assessments/${othersId}`)).status).toBe(200);
      // …but not one in Syd: there it is as if there were none.
      const sydId = await startDraft(t, asOfficer(t, INTAKE_SYD));
      await expectProblem(await bot.get(`/assessments/${sydId}`), 404, 'not-found');
    });
  });

  describe('dev tokens', () => {
    // What an administrator gave the officer (npm run officers -- add), against what a token minted on this machine claims.
    const PROVISIONED: TestOfficer = { id: 'officer-dev-provisioned', roles: ['intake_officer'], region: 'syd' };
    const CLAIMED = { roles: ['bops_officer', 'specialist'], region: 'stockholm' } as const;

    it('act for a provisioned officer with the roles and region of the officers table, whatever the token claims', async () => {
      await t.provision([PROVISIONED]);
      const claiming = asOfficer(t, { id: PROVISIONED.id, ...CLAIMED, roles: [...CLAIMED.roles] });
      // Their region is the table's: a new case lands in Syd, not in the claimed Stockholm…
      const res = await claiming.post('/assessments', createBody(t, newCaseNumber()));
      expect(await res.json()).toMatchObject({ region: 'syd', officerId: PROVISIONED.id });
      // …and the claimed Bops role in Stockholm opens no Stockholm officer's draft.
      const stockholmDraft = await startDraft(t, asOfficer(t, OFFICER_B));
      await expectProblem(await claiming.get(`/assessments/${stockholmDraft}`), 404, 'not-found');
      // A change to the row counts at once, for the same token.
      await t.server.database.query(`UPDATE officers SET roles = '{bops_officer}', region = 'stockholm' WHERE id = $1`, [PROVISIONED.id]);
      expect((await claiming.get(`/assessments/${stockholmDraft}`)).status).toBe(200);
    });

    it('act for an officer dev mode stood in for with the roles and region the token names, until an administrator provisions them', async () => {
      const id = 'officer-dev-stand-in';
      // The bot acting for them provisions them as the fictitious dev officer (DEV_REGION stockholm)…
      expect(await (await viaBot(t, id).post('/assessments', createBody(t, newCaseNumber()))).json()).toMatchObject({ region: 'stockholm' });
      // …a row nobody decided on: their dev token keeps what it names.
      const claiming = asOfficer(t, { id, roles: ['intake_officer'], region: 'syd' });
      expect(await (await claiming.post('/assessments', createBody(t, newCaseNumber()))).json()).toMatchObject({ region: 'syd' });
      // An administrator's word (npm run officers -- add) makes the row the truth.
      await provisionOfficer(t.server.database, { id, roles: ['intake_officer'], region: 'nord' }, { actorId: 'admin-test', viaId: null, purpose: 'fictitious officer' });
      expect(await (await claiming.post('/assessments', createBody(t, newCaseNumber()))).json()).toMatchObject({ region: 'nord' });
    });

    it('act for an officer never provisioned with the roles and region the token names (zero-config dev mode)', async () => {
      const stranger = asOfficer(t, { id: 'officer-dev-stranger', ...CLAIMED, roles: [...CLAIMED.roles] });
      const res = await stranger.post('/assessments', createBody(t, newCaseNumber()));
      expect(await res.json()).toMatchObject({ region: 'stockholm', officerId: 'officer-dev-stranger' });
      const stockholmDraft = await startDraft(t, asOfficer(t, OFFICER_B));
      expect((await stranger.get(`/assessments/${stockholmDraft}`)).status).toBe(200);
    });
  });

  describe('a draft its officer discards', () => {
    const officer = () => asOfficer(t, OFFICER_A);
    const REASON = { reason: 'Fiktivt exempel: startad på fel ärende.' };

    it('is discarded with the reason kept on it, takes no answer, completion or second discard, and is audited without the reason', async () => {
      const id = await startDraft(t, officer());
      await expectStatus(await officer().put(`/assessments/${id}/answers/hotbildsfraga`, { value: 'ja' }), 204);
      const res = await officer().post(`/assessments/${id}/discard`, REASON);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"v3"');
      expect(await res.json()).toMatchObject({ id, status: 'discarded', discardReason: REASON.reason, discardedAt: expect.any(String), completedAt: null });
      // Its answers stay until retention erases it; it changes no more.
      expect(answersOf(await readAs(t, OFFICER_A, id))).toEqual({ hotbildsfraga: { value: 'ja', rationale: null } });
      await expectProblem(await officer().put(`/assessments/${id}/answers/relation`, { value: 'nara_relation' }), 409, 'not-draft');
      await expectProblem(await officer().post(`/assessments/${id}/complete`), 409, 'not-draft');
      await expectProblem(await officer().post(`/assessments/${id}/discard`, REASON), 409, 'not-draft');
      const trail = await auditTrail(t, id);
      expect(trail.filter((row) => row.action === 'assessment.discard')).toEqual([expect.objectContaining({ actorId: OFFICER_A.id, viaId: null, detail: {} })]);
      expect(JSON.stringify(trail)).not.toContain(REASON.reason);
    });

    it('refuses a discard without a reason (400), someone else\'s draft (403), a completed assessment (409) and a stale If-Match (412), changing nothing', async () => {
      const id = await startDraft(t, officer());
      await expectProblem(await officer().post(`/assessments/${id}/discard`, {}), 400, 'validation');
      await expectProblem(await officer().post(`/assessments/${id}/discard`, { reason: '   ' }), 400, 'validation');
      await expectProblem(await asOfficer(t, OFFICER_B).post(`/assessments/${id}/discard`, REASON), 403, 'forbidden');
      const stale = await t.as(OFFICER_A, 'POST', `/assessments/${id}/discard`, REASON, { 'if-match': '"v9"' });
      await expectProblem(stale, 412, 'precondition-failed');
      expect((await readAs(t, OFFICER_A, id)).status).toBe('draft');
      await expectProblem(await officer().post(`/assessments/${await completedAssessment(t, officer())}/discard`, REASON), 409, 'not-draft');
    });

    it('no longer keeps its case open: a case whose only draft is discarded can be closed', async () => {
      const caseNumber = newCaseNumber();
      const id = await startDraft(t, viaBot(t, BOPS_STOCKHOLM.id), caseNumber);
      const close = () => t.as(BOPS_STOCKHOLM, 'PATCH', `/cases/${caseNumber}`, { status: 'closed' }, { 'if-match': '*' });
      await expectProblem(await close(), 409, 'case-has-open-work');
      expect((await viaBot(t, BOPS_STOCKHOLM.id).post(`/assessments/${id}/discard`, REASON)).status).toBe(200);
      expect((await close()).status).toBe(200);
    });
  });

  describe('refusals of the method', () => {
    it('refuses to complete while required items are unanswered, listing them (422)', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      await expectStatus(await officer.put(`/assessments/${id}/answers/hotbildsfraga`, { value: 'ja' }), 204);
      await expectStatus(await officer.put(`/assessments/${id}/answers/relation`, { value: 'nara_relation' }), 204);
      const problem = await expectProblem(await officer.post(`/assessments/${id}/complete`), 422, 'incomplete-assessment');
      expect(problem.errors?.map((e) => e.path)).toEqual(
        [
          ...['tidigare_vald', 'dodshot', 'sjalvmordshot', 'strypvald', 'eskalering', 'vapen', 'forfoljelse', 'overtradelse', 'separation', 'heder'],
          ...['sexuellt_vald', 'vald_mot_andra', 'missbruk_psykisk_ohalsa', 'barn', 'beslut'],
        ].map((itemId) => ['answers', itemId]),
      );
      expect((await readAs(t, OFFICER_A, id)).status).toBe('draft');
    });

    it('asks only for the items that apply given the relation', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      await expectStatus(await officer.put(`/assessments/${id}/answers/relation`, { value: 'bekant' }), 204);
      const problem = await expectProblem(await officer.post(`/assessments/${id}/complete`), 422, 'incomplete-assessment');
      const missing = problem.errors?.map((e) => e.path[1]);
      expect(missing).not.toContain('separation');
      expect(missing).not.toContain('heder');
      expect(missing).toContain('beslut');
    });

    it('drops, on completion, answers to items that an earlier answer has since switched off, and records which', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      for (const [itemId, value] of Object.entries(ANSWERS)) await expectStatus(await officer.put(`/assessments/${id}/answers/${itemId}`, { value }), 204);
      // The officer goes back and changes the relation: separation and heder no longer apply.
      await expectStatus(await officer.put(`/assessments/${id}/answers/relation`, { value: 'okand' }), 204);
      await expectStatus(await officer.put(`/assessments/${id}/answers/beslut`, DECISION), 204);
      const completed = await officer.post(`/assessments/${id}/complete`);
      expect(completed.status).toBe(200);
      const body = (await completed.json()) as { answers: { itemId: string }[] };
      expect(body.answers.map((a) => a.itemId).sort()).toEqual(ALL_ITEM_IDS.filter((i) => i !== 'separation' && i !== 'heder').sort());
      const trail = await auditTrail(t, id);
      expect(trail.find((row) => row.action === 'assessment.complete')?.detail).toEqual({ discardedItemIds: ['separation', 'heder'] });
    });

    it('refuses an answer that is not one of the item’s options (422)', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      const problem = await expectProblem(await officer.put(`/assessments/${id}/answers/vapen`, { value: 'kanske' }), 422, 'invalid-answer');
      expect(problem.errors).toEqual([expect.objectContaining({ code: 'not_an_option', path: ['value'] })]);
    });

    it('refuses a decision without a written reason (422)', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      for (const body of [{ value: 'remittera' }, { value: 'remittera', rationale: null }, { value: 'remittera_inte', rationale: '   ' }]) {
        const problem = await expectProblem(await officer.put(`/assessments/${id}/answers/beslut`, body), 422, 'invalid-answer');
        expect(problem.errors).toEqual([expect.objectContaining({ code: 'rationale_required', path: ['rationale'] })]);
      }
    });

    it('refuses a written reason on an item that takes none (422)', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      const problem = await expectProblem(
        await officer.put(`/assessments/${id}/answers/vapen`, { value: 'nej', rationale: 'fri text' }),
        422,
        'invalid-answer',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ code: 'rationale_not_allowed' })]);
    });

    it('refuses an answer to an item the instrument does not have (422)', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      const problem = await expectProblem(await officer.put(`/assessments/${id}/answers/okand_fraga`, { value: 'ja' }), 422, 'invalid-answer');
      expect(problem.errors).toEqual([expect.objectContaining({ code: 'unknown_item' })]);
    });

    it('refuses any change once the assessment is completed (409)', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await completedAssessment(t, officer);
      await expectProblem(await officer.put(`/assessments/${id}/answers/vapen`, { value: 'ja' }), 409, 'not-draft');
      await expectProblem(await officer.post(`/assessments/${id}/complete`), 409, 'not-draft');
    });

    it('refuses to create on a pack whose hash or version the server does not have (409)', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const body = createBody(t, newCaseNumber());
      await expectProblem(await officer.post('/assessments', { ...body, pack: { ...body.pack, hash: 'f'.repeat(64) } }), 409, 'pack-mismatch');
      await expectProblem(await officer.post('/assessments', { ...body, pack: { ...body.pack, version: '9.9.9' } }), 409, 'pack-mismatch');
      await expectProblem(await officer.post('/assessments', { ...body, instrumentId: 'no_such_instrument' }), 409, 'pack-mismatch');
    });

    it('refuses a level that is not the instrument’s own (400)', async () => {
      // Otherwise a Bops officer could record the short initial instrument as a structured assessment.
      const officer = asOfficer(t, BOPS_STOCKHOLM);
      const problem = await expectProblem(await officer.post('/assessments', { ...createBody(t, newCaseNumber()), level: 'structured' }), 400, 'validation');
      expect(problem.errors).toEqual([expect.objectContaining({ path: ['body', 'level'] })]);
    });
  });

  describe('refusals of the request', () => {
    const officer = () => asOfficer(t, OFFICER_A);

    it('answers 404 for an assessment that does not exist', async () => {
      const unknown = randomUUID();
      await expectProblem(await officer().get(`/assessments/${unknown}`), 404, 'not-found');
      await expectProblem(await officer().put(`/assessments/${unknown}/answers/vapen`, { value: 'ja' }), 404, 'not-found');
      await expectProblem(await officer().post(`/assessments/${unknown}/complete`), 404, 'not-found');
      await expectProblem(await asOfficer(t, AUDITOR).get(`/assessments/${unknown}/audit`), 404, 'not-found');
    });

    it('answers 404 for a case that does not exist', async () => {
      await expectProblem(await officer().get(`/cases/${newCaseNumber()}/assessments`), 404, 'not-found');
    });

    it('answers 400 for an id that is not a uuid', async () => {
      await expectProblem(await officer().get('/assessments/not-a-uuid'), 400, 'validation');
      await expectProblem(await officer().put('/assessments/12345/answers/vapen', { value: 'ja' }), 400, 'validation');
    });

    it('answers 400 for a body that does not match the schema', async () => {
      const body = createBody(t, newCaseNumber());
      const missing = await expectProblem(await officer().post('/assessments', { ...body, caseNumber: undefined }), 400, 'validation');
      expect(missing.errors).toEqual([expect.objectContaining({ path: ['body', 'caseNumber'] })]);
      await expectProblem(await officer().post('/assessments', { ...body, officerId: 'officer-b' }), 400, 'validation');
      const id = await startDraft(t, officer());
      await expectProblem(await officer().put(`/assessments/${id}/answers/vapen`, { value: 42 }), 400, 'validation');
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await t.api('/assessments', {
        method: 'POST',
        headers: { authorization: `Bearer ${await t.officerToken(OFFICER_A)}`, 'content-type': 'application/json' },
        body: '{"caseNumber": "5000-K123456-25",',
      });
      await expectProblem(res, 400, 'malformed-json');
    });

    it('answers 413 for a body over 64 kB', async () => {
      const id = await startDraft(t, officer());
      const res = await officer().put(`/assessments/${id}/answers/vapen`, { value: 'ja', rationale: 'x'.repeat(65 * 1024) });
      await expectProblem(res, 413, 'payload-too-large');
    });

    it('answers 415 for a body that is not JSON', async () => {
      const id = await startDraft(t, officer());
      const res = await t.as(OFFICER_A, 'PUT', `/assessments/${id}/answers/vapen`, { value: 'ja' }, { 'content-type': 'text/plain' });
      await expectProblem(res, 415, 'unsupported-media-type');
      const create = await t.api('/assessments', {
        method: 'POST',
        headers: { authorization: `Bearer ${await t.officerToken(OFFICER_A)}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'caseNumber=5000-K123456-25',
      });
      await expectProblem(create, 415, 'unsupported-media-type');
    });

    describe('answers 401 without a valid token', () => {
      const otherKey: DevSigningKey = { kid: 'dev-other', secret: randomBytes(32) };
      const withAuthorization = (authorization: string | undefined) =>
        t.api('/assessments', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify(createBody(t, newCaseNumber())),
        });

      it('when the token is missing', async () => {
        await expectProblem(await withAuthorization(undefined), 401, 'unauthenticated');
        await expectProblem(await withAuthorization('Basic b2ZmaWNlci1hOnNlY3JldA=='), 401, 'unauthenticated');
      });

      it('when the token is garbage', async () => {
        await expectProblem(await withAuthorization('Bearer this-is-not-a-token'), 401, 'unauthenticated');
      });

      it('when the token is signed with another key', async () => {
        const forged = await signDevToken(otherKey, { kind: 'officer', ...OFFICER_A }, 3600);
        await expectProblem(await withAuthorization(`Bearer ${forged}`), 401, 'unauthenticated');
      });

      it('when the token has expired', async () => {
        const expired = await signDevToken(t.signingKey, { kind: 'officer', ...OFFICER_A }, -60);
        const problem = await expectProblem(await withAuthorization(`Bearer ${expired}`), 401, 'unauthenticated');
        expect(problem.detail).toContain('expired');
      });
    });
  });

  describe('the access policy over HTTP', () => {
    it('keeps an intake officer in Syd from starting an initial assessment on a Stockholm case (404, as for a case that is not there)', async () => {
      const caseNumber = newCaseNumber();
      await startDraft(t, asOfficer(t, OFFICER_A), caseNumber);
      const res = await asOfficer(t, INTAKE_SYD).post('/assessments', createBody(t, caseNumber));
      await expectProblem(res, 404, 'not-found');
      // The case keeps its region and its single assessment.
      const { items } = (await (await asOfficer(t, BOPS_STOCKHOLM).get(`/cases/${caseNumber}/assessments`)).json()) as { items: AssessmentBody[] };
      expect(items.map((a) => [a.officerId, a.region])).toEqual([[OFFICER_A.id, 'stockholm']]);
    });

    it('keeps another officer from answering or completing someone else’s draft (403)', async () => {
      const id = await startDraft(t, asOfficer(t, OFFICER_A));
      await expectProblem(await asOfficer(t, OFFICER_B).put(`/assessments/${id}/answers/vapen`, { value: 'ja' }), 403, 'forbidden');
      await expectProblem(await asOfficer(t, BOPS_STOCKHOLM).put(`/assessments/${id}/answers/vapen`, { value: 'ja' }), 403, 'forbidden');
      await expectProblem(await asOfficer(t, OFFICER_B).post(`/assessments/${id}/complete`), 403, 'forbidden');
    });

    it('decides an answer save or a read on the facts as they are now, not as the API remembers them', async () => {
      const caseNumber = newCaseNumber();
      const id = await startDraft(t, asOfficer(t, OFFICER_A), caseNumber);
      await expectStatus(await asOfficer(t, OFFICER_A).put(`/assessments/${id}/answers/vapen`, { value: 'nej' }), 204);
      expect((await asOfficer(t, BOPS_STOCKHOLM).get(`/assessments/${id}`)).status).toBe(200);
      // The case moves to Syd behind the API's back (the API remembers it in Stockholm): a
      // Stockholm officer may no longer change or read it — to them it is not there —, one in Syd may
      // read it, and nothing is stored.
      await t.server.database.query(`UPDATE cases SET region = 'syd' WHERE case_number = $1`, [caseNumber]);
      await expectProblem(await asOfficer(t, BOPS_STOCKHOLM).get(`/assessments/${id}`), 404, 'not-found');
      expect((await asOfficer(t, BOPS_SYD).get(`/assessments/${id}`)).status).toBe(200);
      await expectProblem(await asOfficer(t, OFFICER_A).put(`/assessments/${id}/answers/vapen`, { value: 'ja' }), 404, 'not-found');
      // Handed over to an intake officer in Syd: the remembered owner would refuse them; the facts of now let them.
      await t.server.database.query(`UPDATE assessments SET officer_id = $2 WHERE id = $1`, [id, INTAKE_SYD.id]);
      await expectStatus(await asOfficer(t, INTAKE_SYD).put(`/assessments/${id}/answers/dodshot`, { value: 'nej' }), 204);
      await expectProblem(await asOfficer(t, OFFICER_A).put(`/assessments/${id}/answers/dodshot`, { value: 'ja' }), 404, 'not-found');
      expect(answersOf(await readAs(t, INTAKE_SYD, id))).toEqual({ vapen: { value: 'nej', rationale: null }, dodshot: { value: 'nej', rationale: null } });
    });

    it('lets a Bops officer of the same region read, and answers one of another region as for an assessment that is not there, audited', async () => {
      const id = await completedAssessment(t, asOfficer(t, OFFICER_A));
      expect((await asOfficer(t, BOPS_STOCKHOLM).get(`/assessments/${id}`)).status).toBe(200);
      const missing = await expectProblem(await asOfficer(t, BOPS_SYD).get(`/assessments/${randomUUID()}`), 404, 'not-found');
      // Every route of the assessment by its id: the same answer as for one nobody made.
      for (const [method, path, body] of [
        ['get', `/assessments/${id}`],
        ['get', `/assessments/${id}/document`],
        ['post', `/assessments/${id}/document-link`],
        ['get', `/assessments/${id}/reviews`],
        ['get', `/assessments/${id}/review-basis`],
        ['post', `/assessments/${id}/reviews`, { verdict: 'agree' }],
        ['put', `/assessments/${id}/reviews/${randomUUID()}/reason`, { reason: 'Fiktivt exempel.' }],
        ['post', `/assessments/${id}/pack-version`, { version: '1.1.0', move: false }],
        ['put', `/assessments/${id}/answers/vapen`, { value: 'ja' }],
        ['post', `/assessments/${id}/complete`],
        ['post', `/assessments/${id}/discard`, { reason: 'Fiktivt exempel.' }],
        ['get', `/assessments/${id}/audit`],
      ] as const) {
        const client = asOfficer(t, BOPS_SYD);
        const res = method === 'get' ? await client.get(path) : method === 'put' ? await client.put(path, body) : await client.post(path, body);
        const problem = await expectProblem(res, 404, 'not-found');
        expect({ path, detail: problem.detail }).toEqual({ path, detail: missing.detail });
      }
      const denied = await t.server.database.query<{ detail: { answeredAs: string } }>(`SELECT detail FROM audit_log WHERE action = 'access.denied' AND actor_id = $1 AND entity_id = $2`, [BOPS_SYD.id, id]);
      expect(denied.rows.length).toBeGreaterThanOrEqual(12);
      expect(denied.rows.every((r) => r.detail.answeredAs === 'not-found')).toBe(true);
    });

    it('lets a specialist read nationally', async () => {
      const id = await completedAssessment(t, asOfficer(t, OFFICER_A));
      const read = await asOfficer(t, SPECIALIST_NORD).get(`/assessments/${id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id, region: 'stockholm' });
    });

    it('keeps an analyst, and another intake officer, from reading an assessment (403)', async () => {
      const id = await completedAssessment(t, asOfficer(t, OFFICER_A));
      await expectProblem(await asOfficer(t, ANALYST).get(`/assessments/${id}`), 403, 'forbidden');
      await expectProblem(await asOfficer(t, OFFICER_B).get(`/assessments/${id}`), 403, 'forbidden');
    });

    it('gives the audit trail to an auditor only', async () => {
      const id = await completedAssessment(t, asOfficer(t, OFFICER_A));
      for (const officer of [OFFICER_A, BOPS_STOCKHOLM, SPECIALIST_NORD]) {
        await expectProblem(await asOfficer(t, officer).get(`/assessments/${id}/audit`), 403, 'forbidden');
      }
      await expectProblem(await viaBot(t, OFFICER_A.id).get(`/assessments/${id}/audit`), 403, 'forbidden');
      expect((await auditTrail(t, id)).length).toBeGreaterThan(0);
    });

    it('records each read of the audit trail as audit.read by the auditor, seen in the next read', async () => {
      const id = await completedAssessment(t, asOfficer(t, OFFICER_A));
      const first = await auditTrail(t, id);
      expect(first.some((row) => row.action === 'audit.read')).toBe(false);
      const second = await auditTrail(t, id);
      expect(second.slice(0, first.length)).toEqual(first);
      expect(second.slice(first.length)).toEqual([auditorsRead(first)]);
    });

    it('shows an intake officer only their own assessments of a case, and Bops all of them', async () => {
      const caseNumber = newCaseNumber();
      const own = await startDraft(t, asOfficer(t, OFFICER_A), caseNumber);
      const others = await startDraft(t, asOfficer(t, OFFICER_B), caseNumber);
      const list = async (officer: TestOfficer) => {
        const res = await asOfficer(t, officer).get(`/cases/${caseNumber}/assessments`);
        expect(res.status).toBe(200);
        return ((await res.json()) as { items: AssessmentBody[] }).items.map((a) => a.id).sort();
      };
      expect(await list(OFFICER_A)).toEqual([own]);
      expect(await list(BOPS_STOCKHOLM)).toEqual([own, others].sort());
      // Another region is not told the case exists: a 404, as for a case nobody made.
      await expectProblem(await asOfficer(t, BOPS_SYD).get(`/cases/${caseNumber}/assessments`), 404, 'not-found');
    });
  });

  describe('a refused request stores nothing', () => {
    it('leaves the answers as they were after a refused answer, and the audit trail gains only the refusal', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await startDraft(t, officer);
      await expectStatus(await officer.put(`/assessments/${id}/answers/vapen`, { value: 'nej' }), 204);
      const trailBefore = await auditTrail(t, id);

      await expectProblem(await officer.put(`/assessments/${id}/answers/vapen`, { value: 'kanske' }), 422, 'invalid-answer');
      await expectProblem(await officer.put(`/assessments/${id}/answers/beslut`, { value: 'remittera' }), 422, 'invalid-answer');
      await expectProblem(await officer.put(`/assessments/${id}/answers/okand_fraga`, { value: 'ja' }), 422, 'invalid-answer');
      await expectProblem(await officer.put(`/assessments/${id}/answers/vapen`, { value: 42 }), 400, 'validation');
      await expectProblem(await asOfficer(t, OFFICER_B).put(`/assessments/${id}/answers/vapen`, { value: 'ja' }), 403, 'forbidden');

      // The attempt is logged (access.denied), nothing of it is stored.
      expect(await auditTrail(t, id)).toEqual([
        ...trailBefore,
        auditorsRead(trailBefore),
        expect.objectContaining({ actorId: OFFICER_B.id, action: 'access.denied', detail: { attemptedAction: 'assessment.answer', reason: 'not_owner', answeredAs: 'forbidden' } }),
      ]);
      expect(answersOf(await readAs(t, OFFICER_A, id))).toEqual({ vapen: { value: 'nej', rationale: null } });
    });

    it('leaves a completed assessment as it was after a refused change', async () => {
      const officer = asOfficer(t, OFFICER_A);
      const id = await completedAssessment(t, officer);
      const trailBefore = await auditTrail(t, id);
      await expectProblem(await officer.put(`/assessments/${id}/answers/vapen`, { value: 'ja' }), 409, 'not-draft');
      expect(await auditTrail(t, id)).toEqual([...trailBefore, auditorsRead(trailBefore)]);
      expect(answersOf(await readAs(t, OFFICER_A, id)).vapen).toEqual({ value: ANSWERS.vapen, rationale: null });
    });

    it('creates no case when creation is refused', async () => {
      const caseNumber = newCaseNumber();
      await expectProblem(await asOfficer(t, ANALYST).post('/assessments', createBody(t, caseNumber)), 403, 'forbidden');
      const body = createBody(t, caseNumber);
      await expectProblem(await asOfficer(t, OFFICER_A).post('/assessments', { ...body, pack: { ...body.pack, hash: '0'.repeat(64) } }), 409, 'pack-mismatch');
      await expectProblem(await asOfficer(t, BOPS_STOCKHOLM).get(`/cases/${caseNumber}/assessments`), 404, 'not-found');
    });
  });

  describe('routing and probes', () => {
    it('answers an unknown route under /api/v1 with a 404 problem', async () => {
      await expectProblem(await asOfficer(t, OFFICER_A).get('/no-such-route'), 404, 'not-found');
      await expectProblem(await asOfficer(t, OFFICER_A).post('/assessments/x/y/z', {}), 404, 'not-found');
    });

    it('answers an unknown route outside the API with a 404 problem', async () => {
      await expectProblem(await fetch(`${t.server.url}/no-such-route`), 404, 'not-found');
    });

    it('reports itself alive on /healthz', async () => {
      const res = await fetch(`${t.server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'alive' });
    });

    it('reports itself ready on /readyz with postgres up', async () => {
      const res = await fetch(`${t.server.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ready', components: { postgres: { status: 'up', engine } } });
    });
  });
});
