// Replays every dialog transcript in test/transcripts/ against the real bot,
// whose API calls go over HTTP to the real API on an in-process PGlite.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { startServer, type RunningServer } from '../bot/server.js';
import { openTestDatabase, type TestDatabase } from './testDatabases.js';
import { loadTranscript, replayTranscript } from './transcriptRunner.js';

const dir = new URL('./transcripts/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('dialog transcripts', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    dataDir = mkdtempSync(join(tmpdir(), 'bops-transcripts-'));
    server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), createLogger('silent'), { database: database.db });
  });

  afterAll(async () => {
    await server?.close();
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has transcripts to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    const transcript = loadTranscript(join(dir.pathname, file));
    const result = await replayTranscript(transcript, server.bot);
    expect(result.exchanges.length).toBe(transcript.steps.filter((s) => 'user' in s || 'click' in s || 'join' in s).length);
  });
});
