// The API with Entra ID configured, over real HTTP on PostgreSQL and PGlite:
// the tenant's key set is served from a loopback server with keys made here;
// a provisioned officer's Entra token works, an unprovisioned officer is told
// so, a dev-signed officer token is refused, and the in-process bot still acts
// for officers with its own service token. Bot authentication is on (as in
// production), so the API has no dev officer to fall back on. Refusing an
// officer who is not provisioned or is deactivated — by their token or by the
// bot acting for them — writes one 'access.denied' row naming the officer; a
// 401 writes nothing. Ids are random, cases fictitious.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSTATED_PURPOSE } from '../api/accessDenialAudit.js';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { verifyAuditChain } from '../api/auditChainVerifier.js';
import { entraIssuer } from '../api/entraTokenVerifier.js';
import { tableRowCounts } from './tableRowCounts.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { BOT_SERVICE_ID, startTestServer, type TestServer } from './testServer.js';

const TENANT = randomUUID();
const AUDIENCE = `api://${randomUUID()}`;
const OFFICER_OID = randomUUID();

let jwks: Server;
let jwksUrl: string;
let key: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  const body = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  jwks = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(body));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`;
});
afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

/** An officer's Entra token; `expiresAt` (epoch seconds) makes an expired one. */
const officerToken = (oid: string, roles: string[], expiresAt: number | string = '10m') =>
  new SignJWT({ oid, tid: TENANT, scp: 'access_as_user', roles })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(entraIssuer(TENANT))
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);

/** The row an officer refused at authentication leaves: the officer named, the carrier, no entity, no action tried. */
const unknownOfficerRow = (officerId: string, viaId: string | null, purpose: string) => ({
  actor_id: officerId,
  via_id: viaId,
  action: 'access.denied',
  entity_type: null,
  entity_id: null,
  purpose,
  detail: { attemptedAction: null, reason: 'officer_not_provisioned', answeredAs: 'unknown-officer' },
});

let serial = 0;
const newCaseNumber = () => `1700-K${String(++serial).padStart(6, '0')}-26`;

describe.each(DATABASE_ENGINES)('API with Entra ID on %s', (engine) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      engine,
      env: { ENTRA_TENANT_ID: TENANT, API_AUDIENCE: AUDIENCE, ENTRA_JWKS_URL: jwksUrl, MicrosoftAppId: '00000000-0000-4000-8000-00000000b075', HOST: '127.0.0.1' },
    });
    await t.server.database.query('INSERT INTO officers (id, region, roles, entra_object_id) VALUES ($1, $2, $3, $4::uuid)', [OFFICER_OID, 'ost', ['bops_officer'], OFFICER_OID]);
  });
  afterAll(() => t?.close());

  const post = (token: string, path: string, body: unknown, extra: Record<string, string> = {}) =>
    t.api(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) });

  it('lets a provisioned officer act with their Entra token, in the region the API knows for them', async () => {
    const res = await post(await officerToken(OFFICER_OID, ['bops_officer']), '/cases', { caseNumber: newCaseNumber() });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ region: 'ost' });
  });

  it('tells an unprovisioned officer so, and refuses a dev-signed officer token', async () => {
    const unknown = await post(await officerToken(randomUUID(), ['bops_officer']), '/cases', { caseNumber: newCaseNumber() });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ type: 'urn:bops:problem:unknown-officer' });
    const dev = await post(await t.officerToken({ id: OFFICER_OID, roles: ['specialist'], region: 'ost' }), '/cases', { caseNumber: newCaseNumber() });
    expect(dev.status).toBe(401);
  });

  it('still accepts the in-process bot acting for a provisioned officer', async () => {
    const res = await post(await t.serviceToken(), '/cases', { caseNumber: newCaseNumber() }, { [ON_BEHALF_OF_HEADER]: OFFICER_OID });
    expect(res.status).toBe(201);
  });

  const lastAuditId = async () => (await t.server.database.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_log')).rows[0]!.id;
  const auditRowsAfter = async (id: string) =>
    (await t.server.database.query('SELECT actor_id, via_id, action, entity_type, entity_id, purpose, detail FROM audit_log WHERE id > $1 ORDER BY id', [id])).rows;

  /** Sends a request that must be answered `status`, and returns the audit rows it wrote; nothing else may be stored. */
  const auditOf = async (send: () => Promise<Response>, status: number) => {
    const counts = await tableRowCounts(t.server.database);
    const since = await lastAuditId();
    const res = await send();
    expect({ status: res.status, body: await res.text() }).toMatchObject({ status });
    const rows = await auditRowsAfter(since);
    expect(await tableRowCounts(t.server.database)).toEqual({ ...counts, audit_log: counts['audit_log']! + rows.length });
    return rows;
  };

  it('audits the refusal of a valid token of an officer who is not provisioned as one access.denied row naming the officer', async () => {
    const oid = randomUUID();
    const rows = await auditOf(async () => post(await officerToken(oid.toUpperCase(), ['bops_officer']), '/cases', { caseNumber: newCaseNumber() }, { [PURPOSE_HEADER]: 'ny anmälan' }), 403);
    // The id as the API stores officers (lower case): the row names the officer a later provisioning would.
    expect(rows).toEqual([unknownOfficerRow(oid, null, 'ny anmälan')]);
  });

  it('audits the refusal of a deactivated officer the same way', async () => {
    const oid = randomUUID();
    await t.server.database.query('INSERT INTO officers (id, region, roles, entra_object_id) VALUES ($1, $2, $3, $4::uuid)', [oid, 'ost', ['bops_officer'], oid]);
    const token = await officerToken(oid, ['bops_officer']);
    expect((await post(token, '/cases', { caseNumber: newCaseNumber() })).status).toBe(201);
    await t.server.database.query('UPDATE officers SET active = false WHERE id = $1', [oid]);
    const rows = await auditOf(async () => t.api(`/cases/${newCaseNumber()}`, { headers: { authorization: `Bearer ${token}` } }), 403);
    expect(rows).toEqual([unknownOfficerRow(oid, null, UNSTATED_PURPOSE)]);
  });

  it('audits the bot acting for an officer who is not provisioned, naming the bot as the carrier', async () => {
    const oid = randomUUID();
    const rows = await auditOf(async () => post(await t.serviceToken(), '/cases', { caseNumber: newCaseNumber() }, { [ON_BEHALF_OF_HEADER]: oid }), 403);
    expect(rows).toEqual([unknownOfficerRow(oid, BOT_SERVICE_ID, UNSTATED_PURPOSE)]);
  });

  it('audits no 401: a request that is not authenticated names no one the log could trust', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const forged = await new SignJWT({ oid: randomUUID(), tid: TENANT, scp: 'access_as_user', roles: ['bops_officer'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(entraIssuer(TENANT))
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(stranger);
    const expired = await officerToken(randomUUID(), ['bops_officer'], Math.floor(Date.now() / 1000) - 3600);
    const body = { caseNumber: newCaseNumber() };
    const attempts: [string, () => Promise<Response>][] = [
      ['no token', () => t.api('/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })],
      ['a malformed header', () => t.api('/cases', { method: 'POST', headers: { authorization: 'Bearer !', 'content-type': 'application/json' }, body: JSON.stringify(body) })],
      ['garbage', () => post('not.a.token.at.all', '/cases', body)],
      ['a forged signature', () => post(forged, '/cases', body)],
      ['an expired token', () => post(expired, '/cases', body)],
      ['a dev-signed officer token', async () => post(await t.officerToken({ id: randomUUID(), roles: ['specialist'], region: 'ost' }), '/cases', body)],
      ['the bot naming no officer', async () => post(await t.serviceToken(), '/cases', body)],
      ['the bot naming a malformed officer id', async () => post(await t.serviceToken(), '/cases', body, { [ON_BEHALF_OF_HEADER]: 'not an id' })],
    ];
    for (const [what, send] of attempts) expect(await auditOf(send, 401), what).toEqual([]);
  });

  it('keeps the hash chain intact with the refusals in it', async () => {
    const { rows } = await t.server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE detail->>'reason' = 'officer_not_provisioned'`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(4);
    expect(await verifyAuditChain(t.server.database)).toMatchObject({ ok: true });
  });
});
