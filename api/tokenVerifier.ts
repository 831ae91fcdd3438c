// Verifies API bearer tokens. Dev mode: HS256 tokens signed with the local key
// in DATA_DIR (the bot's service token and `npm run dev-token`). Entra ID
// tokens verified against the tenant's JWKS replace this in production.
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { officerIdSchema } from './idSchemas.js';
import { BOT_SERVICE_ROLE, officerRoleSchema, type OfficerRole } from './officerRoles.js';
import { policeRegionSchema, type PoliceRegion } from './policeRegions.js';
import type { DevSigningKey } from './devSigningKey.js';
import type { Principal } from './principal.js';
import { VerifiedTokenCache } from './verifiedTokenCache.js';

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

export function createDevTokenVerifier(key: DevSigningKey): TokenVerifier {
  const verified = new VerifiedTokenCache();
  const checkSignature = async (token: string) =>
    (await jwtVerify(token, key.secret, { issuer: DEV_ISSUER, audience: API_AUDIENCE, algorithms: ['HS256'] })).payload;
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
      return 'region' in c
        ? { kind: 'officer', officer: { id: c.sub, roles: c.roles, region: c.region } }
        : { kind: 'service', id: c.sub };
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
