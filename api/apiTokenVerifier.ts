// Chooses how the API verifies bearer tokens, by the one trust mode the
// configuration names. Dev: tokens signed with the local key in DATA_DIR (the
// bot's service token, `npm run dev-token`), their officers checked against
// the directory. Production: Entra ID tokens only — an officer's delegated
// token or the bot's app-only token with the bot_service role; the dev key is
// never read, so a dev token cannot reach production data.
import type { ApiTrust } from './apiConfig.js';
import { loadOrCreateDevSigningKey } from './devSigningKey.js';
import { createEntraTokenVerifier } from './entraTokenVerifier.js';
import type { OfficerDirectory, OfficerRegistry } from './officerDirectory.js';
import { createDevTokenVerifier, type TokenVerifier } from './tokenVerifier.js';

export interface ApiTokenVerifierDeps {
  /** Where the dev signing key lives (dev mode only). */
  dataDir: string;
  /** Provisioned officers only: an Entra officer's region comes from here, a dev token's officer is checked here. */
  officers: OfficerDirectory & OfficerRegistry;
}

export function createApiTokenVerifier(trust: ApiTrust, { dataDir, officers }: ApiTokenVerifierDeps): TokenVerifier {
  switch (trust.mode) {
    case 'dev':
      return createDevTokenVerifier(loadOrCreateDevSigningKey(dataDir), officers);
    case 'production': {
      const { tenantId, audience, issuer, jwksUrl } = trust.entra;
      return createEntraTokenVerifier({ tenantId, audience, officers, ...(issuer ? { issuer } : {}), ...(jwksUrl ? { jwksUrl } : {}) });
    }
    default: {
      const never: never = trust;
      return never;
    }
  }
}
