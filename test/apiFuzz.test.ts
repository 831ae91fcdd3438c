// fast-check fuzzing of every API endpoint over real HTTP, on PostgreSQL and
// PGlite (issue 7, item 7): malformed bodies, headers, ids, query strings and
// tokens are always answered with a 4xx problem, never a 5xx, and nothing is
// stored — every table holds exactly as many rows afterwards as before.
// Every generated request is wrong in at least one respect, so any success
// would itself be a finding. Officers and case numbers are fictitious.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { API_OPERATIONS, OPENAPI_PATH } from '../api/apiOperations.js';
import { signDevToken } from '../api/tokenVerifier.js';
import { fuzzRuns } from './fuzzRuns.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';
import { tableContents, withoutAuditTrail } from './tableContents.js';

const INTAKE: TestOfficer = { id: 'officer-fuzz-a', roles: ['intake_officer'], region: 'stockholm' };
const BOPS: TestOfficer = { id: 'officer-fuzz-b', roles: ['bops_officer'], region: 'stockholm' };
const CASE_NUMBER = '1800-K000001-26';
// Cases per property: FUZZ_RUNS (test/fuzzRuns.ts); CI sets it so the fuzz tests run over 10,000 cases.
const RUNS = fuzzRuns(120);

/** Operations a fuzzed request can aim at: all but the public document, which rightly answers 200 to anyone. */
const OPERATIONS = API_OPERATIONS.filter((op) => op.path !== OPENAPI_PATH);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Text for path segments: arbitrary, path tricks, malformed percent-encoding, very long. */
const segment = fc.oneof(
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom('..', '%2e%2e', '%ZZ', '%', '%00', '%C0%AF', 'a'.repeat(1500), '00000000-0000-0000-0000-000000000000', 'null', '-1', '1e309', '%20'),
  fc.uuid().map((u) => u.toUpperCase()),
);

/** JSON bodies that are wrong for `schema`, raw non-JSON text, and odd bytes. */
const bodyFailing = (accepts: (value: unknown) => boolean) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).filter((v) => !accepts(v)).map((v) => JSON.stringify(v)),
    fc.dictionary(fc.constantFrom('value', 'rationale', 'caseNumber', 'level', 'pack', 'instrumentId', 'region', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 2 }))
      .filter((v) => !accepts(v))
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('', '{', '{"value":', 'null', '[]', '"text"', '{"value":"ja"}{"value":"nej"}', '\u0000', '{"__proto__":{"polluted":true}}', `{"value":"${'x'.repeat(70000)}"}`),
    fc.uint8Array({ maxLength: 100 }),
  );

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
);

describe.each(DATABASE_ENGINES)('fuzzing every endpoint on %s', (engine) => {
  let t: TestServer;
  let assessmentId = '';
  const valid = { intake: '', bops: '', service: '' };

  /**
   * Every table but the audit trail, plus the audit rows that are not refusals: a refused request is
   * recorded ('access.denied', e.g. a Bops officer's GET /shares/{uuid}, which only investigators may
   * read), and that record is the one write a refusal may make.
   */
  const contents = async () => {
    const { rows } = await t.server.database.query<{ n: number; digest: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(a::text), ',' ORDER BY md5(a::text)), '')) AS digest FROM audit_log a WHERE action <> 'access.denied'`,
    );
    return { ...withoutAuditTrail(await tableContents(t.server.database)), audit_log_but_refusals: { rows: rows[0]!.n, digest: rows[0]!.digest } };
  };

  beforeAll(async () => {
    t = await startTestServer({ engine });
    valid.intake = await t.officerToken(INTAKE);
    valid.bops = await t.officerToken(BOPS);
    valid.service = await t.serviceToken();
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const res = await t.api('/assessments', {
      method: 'POST',
      headers: { authorization: `Bearer ${valid.intake}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseNumber: CASE_NUMBER, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }),
    });
    expect(res.status).toBe(201);
    assessmentId = ((await res.json()) as { id: string }).id;
  }, 180_000);
  afterAll(() => t?.close());

  /** Real ids for path parameters, so a request gets past "not found" to what is wrong with it. */
  const realParam = (name: string): string =>
    ({ id: assessmentId, itemId: 'hotbildsfraga', caseNumber: CASE_NUMBER, officerId: BOPS.id })[name] ?? assessmentId;

  const fillPath = (template: string, param: (name: string) => string) => template.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => param(name));

  /** Sends a request; undefined when fetch itself refuses it (e.g. a header value it cannot send), which never reaches the server. */
  const send = async (request: FuzzRequest): Promise<{ status: number; contentType: string | null; text: string } | undefined> => {
    let res: Response;
    try {
      res = await t.api(request.path, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) });
    } catch (err) {
      if (err instanceof TypeError && !/fetch failed/.test(err.message)) return undefined;
      throw err;
    }
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  };

  /**
   * Runs the property and checks that no request was answered outside 4xx and that nothing was stored —
   * no row added, removed or changed. Requests fetch itself would not send are counted and reported, and
   * may be only a small share: a fuzz mostly refused by the client tests nothing.
   */
  const fuzz = async (requests: fc.Arbitrary<FuzzRequest>) => {
    const before = await contents();
    const answered: number[] = [];
    let refusedByClient = 0;
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const res = await send(request);
        if (!res) {
          refusedByClient++;
          return;
        }
        answered.push(res.status);
        expect({ status: res.status, request: { ...request, body: String(request.body).slice(0, 200) }, answer: res.text.slice(0, 300) }).toMatchObject({
          status: expect.toSatisfy((s: number) => s >= 400 && s < 500),
        });
        if (request.method !== 'HEAD') expect(res.contentType).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: RUNS },
    );
    expect(await contents()).toEqual(before);
    console.info(`[apiFuzz ${engine}] ${answered.length} requests answered, ${refusedByClient} refused by the client before sending`);
    expect(refusedByClient).toBeLessThanOrEqual(answered.length / 10);
    return answered;
  };

  it('refuses every endpoint with bad credentials: missing, garbage, foreign-signed, alg none, expired, wrong scheme', async () => {
    const badAuthorization = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 100 }),
      fc.string({ maxLength: 200 }).map((s) => `Bearer ${s}`),
      fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 60 })).map((parts) => `Bearer ${parts.join('.')}`),
      fc.constant(`Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: BOPS.id, roles: ['bops_officer'], region: 'stockholm', iss: 'urn:bops:dev-issuer', aud: 'urn:bops:api', exp: 4102444800 })}.`),
      fc.constant('foreign').map(() => 'foreign'),
      fc.constant('expired'),
      fc.constant(`Basic ${Buffer.from('officer:secret').toString('base64')}`),
    );
    const foreignKey = { ...t.signingKey, secret: new Uint8Array(randomBytes(32)) };
    const foreign = await signDevToken(foreignKey, { kind: 'officer', ...BOPS }, 3600);
    const expired = await signDevToken(t.signingKey, { kind: 'officer', ...BOPS }, -3600);
    const requests = fc
      .record({
        op: fc.constantFrom(...OPERATIONS),
        realIds: fc.boolean(),
        ids: fc.array(segment, { minLength: 3, maxLength: 3 }),
        authorization: badAuthorization,
        body: fc.option(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), { nil: undefined }),
      })
      .map(({ op, realIds, ids, authorization, body }): FuzzRequest => {
        let i = 0;
        const auth = authorization === 'foreign' ? `Bearer ${foreign}` : authorization === 'expired' ? `Bearer ${expired}` : authorization;
        // fetch sends no body with a GET: such a request would never reach the server.
        if (op.method === 'get') body = undefined;
        return {
          method: op.method.toUpperCase(),
          path: fillPath(op.path, (name) => (realIds ? realParam(name) : ids[i++ % 3]!)),
          headers: { ...(auth === undefined ? {} : { authorization: auth }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body }),
        };
      });
    const statuses = await fuzz(requests);
    expect(statuses).toContain(401);
  }, 120_000);

  it('refuses malformed bodies and content types on every endpoint that takes a body, with real ids and a valid token', async () => {
    const withBody = OPERATIONS.filter((op) => op.body);
    const requests = fc
      .record({
        op: fc.constantFrom(...withBody),
        officer: fc.constantFrom('intake', 'bops') as fc.Arbitrary<'intake' | 'bops'>,
        contentType,
        seed: fc.nat(),
      })
      .chain(({ op, officer, contentType, seed }) =>
        bodyFailing((v) => op.body!.safeParse(v).success).map(
          (body): FuzzRequest => ({
            method: op.method.toUpperCase(),
            path: fillPath(op.path, realParam),
            headers: { authorization: `Bearer ${valid[officer]}`, ...(contentType ? { 'content-type': contentType } : {}), ...(seed % 3 === 0 ? { [PURPOSE_HEADER]: 'fuzz' } : {}) },
            body,
          }),
        ),
      );
    const statuses = await fuzz(requests);
    expect(statuses).toEqual(expect.arrayContaining([400]));
  }, 120_000);

  it('refuses malformed ids, unknown paths and wrong methods with a valid token', async () => {
    const requests = fc.oneof(
      fc.record({ op: fc.constantFrom(...OPERATIONS.filter((op) => op.path.includes(':'))), ids: fc.array(segment, { minLength: 3, maxLength: 3 }) }).map(({ op, ids }): FuzzRequest => {
        let i = 0;
        return {
          method: op.method.toUpperCase(),
          path: fillPath(op.path, () => ids[i++]!),
          headers: { authorization: `Bearer ${valid.bops}`, [PURPOSE_HEADER]: 'fuzz' },
        };
      }),
      fc.record({ method: fc.constantFrom(...METHODS), segments: fc.array(segment, { minLength: 1, maxLength: 4 }) }).map(
        ({ method, segments }): FuzzRequest => ({ method, path: `/${segments.join('/')}`, headers: { authorization: `Bearer ${valid.bops}` } }),
      ),
      // A known path with a method it does not serve.
      fc.record({ op: fc.constantFrom(...OPERATIONS), method: fc.constantFrom(...METHODS) })
        .filter(({ op, method }) => !OPERATIONS.some((o) => o.path === op.path && o.method.toUpperCase() === method))
        .map(({ op, method }): FuzzRequest => ({ method, path: fillPath(op.path, realParam), headers: { authorization: `Bearer ${valid.bops}` } })),
    );
    // Only ids that do not exist: a real id with a valid token would rightly be served.
    const statuses = await fuzz(requests.filter((r) => !r.path.includes(assessmentId) || r.method === 'DELETE' || r.method === 'PATCH'));
    expect(statuses).toContain(404);
  }, 120_000);

  it('refuses malformed headers and query strings: purpose, on-behalf-of, If-Match, Idempotency-Key, paging', async () => {
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const createBody = JSON.stringify({ caseNumber: '1800-K000002-26', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } });
    const badPurpose = fc.oneof(fc.constantFrom('', '   ', '\t'), fc.string({ minLength: 201, maxLength: 400 }).filter((s) => s.trim().length > 200));
    // As with the keys below, HTTP trims a header value: ' -' arrives as the valid id '-'.
    const badOfficerId = fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }).filter((s) => !/^[A-Za-z0-9:._@-]{1,128}$/.test(s.trim())), fc.constant('officer-not-provisioned-' + 'x'.repeat(120)));
    // HTTP trims a header value's surrounding whitespace, so what counts is the trimmed value.
    const badKey = fc
      .oneof(fc.constant(''), fc.string({ minLength: 256, maxLength: 300 }), fc.string({ maxLength: 20 }))
      .filter((s) => !/^[\x21-\x7e]{1,255}$/.test(s.trim()));
    const staleTag = fc.oneof(fc.constantFrom('"v0"', '"v2"', 'W/"v1"', '"1"', 'v1', '""', '"v1', 'garbage'), fc.string({ maxLength: 30 }).filter((s) => s.trim() !== '*' && !/"v1"/.test(s) && s.trim() !== ''));
    const badQuery = fc.oneof(
      fc.constantFrom('limit=0', 'limit=-1', 'limit=101', 'limit=1.5', 'limit=abc', 'limit=1&limit=2', 'cursor=', 'cursor=%25', 'cursor=eyJ0IjoiMSJ9', 'x=1', 'limit[]=1'),
      fc.string({ minLength: 1, maxLength: 60 }).map((s) => `cursor=${encodeURIComponent(s)}`).filter((q) => !/^cursor=[A-Za-z0-9_-]+$/.test(q)),
    );
    const answer = `/assessments/${assessmentId}/answers/hotbildsfraga`;
    const auth = { authorization: `Bearer ${valid.intake}` };
    const json = { 'content-type': 'application/json' };
    const requests = fc.oneof(
      badPurpose.map((purpose): FuzzRequest => ({ method: 'PUT', path: answer, headers: { ...auth, ...json, [PURPOSE_HEADER]: purpose }, body: '{"value":"ja"}' })),
      badPurpose.map((purpose): FuzzRequest => ({ method: 'GET', path: `/assessments/${assessmentId}`, headers: { ...auth, [PURPOSE_HEADER]: purpose } })),
      badOfficerId.map((officer): FuzzRequest => ({ method: 'GET', path: `/assessments/${assessmentId}`, headers: { authorization: `Bearer ${valid.service}`, [ON_BEHALF_OF_HEADER]: officer } })),
      fc.constant<FuzzRequest>({ method: 'PUT', path: answer, headers: { authorization: `Bearer ${valid.service}`, ...json }, body: '{"value":"ja"}' }),
      staleTag.map((tag): FuzzRequest => ({ method: 'PUT', path: answer, headers: { ...auth, ...json, 'if-match': tag }, body: '{"value":"ja"}' })),
      staleTag.map((tag): FuzzRequest => ({ method: 'POST', path: `/assessments/${assessmentId}/complete`, headers: { ...auth, 'if-match': tag } })),
      badKey.map((key): FuzzRequest => ({ method: 'POST', path: '/assessments', headers: { ...auth, ...json, 'idempotency-key': key }, body: createBody })),
      badQuery.map((query): FuzzRequest => ({ method: 'GET', path: `/cases/${CASE_NUMBER}/assessments?${query}`, headers: auth })),
      fc.constantFrom('gzip', 'deflate', 'br', 'identity, gzip', 'x-unknown').map(
        (encoding): FuzzRequest => ({ method: 'PUT', path: answer, headers: { ...auth, ...json, 'content-encoding': encoding }, body: 'not compressed' }),
      ),
    );
    const statuses = await fuzz(requests);
    expect(statuses).toEqual(expect.arrayContaining([400, 412]));
  }, 120_000);
});
