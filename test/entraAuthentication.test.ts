// The API in production mode (BOPS_MODE=production), over real HTTP on
// PostgreSQL, with Entra ID stood in for on loopback: a provisioned officer's
// Entra token works, an unprovisioned officer is told so, every token signed
// with the dev key is refused and the dev key is never even made, and the
// in-process bot acts for officers with an app-only token it gets from Entra
// with its own client credentials. Only provisioned officers exist. Refusing
// an officer who is not provisioned or is deactivated — by their token or by
// the bot acting for them — writes one 'access.denied' row naming the officer;
// a 401 writes nothing. Ids are random, cases fictitious.
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSTATED_PURPOSE } from '../api/accessDenialAudit.js';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { verifyAuditChain } from '../api/auditChainVerifier.js';
import { DEV_KEY_FILE, type DevSigningKey } from '../api/devSigningKey.js';
import { entraIssuer } from '../api/entraTokenVerifier.js';
import { signDevToken } from '../api/tokenVerifier.js';
import { entraServiceTokenProvider } from '../bot/entraServiceToken.js';
import { BOT_SERVICE_ID } from '../bot/serviceToken.js';
import { tableContents, withoutAuditTrail } from './tableContents.js';
import { startProductionTestServer, type ProductionTestServer } from './productionTestServer.js';

const OFFICER_OID = randomUUID();

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

describe('the API in production mode, with Entra ID', () => {
  let t: ProductionTestServer;
  /** An officer's Entra token; `lifetimeSeconds` below zero makes an expired one. */
  const officerToken = (oid: string, roles: string[], lifetimeSeconds?: number) => t.entra.officerToken(oid, roles, lifetimeSeconds);
  /** The bot's app-only token, as the in-process bot gets it from Entra. */
  const serviceToken = () => t.entra.appToken();
  /** A key like the one dev mode signs with: production must not take what it signs. */
  const devKey: DevSigningKey = { kid: 'dev', secret: new Uint8Array(32).fill(5) };

  beforeAll(async () => {
    t = await startProductionTestServer();
    await t.provision({ id: OFFICER_OID, roles: ['bops_officer'], region: 'ost' });
  }, 120_000);
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
    const dev = await post(await signDevToken(devKey, { kind: 'officer', id: OFFICER_OID, roles: ['specialist'], region: 'ost' }, 600), '/cases', { caseNumber: newCaseNumber() });
    expect(dev.status).toBe(401);
  });

  it('refuses the dev-signed service token, and never makes the dev key at all', async () => {
    const res = await post(await signDevToken(devKey, { kind: 'service', id: BOT_SERVICE_ID }, 600), '/cases', { caseNumber: newCaseNumber() }, { [ON_BEHALF_OF_HEADER]: OFFICER_OID });
    expect(res.status).toBe(401);
    expect(await readdir(t.dataDir)).not.toContain(DEV_KEY_FILE);
  });

  it('lets the in-process bot act for a provisioned officer with the app-only token it gets from Entra with its client credentials', async () => {
    const before = t.entra.tokensIssued();
    const provider = entraServiceTokenProvider({ tokenUrl: t.entra.tokenUrl, clientId: t.entra.app.id, clientSecret: t.entra.app.secret, scope: `${t.entra.audience}/.default` });
    const token = await provider();
    expect(await provider()).toBe(token);
    expect(t.entra.tokensIssued() - before).toBe(1);
    const res = await post(token, '/cases', { caseNumber: newCaseNumber() }, { [ON_BEHALF_OF_HEADER]: OFFICER_OID });
    expect(res.status).toBe(201);
    const wrongSecret = entraServiceTokenProvider({ tokenUrl: t.entra.tokenUrl, clientId: t.entra.app.id, clientSecret: 'fel', scope: `${t.entra.audience}/.default` });
    await expect(wrongSecret()).rejects.toMatchObject({ name: 'ServiceTokenError', reason: 'refused' });
  });

  const lastAuditId = async () => (await t.server.database.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_log')).rows[0]!.id;
  const auditRowsAfter = async (id: string) =>
    (await t.server.database.query('SELECT actor_id, via_id, action, entity_type, entity_id, purpose, detail FROM audit_log WHERE id > $1 ORDER BY id', [id])).rows;

  /** Sends a request that must be answered `status`, and returns the audit rows it wrote; nothing else may be stored. */
  const auditOf = async (send: () => Promise<Response>, status: number) => {
    const counts = await tableContents(t.server.database);
    const since = await lastAuditId();
    const res = await send();
    expect({ status: res.status, body: await res.text() }).toMatchObject({ status });
    const rows = await auditRowsAfter(since);
    const after = await tableContents(t.server.database);
    expect(withoutAuditTrail(after)).toEqual(withoutAuditTrail(counts));
    expect(after['audit_log']!.rows).toBe(counts['audit_log']!.rows + rows.length);
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
    await t.provision({ id: oid, roles: ['bops_officer'], region: 'ost' });
    const token = await officerToken(oid, ['bops_officer']);
    expect((await post(token, '/cases', { caseNumber: newCaseNumber() })).status).toBe(201);
    await t.server.database.query('UPDATE officers SET active = false WHERE id = $1', [oid]);
    const rows = await auditOf(async () => t.api(`/cases/${newCaseNumber()}`, { headers: { authorization: `Bearer ${token}` } }), 403);
    // Stating no purpose, recorded under the purpose of the operation the path names (reading a case).
    expect(rows).toEqual([unknownOfficerRow(oid, null, 'bops.case')]);
  });

  it('audits the bot acting for an officer who is not provisioned, naming the bot as the carrier', async () => {
    const oid = randomUUID();
    const rows = await auditOf(async () => post(await serviceToken(), '/cases', { caseNumber: newCaseNumber() }, { [ON_BEHALF_OF_HEADER]: oid }), 403);
    expect(rows).toEqual([unknownOfficerRow(oid, t.entra.app.id, 'bops.case')]);
    // On a path no operation has, no operation names a purpose.
    const unmatched = await auditOf(async () => t.api('/no-such-thing', { headers: { authorization: `Bearer ${await serviceToken()}`, [ON_BEHALF_OF_HEADER]: oid } }), 403);
    expect(unmatched).toEqual([unknownOfficerRow(oid, t.entra.app.id, UNSTATED_PURPOSE)]);
  });

  it('audits no 401: a request that is not authenticated names no one the log could trust', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const forged = await new SignJWT({ oid: randomUUID(), tid: t.entra.tenantId, scp: 'access_as_user', roles: ['bops_officer'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'stand-in-1' })
      .setIssuer(entraIssuer(t.entra.tenantId))
      .setAudience(t.entra.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(stranger);
    const expired = await officerToken(randomUUID(), ['bops_officer'], -3600);
    const body = { caseNumber: newCaseNumber() };
    const attempts: [string, () => Promise<Response>][] = [
      ['no token', () => t.api('/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })],
      ['a malformed header', () => t.api('/cases', { method: 'POST', headers: { authorization: 'Bearer !', 'content-type': 'application/json' }, body: JSON.stringify(body) })],
      ['garbage', () => post('not.a.token.at.all', '/cases', body)],
      ['a forged signature', () => post(forged, '/cases', body)],
      ['an expired token', () => post(expired, '/cases', body)],
      ['a dev-signed officer token', async () => post(await signDevToken(devKey, { kind: 'officer', id: randomUUID(), roles: ['specialist'], region: 'ost' }, 600), '/cases', body)],
      ['the bot naming no officer', async () => post(await serviceToken(), '/cases', body)],
      ['the bot naming a malformed officer id', async () => post(await serviceToken(), '/cases', body, { [ON_BEHALF_OF_HEADER]: 'not an id' })],
    ];
    for (const [what, send] of attempts) expect(await auditOf(send, 401), what).toEqual([]);
  });

  it('keeps the hash chain intact with the refusals in it', async () => {
    const { rows } = await t.server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE detail->>'reason' = 'officer_not_provisioned'`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(4);
    expect(await verifyAuditChain(t.server.database)).toMatchObject({ ok: true });
  });
});
