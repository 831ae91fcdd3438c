// A stand-in for the Bot Framework's token service on loopback, for
// production-mode tests of /api/messages: an OpenID metadata document and key
// set like login.botframework.com's (the key endorsed for the msteams channel
// only), and tokens signed as the Bot Connector signs the activities it posts
// to a bot — issuer, audience = the bot's app id, the serviceurl claim.
// The server is pointed at it through ServerOverrides.botConnectorTokens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const KID = 'connector-stand-in-1';

export type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
export const STAND_IN_ISSUER = 'https://api.botframework.example';

export interface BotConnectorTokenStandIn {
  issuer: string;
  openIdMetadataUrl: string;
  /**
   * A token as the Bot Connector sends with an activity for `serviceUrl`; `audience` defaults to the
   * app id given at start. `signingKey` signs it with another private key under the trusted key's id (a forgery).
   */
  token(serviceUrl: string, options?: { audience?: string; lifetimeSeconds?: number; signingKey?: SigningKey }): Promise<string>;
  close(): Promise<void>;
}

export async function startBotConnectorTokenStandIn(appId: string): Promise<BotConnectorTokenStandIn> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = await exportJWK(publicKey);
  const keys = JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
  let base = '';
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/.well-known/openidconfiguration') {
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ issuer: STAND_IN_ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      return;
    }
    if (req.method === 'GET' && req.url === '/v1/.well-known/keys') {
      res.setHeader('content-type', 'application/json').end(keys);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: STAND_IN_ISSUER,
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    token: (serviceUrl, { audience = appId, lifetimeSeconds = 600, signingKey = privateKey } = {}) =>
      new SignJWT({ serviceurl: serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(STAND_IN_ISSUER)
        .setAudience(audience)
        .setNotBefore(Math.floor(Date.now() / 1000) - 60)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
        .sign(signingKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
