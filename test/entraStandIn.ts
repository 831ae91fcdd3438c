// A stand-in for Microsoft Entra ID on loopback, for production-mode tests:
// the tenant's key set (JWKS), a client-credentials token endpoint that gives
// the bot's app registration an app-only token with the bot_service role, and
// delegated officer tokens signed with the same key. Keys are made here;
// tenant, app and object ids are random.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { entraIssuer } from '../api/entraTokenVerifier.js';
import { BOT_SERVICE_ROLE } from '../api/officerRoles.js';

const KID = 'stand-in-1';

export interface EntraStandIn {
  tenantId: string;
  audience: string;
  /** The bot's app registration: the client id and secret the token endpoint accepts. */
  app: { id: string; secret: string };
  jwksUrl: string;
  tokenUrl: string;
  /** Client-credentials requests the token endpoint has answered with a token. */
  tokensIssued(): number;
  /** An officer's delegated token, as Entra issues it for the API. */
  officerToken(oid: string, roles: string[], lifetimeSeconds?: number): Promise<string>;
  /** The bot's app-only token, as the token endpoint issues it. */
  appToken(): Promise<string>;
  close(): Promise<void>;
}

export async function startEntraStandIn(): Promise<EntraStandIn> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] });
  const tenantId = randomUUID();
  const audience = `api://${randomUUID()}`;
  const app = { id: randomUUID(), secret: randomUUID() };
  let issued = 0;

  const sign = (claims: Record<string, unknown>, key: CryptoKey, lifetimeSeconds: number) =>
    new SignJWT({ tid: tenantId, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: KID })
      .setIssuer(entraIssuer(tenantId))
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
      .sign(key);
  const appToken = () => sign({ oid: randomUUID(), azp: app.id, roles: [BOT_SERVICE_ROLE] }, privateKey, 3600);

  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/keys') {
      res.setHeader('content-type', 'application/json').end(jwks);
      return;
    }
    if (req.method === 'POST' && req.url === '/token') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const valid =
          form.get('grant_type') === 'client_credentials' && form.get('client_id') === app.id && form.get('client_secret') === app.secret && form.get('scope') === `${audience}/.default`;
        if (!valid) {
          res.statusCode = 401;
          res.setHeader('content-type', 'application/json').end(JSON.stringify({ error: 'invalid_client' }));
          return;
        }
        void appToken().then((token) => {
          issued += 1;
          res.setHeader('content-type', 'application/json').end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: token }));
        });
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    tenantId,
    audience,
    app,
    jwksUrl: `${base}/keys`,
    tokenUrl: `${base}/token`,
    tokensIssued: () => issued,
    officerToken: (oid, roles, lifetimeSeconds = 600) => sign({ oid, scp: 'access_as_user', roles }, privateKey, lifetimeSeconds),
    appToken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
