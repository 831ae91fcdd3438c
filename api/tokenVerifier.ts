// Verifies API bearer tokens. Dev mode: HS256 tokens signed with the local key
// in DATA_DIR (the bot's service token and `npm run dev-token`), each officer
// checked against the officer directory like any other token, so a
// deactivated officer is refused at once and one an administrator provisioned
// acts with the roles and region of their row, whatever the token claims. Entra ID tokens verified against the tenant's
// JWKS replace this in production. In every mode a token must expire, and
// within MAX_TOKEN_LIFETIME_SECONDS of being issued.
import { jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import { z } from 'zod';
import { officerIdSchema } from './idSchemas.js';
import { BOT_SERVICE_ROLE, officerRoleSchema, type OfficerRole } from './officerRoles.js';
import { policeRegionSchema, type PoliceRegion } from './policeRegions.js';
import type { DevSigningKey } from './devSigningKey.js';
import type { OfficerRegistry } from './officerDirectory.js';
import type { Principal } from './principal.js';
import { VerifiedTokenCache } from './verifiedTokenCache.js';

/** Entra's access tokens live 60–90 minutes (a day at most with continuous access evaluation); nothing valid longer is accepted. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export const DEV_ISSUER = 'urn:bops:dev-issuer';
export const API_AUDIENCE = 'urn:bops:api';

export interface TokenVerifier {
  /** Resolves the caller or throws TokenError; never returns a partial principal. */
  verify(token: string): Promise<Principal>;
}

export class TokenError extends Error {
  constructor(readonly reason: 'malformed' | 'expired' | 'bad_signature' | 'bad_claims' | 'unknown_officer' | 'keys_unavailable') {
    super(`token rejected: ${reason}`);
    this.name = 'TokenError';
  }
}

/**
 * A token whose signature and claims hold, naming an officer who is not
 * provisioned or is deactivated. It carries the officer id, which — unlike
 * anything in a token that failed verification — can be trusted to be the
 * one the issuer vouched for, so the refusal is audited under it.
 */
export class UnknownOfficerTokenError extends TokenError {
  constructor(readonly officerId: string) {
    super('unknown_officer');
    this.name = 'UnknownOfficerTokenError';
  }
}

// The subject becomes the actor of audit rows: an officer id as the API accepts one anywhere.
const claimsSchema = z.union([
  z.object({ sub: officerIdSchema, roles: z.tuple([z.literal(BOT_SERVICE_ROLE)]) }),
  z.object({ sub: officerIdSchema, roles: z.array(officerRoleSchema).min(1).max(10), region: policeRegionSchema }),
]);

/** Refuses a token that never expires, or is valid for longer than MAX_TOKEN_LIFETIME_SECONDS. */
export function checkTokenLifetime(payload: JWTPayload): JWTPayload {
  if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.exp - payload.iat > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new joseErrors.JWTClaimValidationFailed('the token must expire within a day of being issued', payload, 'exp', 'check_failed');
  }
  return payload;
}

/** Dev mode's verifier; `officers` says whether a token's officer was provisioned, and whether still active. */
export function createDevTokenVerifier(key: DevSigningKey, officers: OfficerRegistry): TokenVerifier {
  const verified = new VerifiedTokenCache();
  const checkSignature = async (token: string) =>
    checkTokenLifetime((await jwtVerify(token, key.secret, { issuer: DEV_ISSUER, audience: API_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp', 'iat'] })).payload);
  return {
    async verify(token) {
      let payload: unknown;
      try {
        payload = await verified.payload(token, checkSignature);
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new TokenError('expired');
        if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw new TokenError('bad_signature');
        if (err instanceof joseErrors.JWTClaimValidationFailed) throw new TokenError('bad_claims');
        throw new TokenError('malformed');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new TokenError('bad_claims');
      const c = claims.data;
      if (!('region' in c)) return { kind: 'service', id: c.sub };
      // Looked up on every request, after the cache: a deactivated officer is refused at once. For a
      // provisioned officer the officers table is the truth — what an administrator gave them, not what
      // a token minted on this machine claims; only an officer never provisioned, or one dev mode stood
      // in for (migration 101), acts with the roles and region the dev token names (zero-config trying
      // out of every role).
      const provisioned = await officers.lookup(c.sub);
      if (provisioned && !provisioned.active) throw new UnknownOfficerTokenError(c.sub);
      if (provisioned && !provisioned.devStandIn) return { kind: 'officer', officer: { id: provisioned.officer.id, roles: [...provisioned.officer.roles], region: provisioned.officer.region } };
      return { kind: 'officer', officer: { id: c.sub, roles: c.roles, region: c.region } };
    },
  };
}

export type DevTokenSubject =
  | { kind: 'officer'; id: string; roles: OfficerRole[]; region: PoliceRegion }
  | { kind: 'service'; id: string };

/** Signs a dev-mode token; lifetime in seconds. */
export async function signDevToken(key: DevSigningKey, subject: DevTokenSubject, lifetimeSeconds: number): Promise<string> {
  const claims = subject.kind === 'officer' ? { roles: subject.roles, region: subject.region } : { roles: [BOT_SERVICE_ROLE] };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: key.kid })
    .setSubject(subject.id)
    .setIssuer(DEV_ISSUER)
    .setAudience(API_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
    .sign(key.secret);
}
