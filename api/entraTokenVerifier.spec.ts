// Entra ID token verification against a tenant key set served from a loopback
// HTTP server, with keys generated here: issuer, audience, expiry, tenant,
// signature, app roles → officer roles, region from the provisioned officer,
// the bot's app-only identity, and the production choice that refuses officer
// tokens signed with the dev key. Tenant, app and object ids are random.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTokenVerifier } from './apiTokenVerifier.js';
import { loadOrCreateDevSigningKey, type DevSigningKey } from './devSigningKey.js';
import { createEntraTokenVerifier, entraIssuer } from './entraTokenVerifier.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { Officer } from './principal.js';
import { signDevToken, TokenError, type TokenVerifier } from './tokenVerifier.js';

const TENANT = randomUUID();
const AUDIENCE = `api://${randomUUID()}`;
const BOT_APP_ID = randomUUID();
const OFFICER_OID = randomUUID();
const UNPROVISIONED_OID = randomUUID();

const directory: OfficerDirectory = {
  async find(id) {
    const known: Officer = { id: OFFICER_OID, roles: ['intake_officer'], region: 'bergslagen' };
    return id === OFFICER_OID ? known : undefined;
  },
};

let server: Server;
let jwksUrl: string;
let jwksRequests = 0;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
const KID = 'test-key-1';
const servedKeys: JWK[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  servedKeys.push({ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' });
  server = createServer((req, res) => {
    jwksRequests += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: servedKeys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${TENANT}/discovery/v2.0/keys`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface TokenShape {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  expiresIn?: number;
  key?: CryptoKey;
  kid?: string;
}

/** A delegated (officer) token as Entra issues it, unless the shape says otherwise. */
function entraToken({ claims = {}, issuer = entraIssuer(TENANT), audience = AUDIENCE, expiresIn = 3600, key = signingKey, kid = KID }: TokenShape = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ oid: OFFICER_OID, tid: TENANT, scp: 'access_as_user', roles: ['bops_officer', 'specialist'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + expiresIn)
    .sign(key);
}

async function rejection(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (err) {
    if (err instanceof TokenError) return err.reason;
    throw err;
  }
  return 'accepted';
}

describe('Entra token verifier', () => {
  const verifier = () => createEntraTokenVerifier({ tenantId: TENANT, audience: AUDIENCE, jwksUrl, officers: directory });

  it('accepts an officer token: roles from the app roles, region from the provisioned officer', async () => {
    expect(await verifier().verify(await entraToken())).toEqual({
      kind: 'officer',
      officer: { id: OFFICER_OID, roles: ['bops_officer', 'specialist'], region: 'bergslagen' },
    });
  });

  it('ignores app roles it does not know but refuses a token with none of its own', async () => {
    expect(await verifier().verify(await entraToken({ claims: { roles: ['Task.Read', 'auditor'] } }))).toMatchObject({ officer: { roles: ['auditor'] } });
    expect(await rejection(verifier(), await entraToken({ claims: { roles: ['Task.Read'] } }))).toBe('bad_claims');
    expect(await rejection(verifier(), await entraToken({ claims: { roles: [] } }))).toBe('bad_claims');
  });

  it('refuses a wrong issuer, a wrong audience, another tenant, and an expired token', async () => {
    expect(await rejection(verifier(), await entraToken({ issuer: entraIssuer(randomUUID()) }))).toBe('bad_claims');
    expect(await rejection(verifier(), await entraToken({ audience: `api://${randomUUID()}` }))).toBe('bad_claims');
    expect(await rejection(verifier(), await entraToken({ claims: { tid: randomUUID() } }))).toBe('bad_claims');
    expect(await rejection(verifier(), await entraToken({ expiresIn: -3600 }))).toBe('expired');
  });

  it('refuses a token signed with a key the tenant did not publish, under its key id or another', async () => {
    expect(await rejection(verifier(), await entraToken({ key: strangerKey }))).toBe('bad_signature');
    expect(await rejection(verifier(), await entraToken({ key: strangerKey, kid: 'unknown-kid' }))).toBe('bad_signature');
  });

  it('refuses garbage and an unsigned token', async () => {
    expect(await rejection(verifier(), 'not.a.token')).toBe('malformed');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ oid: OFFICER_OID, tid: TENANT, roles: ['specialist'], scp: 'x' })).toString('base64url');
    expect(await rejection(verifier(), `${header}.${body}.`)).not.toBe('accepted');
  });

  it('knows a valid officer token of an officer who is not provisioned as such, naming the officer for the audit row', async () => {
    expect(await rejection(verifier(), await entraToken({ claims: { oid: UNPROVISIONED_OID } }))).toBe('unknown_officer');
    // Stored ids are lower case, so the audit row names the officer as a provisioned one would be named.
    await expect(verifier().verify(await entraToken({ claims: { oid: UNPROVISIONED_OID.toUpperCase() } }))).rejects.toEqual(
      expect.objectContaining({ name: 'UnknownOfficerTokenError', officerId: UNPROVISIONED_OID.toLowerCase() }),
    );
  });

  it('accepts the bot’s app-only token as the service, and no other app-only token', async () => {
    const app = (roles: string[]) => entraToken({ claims: { oid: randomUUID(), azp: BOT_APP_ID, roles, scp: undefined } });
    expect(await verifier().verify(await app(['bot_service']))).toEqual({ kind: 'service', id: BOT_APP_ID });
    expect(await rejection(verifier(), await app(['specialist']))).toBe('bad_claims');
  });

  it('fetches the key set once and reuses it', async () => {
    const v = verifier();
    const before = jwksRequests;
    for (let i = 0; i < 3; i++) await v.verify(await entraToken());
    expect(jwksRequests - before).toBe(1);
  });
});

describe('the API token verifier of each trust mode', () => {
  const devKey: DevSigningKey = { kid: 'dev-test', secret: new Uint8Array(32).fill(7) };
  const registry = { ...directory, lookup: async (id: string) => (id === OFFICER_OID ? { officer: (await directory.find(id))!, active: true, devStandIn: false } : undefined) };
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bops-trust-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));
  const production = () => createApiTokenVerifier({ mode: 'production', entra: { tenantId: TENANT, audience: AUDIENCE, issuer: undefined, jwksUrl } }, { dataDir, officers: registry });

  it('takes Entra tokens only in production: the officer’s and the bot’s app-only one', async () => {
    expect(await production().verify(await entraToken())).toMatchObject({ kind: 'officer' });
    const app = await entraToken({ claims: { scp: undefined, roles: ['bot_service'], azp: BOT_APP_ID } });
    expect(await production().verify(app)).toEqual({ kind: 'service', id: BOT_APP_ID });
  });

  it('refuses every token signed with the dev key in production, the bot’s service token included, and never reads the dev key', async () => {
    const devOfficer = await signDevToken(devKey, { kind: 'officer', id: OFFICER_OID, roles: ['specialist'], region: 'syd' }, 60);
    const devService = await signDevToken(devKey, { kind: 'service', id: 'bops-bot' }, 60);
    expect(await rejection(production(), devOfficer)).not.toBe('accepted');
    expect(await rejection(production(), devService)).not.toBe('accepted');
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('takes dev tokens alone in dev mode', async () => {
    const dev = createApiTokenVerifier({ mode: 'dev', devOfficer: { roles: ['intake_officer'], region: 'stockholm' } }, { dataDir, officers: registry });
    const key = loadOrCreateDevSigningKey(dataDir);
    const devOfficer = await signDevToken(key, { kind: 'officer', id: 'dev-officer', roles: ['specialist'], region: 'syd' }, 60);
    expect(await dev.verify(devOfficer)).toMatchObject({ kind: 'officer', officer: { id: 'dev-officer' } });
    expect(await rejection(dev, await entraToken())).not.toBe('accepted');
  });
});
