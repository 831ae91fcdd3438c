// The bot's own credential towards the API in production: an Entra ID
// app-only token for the API's audience, got with the bot app's client
// credentials (OAuth 2.0 client credentials grant) and renewed before it
// expires. The token carries the bot_service app role; every call still names
// the officer it acts for, and the API authorises that officer.
import { z } from 'zod';

/** Renewed this long before it expires, so no request leaves with a token about to lapse. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

const tokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });

export interface EntraClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The API's audience with /.default, e.g. api://bops-api/.default */
  scope: string;
  /** Per request; the identity platform is near and fast, a slow answer means trouble. */
  timeoutMs?: number;
}

/** Why no token could be had; the dialog tells the officer the service is unavailable, the log names the reason. */
export class ServiceTokenError extends Error {
  constructor(readonly reason: 'unreachable' | 'refused' | 'malformed') {
    super(`no service token for the API: ${reason}`);
    this.name = 'ServiceTokenError';
  }
}

export function entraServiceTokenProvider(credentials: EntraClientCredentials, now: () => number = Date.now): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    let response: Response;
    try {
      response = await fetch(credentials.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: credentials.scope }),
        signal: AbortSignal.timeout(credentials.timeoutMs ?? 10_000),
      });
    } catch {
      throw new ServiceTokenError('unreachable');
    }
    if (!response.ok) throw new ServiceTokenError('refused');
    const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new ServiceTokenError('malformed');
    cached = { token: parsed.data.access_token, expiresAt: now() + parsed.data.expires_in * 1000 };
    return cached.token;
  };
  return async () => {
    if (cached && cached.expiresAt - now() > RENEW_BEFORE_MS) return cached.token;
    // Concurrent turns share one request for a new token.
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
