// The dev-mode token verifier: a token must expire, within a day of being
// issued; an officer's token is checked against the officer directory on
// every request — a deactivated officer is refused at once; an active one acts
// with the roles and region of the officers table whatever the token claims,
// and only one never provisioned, or provisioned by dev mode as its stand-in,
// with those the token names (dev mode's zero-config trying out of roles). Ids are fictitious.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { DevSigningKey } from './devSigningKey.js';
import type { OfficerRegistry, RegisteredOfficer } from './officerDirectory.js';
import { API_AUDIENCE, createDevTokenVerifier, DEV_ISSUER, signDevToken, TokenError, UnknownOfficerTokenError, type TokenVerifier } from './tokenVerifier.js';

const KEY: DevSigningKey = { kid: 'dev-spec', secret: new Uint8Array(32).fill(3) };

function registry(officers: Record<string, RegisteredOfficer>): OfficerRegistry & { active: (id: string, active: boolean) => void } {
  return {
    lookup: async (id) => officers[id],
    active: (id, active) => {
      officers[id] = { ...officers[id]!, active };
    },
  };
}

async function refusal(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (err) {
    if (err instanceof UnknownOfficerTokenError) return `unknown_officer:${err.officerId}`;
    if (err instanceof TokenError) return err.reason;
    throw err;
  }
  return 'accepted';
}

const hand = (claims: Record<string, unknown>, times: { iat?: number; exp?: number }) => {
  const jwt = new SignJWT({ roles: ['bops_officer'], region: 'syd', ...claims }).setProtectedHeader({ alg: 'HS256', kid: KEY.kid }).setSubject('officer-hand').setIssuer(DEV_ISSUER).setAudience(API_AUDIENCE);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(KEY.secret);
};

describe('dev token verifier', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a token without exp, without iat, or valid for more than a day', async () => {
    const verifier = createDevTokenVerifier(KEY, registry({}));
    expect(await refusal(verifier, await hand({}, { iat: now() }))).toBe('bad_claims');
    expect(await refusal(verifier, await hand({}, { exp: now() + 60 }))).toBe('bad_claims');
    expect(await refusal(verifier, await hand({}, { iat: now(), exp: now() + 24 * 3600 + 1 }))).toBe('bad_claims');
    expect(await refusal(verifier, await hand({}, { iat: now(), exp: now() + 24 * 3600 }))).toBe('accepted');
  });

  it('refuses a provisioned officer once deactivated, at once, though the token itself is remembered as verified', async () => {
    const officers = registry({ 'officer-prov': { officer: { id: 'officer-prov', roles: ['bops_officer'], region: 'nord' }, active: true, devStandIn: false } });
    const verifier = createDevTokenVerifier(KEY, officers);
    const token = await signDevToken(KEY, { kind: 'officer', id: 'officer-prov', roles: ['bops_officer'], region: 'nord' }, 600);
    expect(await verifier.verify(token)).toMatchObject({ kind: 'officer' });
    officers.active('officer-prov', false);
    expect(await refusal(verifier, token)).toBe('unknown_officer:officer-prov');
  });

  it('acts with the roles and region of the officers table for a provisioned officer, whatever the token claims', async () => {
    const verifier = createDevTokenVerifier(KEY, registry({ 'officer-prov': { officer: { id: 'officer-prov', roles: ['intake_officer'], region: 'ost' }, active: true, devStandIn: false } }));
    const claiming = await signDevToken(KEY, { kind: 'officer', id: 'officer-prov', roles: ['specialist', 'analyst'], region: 'syd' }, 600);
    expect(await verifier.verify(claiming)).toEqual({ kind: 'officer', officer: { id: 'officer-prov', roles: ['intake_officer'], region: 'ost' } });
  });

  it('acts with the roles and region the dev token names for an officer never provisioned, or one dev mode stood in for', async () => {
    const verifier = createDevTokenVerifier(KEY, registry({ 'officer-stand-in': { officer: { id: 'officer-stand-in', roles: ['bops_officer'], region: 'stockholm' }, active: true, devStandIn: true } }));
    const stranger = await signDevToken(KEY, { kind: 'officer', id: 'officer-fict', roles: ['specialist'], region: 'syd' }, 600);
    expect(await verifier.verify(stranger)).toEqual({ kind: 'officer', officer: { id: 'officer-fict', roles: ['specialist'], region: 'syd' } });
    const standIn = await signDevToken(KEY, { kind: 'officer', id: 'officer-stand-in', roles: ['analyst'], region: 'mitt' }, 600);
    expect(await verifier.verify(standIn)).toEqual({ kind: 'officer', officer: { id: 'officer-stand-in', roles: ['analyst'], region: 'mitt' } });
  });
});
