// A whole server for a test: its own database on the chosen engine, its own
// DATA_DIR (and so its own dev signing key), a silent logger, and helpers to
// mint tokens and call the API over real HTTP. Start once per describe block
// (beforeAll) and close in afterAll.
import type { ReminderDelivery } from '../api/reminderDelivery.js';
import type { Clock } from '../api/clock.js';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_PREFIX } from '../api/apiPaths.js';
import { loadOrCreateDevSigningKey, type DevSigningKey } from '../api/devSigningKey.js';
import { signDevToken } from '../api/tokenVerifier.js';
import { loadConfig } from '../bot/config.js';
import { createLogger, type Logger } from '../bot/logger.js';
import { startServer, type RunningServer } from '../bot/server.js';
import { BOT_SERVICE_ID, devServiceTokenProvider } from '../bot/serviceToken.js';
import type { ServiceUrlAllowList } from '../bot/serviceUrlAllowList.js';
import { deleteKeys, SHARED_REDIS_URL } from './conversationStateClient.js';
import { officerCaller, type TestOfficer } from './officerCaller.js';
import { openTestDatabase, type DatabaseEngine, type TestDatabase } from './testDatabases.js';

export { BOT_SERVICE_ID };

export type { TestOfficer };

export interface TestServer {
  server: RunningServer;
  /** The key the server verifies dev tokens with (it lives in the temp DATA_DIR). */
  signingKey: DevSigningKey;
  /** The environment that puts a server's conversation state where this one's is: {} in memory, or REDIS_URL and its key prefix. */
  stateEnv: Readonly<Record<string, string>>;
  /** A token an officer uses to call the API directly (valid one hour). */
  officerToken(officer: TestOfficer): Promise<string>;
  /** The bot's service token (subject 'bops-bot'); pair it with the bops-on-behalf-of header. */
  serviceToken(): Promise<string>;
  /** fetch against `${server.url}/api/v1${path}`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** The API called by the officer with their own token; a body goes as JSON, `headers` on top. */
  as(officer: TestOfficer, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Inserts the officers as the directory sync would: only a provisioned officer can be assigned to a case. */
  provision(officers: readonly TestOfficer[]): Promise<void>;
  /** Stops the server, disposes the database and removes DATA_DIR. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  engine: DatabaseEngine;
  /** Extra environment for loadConfig (dev mode), e.g. { DEV_REGION: 'syd' }; production mode has its own harness (productionTestServer.ts). */
  env?: Record<string, string>;
  /** Where the server logs (default: nowhere); see capturedLog.ts. */
  log?: Logger;
  /** Narrows where replies may go (dev mode: loopback), e.g. to exactly the connector stand-in's origin. */
  serviceUrlAllowList?: ServiceUrlAllowList;
  /** What time it is for the API and the dialogs (default: the system clock). */
  clock?: Clock;
  /** Carries due reminders, and turns the reminders' poller on (default: off, REMINDER_POLL_MS=0). */
  reminderDelivery?: ReminderDelivery;
  /** Turns the reminders' poller on with the server's own delivery (the proactive sender), run by the test with server.reminders.tick(). */
  pollReminders?: boolean;
  /**
   * Where conversation state lives (default 'memory'): 'redis' is the real Redis at TEST_REDIS_URL
   * (default 127.0.0.1:6379) under a key prefix of this server's own, whose keys are deleted on close.
   */
  stateStore?: StateStore;
}

export type StateStore = 'memory' | 'redis';

const TOKEN_LIFETIME_SECONDS = 3600;

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bops-test-server-'));
  let opened: TestDatabase | undefined;
  let server: RunningServer | undefined;
  const stateEnv: Record<string, string> = options.stateStore === 'redis' ? { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: `bops-test-${randomUUID().slice(0, 8)}` } : {};
  const cleanUp = async () => {
    await server?.close();
    await opened?.dispose();
    await rm(dataDir, { recursive: true, force: true });
    if (stateEnv.REDIS_KEY_PREFIX) await deleteKeys(SHARED_REDIS_URL, stateEnv.REDIS_KEY_PREFIX);
  };
  try {
    opened = await openTestDatabase(options.engine);
    // No job runs on its own unless the test asks for it: a retention run or a reminder poll landing
    // between two table snapshots would make "nothing was stored" flaky. A test that gives a
    // ReminderDelivery gets the poller and runs it with server.reminders.tick().
    const jobs = { RETENTION_INTERVAL_MINUTES: '0', ...(options.reminderDelivery || options.pollReminders ? {} : { REMINDER_POLL_MS: '0' }) };
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...jobs, ...stateEnv, ...options.env });
    server = await startServer(config, options.log ?? createLogger('silent'), {
      database: opened.db,
      ...(options.serviceUrlAllowList ? { serviceUrlAllowList: options.serviceUrlAllowList } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.reminderDelivery ? { reminderDelivery: options.reminderDelivery } : {}),
    });
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }
  const running = server;
  // The server created the key in DATA_DIR at start; this reads the same file.
  const signingKey = loadOrCreateDevSigningKey(dataDir);
  const serviceToken = devServiceTokenProvider(signingKey);
  let closed = false;
  const officerToken = (officer: TestOfficer) => signDevToken(signingKey, { kind: 'officer', ...officer }, TOKEN_LIFETIME_SECONDS);
  const api = (path: string, init?: RequestInit) => fetch(`${running.url}${API_PREFIX}${path}`, init);
  return {
    server: running,
    signingKey,
    stateEnv,
    officerToken,
    serviceToken,
    api,
    as: (officer, method, path, body, headers) => officerCaller(running.url, signingKey, officer)(method, path, body, headers),
    async provision(officers) {
      for (const o of officers) await running.database.query('INSERT INTO officers (id, region, roles) VALUES ($1, $2, $3)', [o.id, o.region, o.roles]);
    },
    async close() {
      if (closed) return;
      closed = true;
      await cleanUp();
    },
  };
}
