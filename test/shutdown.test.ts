// Issue 17, item 5: an instance leaves without dropping a turn. While it
// drains, /readyz answers 503 at once, a new activity is turned away with a
// 503 the connector retries elsewhere, and the turn already running finishes;
// then it closes. And `npm start` itself does this on SIGTERM and exits 0.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundActivity } from './botConnectorStandIn.js';
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
    expect(await shutdown).toBe(true);
    await expect(fetch(`${t.server.url}/healthz`)).rejects.toThrow();
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
