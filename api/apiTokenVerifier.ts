// Chooses how the API verifies bearer tokens. Without Entra configuration (dev
// mode) every token is signed with the local key in DATA_DIR. With Entra,
// officers (and a separately deployed bot with an app-only token) must present
// Entra tokens; the only locally signed token still accepted is the in-process
// bot's service token, whose key never leaves DATA_DIR — an officer token
// signed with the dev key (`npm run dev-token`) is refused, so dev tokens
// cannot reach production data.
import { decodeProtectedHeader } from 'jose';
import type { DevSigningKey } from './devSigningKey.js';
import { createEntraTokenVerifier, type EntraVerifierOptions } from './entraTokenVerifier.js';
import { createDevTokenVerifier, TokenError, type TokenVerifier } from './tokenVerifier.js';

export interface ApiTokenVerifierOptions {
  entra: Omit<EntraVerifierOptions, 'officers' | 'issuer' | 'jwksUrl'> & { issuer: string | undefined; jwksUrl: string | undefined } | undefined;
  signingKey: DevSigningKey;
  /** Provisioned officers only (no dev fallback): an Entra officer's region comes from here. */
  officers: EntraVerifierOptions['officers'];
}

/** Entra for everyone but the in-process bot when configured; the dev key alone otherwise. */
export function createApiTokenVerifier({ entra, signingKey, officers }: ApiTokenVerifierOptions): TokenVerifier {
  const dev = createDevTokenVerifier(signingKey);
  if (!entra) return dev;
  const entraVerifier = createEntraTokenVerifier({
    tenantId: entra.tenantId,
    audience: entra.audience,
    officers,
    ...(entra.issuer ? { issuer: entra.issuer } : {}),
    ...(entra.jwksUrl ? { jwksUrl: entra.jwksUrl } : {}),
  });
  return {
    async verify(token) {
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw new TokenError('malformed');
      }
      if (alg !== 'HS256') return entraVerifier.verify(token);
      const principal = await dev.verify(token);
      if (principal.kind !== 'service') throw new TokenError('bad_claims');
      return principal;
    },
  };
}
