// Verifies Microsoft Entra ID access tokens for the API in production: the
// signature against the tenant's published keys (JWKS, fetched and cached by
// jose), issuer, audience, expiry and tenant. An officer's token carries their
// Entra object id (oid) and app roles; the region comes from the provisioned
// officer, since Entra does not know police regions. An app-only token holding
// the bot_service app role is the bot's own identity acting for officers.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { OfficerDirectory } from './officerDirectory.js';
import { BOT_SERVICE_ROLE, OFFICER_ROLES, type OfficerRole } from './officerRoles.js';
import type { Principal } from './principal.js';
import { checkTokenLifetime, TokenError, UnknownOfficerTokenError, type TokenVerifier } from './tokenVerifier.js';
import { VerifiedTokenCache } from './verifiedTokenCache.js';

export interface EntraVerifierOptions {
  tenantId: string;
  /** The API's application id URI or client id, as Entra writes it into `aud`. */
  audience: string;
  /** Defaults to the tenant's v2.0 issuer. */
  issuer?: string;
  /** Defaults to the tenant's v2.0 key set. */
  jwksUrl?: string;
  /** Where an officer's region is looked up by their object id. */
  officers: OfficerDirectory;
}

export const entraIssuer = (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0`;
export const entraJwksUrl = (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`;

/** Tokens a few seconds off the server's clock are still accepted; Entra's own skew allowance is of this order. */
const CLOCK_TOLERANCE_SECONDS = 60;

const claimsSchema = z.object({
  oid: z.string().regex(/^[0-9a-f-]{36}$/i),
  tid: z.string(),
  roles: z.array(z.string()).max(50).default([]),
  /** Delegated (user) tokens carry scopes; app-only tokens do not. */
  scp: z.string().optional(),
  azp: z.string().optional(),
  appid: z.string().optional(),
});

const isOfficerRole = (role: string): role is OfficerRole => (OFFICER_ROLES as readonly string[]).includes(role);

/** A verifier over any key source; tests pass a local key set, production the tenant's remote JWKS. */
export function createEntraTokenVerifierWithKeys(options: EntraVerifierOptions, keys: JWTVerifyGetKey): TokenVerifier {
  const issuer = options.issuer ?? entraIssuer(options.tenantId);
  const verified = new VerifiedTokenCache();
  const checkSignature = async (token: string) =>
    checkTokenLifetime(
      (
        await jwtVerify(token, keys, {
        issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'iat', 'oid', 'tid'],
        })
      ).payload,
    );
  return {
    async verify(token) {
      let payload: unknown;
      try {
        // The officer is looked up below on every request: a deactivated officer is refused at once.
        payload = await verified.payload(token, checkSignature);
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new TokenError('expired');
        if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) throw new TokenError('bad_signature');
        if (err instanceof joseErrors.JWTClaimValidationFailed) throw new TokenError('bad_claims');
        if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) throw new TokenError('keys_unavailable');
        throw new TokenError('malformed');
      }
      const parsed = claimsSchema.safeParse(payload);
      if (!parsed.success || parsed.data.tid.toLowerCase() !== options.tenantId.toLowerCase()) throw new TokenError('bad_claims');
      const claims = parsed.data;
      if (claims.scp === undefined) {
        // App-only: only the bot's service role may call, and never as an officer.
        if (!claims.roles.includes(BOT_SERVICE_ROLE)) throw new TokenError('bad_claims');
        return { kind: 'service', id: claims.azp ?? claims.appid ?? claims.oid } satisfies Principal;
      }
      const roles = [...new Set(claims.roles.filter(isOfficerRole))];
      if (roles.length === 0) throw new TokenError('bad_claims');
      const officerId = claims.oid.toLowerCase();
      const officer = await options.officers.find(officerId);
      if (!officer) throw new UnknownOfficerTokenError(officerId);
      return { kind: 'officer', officer: { id: officer.id, roles, region: officer.region } } satisfies Principal;
    },
  };
}

/** The production verifier: keys from the tenant's JWKS (or `jwksUrl`), refreshed by jose when an unknown key id appears. */
export function createEntraTokenVerifier(options: EntraVerifierOptions): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl ?? entraJwksUrl(options.tenantId)));
  return createEntraTokenVerifierWithKeys(options, jwks);
}
