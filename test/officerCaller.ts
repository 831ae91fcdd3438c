// An officer calling the API directly with their own dev token, for any
// server in dev mode: TestServer.as is this for startTestServer's servers; the
// tests that start a server themselves (as another database role, or several
// instances on one database) use it as it is.
import { API_PREFIX } from '../api/apiPaths.js';
import { loadOrCreateDevSigningKey, type DevSigningKey } from '../api/devSigningKey.js';
import { signDevToken } from '../api/tokenVerifier.js';
import type { OfficerRole } from '../api/officerRoles.js';
import type { PoliceRegion } from '../api/policeRegions.js';

/** A fictitious officer a test acts as: their id, roles and region, as a dev token carries them. */
export interface TestOfficer {
  id: string;
  roles: OfficerRole[];
  region: PoliceRegion;
}

/** A call of the API as one officer: a body goes as JSON, `headers` on top. */
export type OfficerCall = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;

const TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Calls `${serverUrl}/api/v1…` as the officer, with a token (valid one hour) minted per call. `key` is
 * the server's dev signing key, or the DATA_DIR it lives in (the server must have started: it creates the key).
 */
export function officerCaller(serverUrl: string, key: DevSigningKey | string, officer: TestOfficer): OfficerCall {
  const signingKey = typeof key === 'string' ? loadOrCreateDevSigningKey(key) : key;
  return async (method, path, body, headers = {}) =>
    fetch(`${serverUrl}${API_PREFIX}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await signDevToken(signingKey, { kind: 'officer', ...officer }, TOKEN_LIFETIME_SECONDS)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}
