// The bot's own credential towards the API. In dev mode it signs a short-lived
// service token with the local key and renews it before expiry; the token
// carries only the service role, and every call names the officer it acts for.
import type { DevSigningKey } from '../api/devSigningKey.js';
import { signDevToken } from '../api/tokenVerifier.js';

const LIFETIME_SECONDS = 3600;
const RENEW_BEFORE_MS = 5 * 60 * 1000;

export const BOT_SERVICE_ID = 'bops-bot';

export function devServiceTokenProvider(key: DevSigningKey): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (!cached || cached.expiresAt - Date.now() < RENEW_BEFORE_MS) {
      const token = await signDevToken(key, { kind: 'service', id: BOT_SERVICE_ID }, LIFETIME_SECONDS);
      cached = { token, expiresAt: Date.now() + LIFETIME_SECONDS * 1000 };
    }
    return cached.token;
  };
}
