// The API with Entra ID configured, over real HTTP on PostgreSQL and PGlite:
// the tenant's key set is served from a loopback server with keys made here;
// a provisioned officer's Entra token works, an unprovisioned officer is told
// so, a dev-signed officer token is refused, and the in-process bot still acts
// for officers with its own service token. Ids are random, cases fictitious.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_BEHALF_OF_HEADER } from '../api/assessmentContract.js';
import { entraIssuer } from '../api/entraTokenVerifier.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestServer } from './testServer.js';

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

const officerToken = (oid: string, roles: string[]) =>
  new SignJWT({ oid, tid: TENANT, scp: 'access_as_user', roles })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(entraIssuer(TENANT))
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);

let serial = 0;
const newCaseNumber = () => `1700-K${String(++serial).padStart(6, '0')}-26`;

describe.each(DATABASE_ENGINES)('API with Entra ID on %s', (engine) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ engine, env: { ENTRA_TENANT_ID: TENANT, API_AUDIENCE: AUDIENCE, ENTRA_JWKS_URL: jwksUrl } });
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
});
