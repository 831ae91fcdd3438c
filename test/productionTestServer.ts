// A whole server in production mode for a test (BOPS_MODE=production): a
// PostgreSQL database of its own, Entra ID stood in for on loopback
// (test/entraStandIn.ts), Bot Framework credentials with the Bot Connector's
// token service stood in for (test/botConnectorTokenStandIn.ts), conversation state in
// the local Redis under a key prefix of its own and encrypted, and a DATA_DIR
// of its own that production must leave without a dev key. Officers are
// provisioned by id (an Entra object id) before their tokens are used.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_PREFIX } from '../api/apiPaths.js';
import type { OfficerRole } from '../api/officerRoles.js';
import type { PoliceRegion } from '../api/policeRegions.js';
import { loadConfig } from '../bot/config.js';
import { createLogger, type Logger } from '../bot/logger.js';
import { startServer, type RunningServer } from '../bot/server.js';
import { startBotConnectorTokenStandIn, type BotConnectorTokenStandIn } from './botConnectorTokenStandIn.js';
import { deleteKeys } from './conversationStateClient.js';
import { startEntraStandIn, type EntraStandIn } from './entraStandIn.js';
import { openTestDatabase, type TestDatabase } from './testDatabases.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ProductionOfficer {
  /** An Entra object id (a GUID, lower case). */
  id: string;
  roles: OfficerRole[];
  region: PoliceRegion;
}

export interface ProductionTestServer {
  server: RunningServer;
  entra: EntraStandIn;
  /** Signs tokens as the Bot Connector does for the activities it posts to /api/messages. */
  botConnector: BotConnectorTokenStandIn;
  dataDir: string;
  /** The environment the server was configured with. */
  env: Record<string, string>;
  /** Provisions the officer as an administrator would (npm run officers -- add). */
  provision(officer: ProductionOfficer): Promise<void>;
  /** An officer's Entra token (the officer must be provisioned to be let in). */
  officerToken(officer: ProductionOfficer): Promise<string>;
  /** fetch against `${server.url}/api/v1${path}`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export const newProductionOfficer = (roles: OfficerRole[], region: PoliceRegion): ProductionOfficer => ({ id: randomUUID(), roles, region });

/** `options.log`: where the server logs (default: nowhere); see capturedLog.ts. */
export async function startProductionTestServer(extraEnv: Record<string, string> = {}, options: { log?: Logger } = {}): Promise<ProductionTestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bops-production-'));
  const keyPrefix = `bops-test-prod-${randomUUID().slice(0, 8)}`;
  let opened: TestDatabase | undefined;
  let entra: EntraStandIn | undefined;
  let botConnector: BotConnectorTokenStandIn | undefined;
  let server: RunningServer | undefined;
  const cleanUp = async () => {
    await server?.close();
    await opened?.dispose();
    await entra?.close();
    await botConnector?.close();
    await deleteKeys(TEST_REDIS_URL, keyPrefix);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    [opened, entra] = await Promise.all([openTestDatabase('postgres'), startEntraStandIn()]);
    const env = {
      BOPS_MODE: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      RETENTION_INTERVAL_MINUTES: '0',
      // As in testServer.ts: no reminder poll lands between two table snapshots.
      REMINDER_POLL_MS: '0',
      DATABASE_URL: opened.url!,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      STATE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      STATE_ENCRYPTION_KEY_ID: 'test-key',
      METRICS_TOKEN: randomBytes(32).toString('hex'),
      MicrosoftAppId: entra.app.id,
      MicrosoftAppPassword: entra.app.secret,
      ENTRA_TENANT_ID: entra.tenantId,
      API_AUDIENCE: entra.audience,
      ENTRA_JWKS_URL: entra.jwksUrl,
      ENTRA_TOKEN_URL: entra.tokenUrl,
      ...extraEnv,
    };
    botConnector = await startBotConnectorTokenStandIn(entra.app.id);
    server = await startServer(loadConfig(env), options.log ?? createLogger('silent'), {
      database: opened.db,
      botConnectorTokens: { issuer: botConnector.issuer, openIdMetadataUrl: botConnector.openIdMetadataUrl },
    });
    const running = server;
    const standIn = entra;
    const connectorTokens = botConnector;
    const provision = async (officer: ProductionOfficer) => {
      await running.database.query('INSERT INTO officers (id, region, roles, entra_object_id) VALUES ($1, $2, $3, $4::uuid) ON CONFLICT (id) DO NOTHING', [
        officer.id,
        officer.region,
        officer.roles,
        officer.id,
      ]);
    };
    let closed = false;
    return {
      server: running,
      entra: standIn,
      botConnector: connectorTokens,
      dataDir,
      env,
      provision,
      officerToken: (officer) => standIn.officerToken(officer.id, officer.roles),
      api: (path, init) => fetch(`${running.url}${API_PREFIX}${path}`, init),
      async close() {
        if (closed) return;
        closed = true;
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }
}
