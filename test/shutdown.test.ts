// Issue 17, item 5: an instance leaves without dropping a turn. While it
// drains, /readyz answers 503 at once, a new activity is turned away with a
// 503 the connector retries elsewhere, and the turn already running finishes;
// then it closes. On real PostgreSQL and Redis every connection is closed; a
// pg client stuck in a transaction does not hold the exit past the grace
// period. And `npm start` itself does this on SIGTERM and exits 0.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.js';
import { startServer, type RunningServer } from '../bot/server.js';
import { inboundActivity } from './botConnectorStandIn.js';
import { captureLog } from './capturedLog.js';
import { startPrivateRedis, type PrivateRedisServer } from './privateRedisServer.js';
import { openTestDatabase, TEST_DATABASE_URL } from './testDatabases.js';
import { startTestServer, type TestServer } from './testServer.js';

const OFFICER = '00000000-0000-4000-8000-00000000d0a1'; // fictitious

/** A connector that holds every reply until released: a turn stays running as long as the test wants. */
async function holdingConnector() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let received = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    received++;
    void released.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${received}` })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received: () => received,
    release,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe('graceful shutdown', () => {
  let t: TestServer;
  let connector: Awaited<ReturnType<typeof holdingConnector>>;
  beforeAll(async () => {
    [t, connector] = await Promise.all([startTestServer({ engine: 'pglite' }), holdingConnector()]);
  }, 120_000);
  afterAll(async () => {
    connector?.release();
    await t?.close();
    await connector?.close();
  });

  const post = (id: string) =>
    fetch(`${t.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inboundActivity({ serviceUrl: connector.serviceUrl, conversationId: `a:drain-${id}`, officer: OFFICER }, { type: 'message', id, text: 'hjälp' })),
    });

  it('drains: readiness fails at once, new activities are turned away, the running turn finishes, then it closes', async () => {
    const running = post('turn-1');
    await expect.poll(() => connector.received()).toBe(1);
    const shutdown = t.server.shutdown(30_000);

    const ready = await fetch(`${t.server.url}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 503, body: { status: 'draining' } });
    const turnedAway = await post('turn-2');
    expect(turnedAway.status).toBe(503);
    expect(turnedAway.headers.get('retry-after')).toBe('1');
    expect(((await turnedAway.json()) as { type: string }).type).toBe('urn:bops:problem:shutting-down');

    connector.release();
    expect((await running).status).toBe(200);
    expect(await shutdown).toEqual({ drained: true, closed: true });
    await expect(fetch(`${t.server.url}/healthz`)).rejects.toThrow();
  });
});

describe('shutdown on real PostgreSQL and Redis, which the server opened itself', () => {
  let redis: PrivateRedisServer;
  // Observers of the servers' connection lists: on the admin database and on Redis, not counted themselves.
  let admin: pg.Client;
  let observer: Redis;
  let database = '';
  let databaseUrl = '';
  const dataDirs: string[] = [];

  beforeAll(async () => {
    const opened = await openTestDatabase('postgres');
    databaseUrl = opened.url!;
    database = new URL(databaseUrl).pathname.slice(1);
    // Only the server under test connects to it from now on.
    await opened.db.close();
    [redis, admin] = await Promise.all([startPrivateRedis(), (async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      return client;
    })()]);
    observer = new Redis(redis.url);
  }, 120_000);
  afterAll(async () => {
    observer?.disconnect();
    await redis?.stop();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  });

  const connections = async () => ({
    postgres: (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database])).rows[0]!.n,
    redis: ((await observer.client('LIST')) as string).trim().split('\n').length - 1,
  });
  const start = async (log = captureLog('warn').log): Promise<RunningServer> => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bops-shutdown-'));
    dataDirs.push(dataDir);
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RETENTION_INTERVAL_MINUTES: '0', REMINDER_POLL_MS: '0', DATABASE_URL: databaseUrl, REDIS_URL: redis.url });
    const server = await startServer(config, log);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    return server;
  };

  it('closes its PostgreSQL pool and its Redis connection', async () => {
    const server = await start();
    const open = await connections();
    expect(open.postgres).toBeGreaterThan(0);
    expect(open.redis).toBe(1);
    expect(await server.shutdown(10_000)).toEqual({ drained: true, closed: true });
    await expect.poll(connections).toEqual({ postgres: 0, redis: 0 });
  });

  it('still ends within the grace period when a pg client is stuck: Redis is disconnected, the pool left to the exit', async () => {
    const captured = captureLog('warn');
    const server = await start(captured.log);
    // A transaction that does not end keeps its client checked out, and pool.end() waits for it.
    let unstick!: () => void;
    const stuck = server.database.transaction(() => new Promise<void>((resolve) => (unstick = resolve)));
    expect(await server.shutdown(1_000)).toEqual({ drained: true, closed: false });
    expect(captured.take()).toContainEqual(expect.objectContaining({ msg: 'closing outlasted the grace period; the rest forced', forced: ['api', 'redis'] }));
    expect(await connections()).toEqual({ postgres: 1, redis: 0 });
    // Where the process would have exited: the pool's end, still pending, completes once the client is back.
    unstick();
    await stuck;
    await expect.poll(connections).toEqual({ postgres: 0, redis: 0 });
  });
});

describe('npm start on SIGTERM', () => {
  it('drains and exits 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bops-sigterm-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
        env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', RETENTION_INTERVAL_MINUTES: '0', SHUTDOWN_GRACE_SECONDS: '5', REDIS_URL: '', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toMatch(/"msg":"started"/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toMatch(/"msg":"stopped"/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
