// Replays every dialog transcript in test/transcripts/ against the real bot,
// whose API calls go over HTTP to the real API on an in-process PGlite.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { loadTranscript, replayTranscript } from './transcriptRunner.js';

const dir = new URL('./transcripts/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe.each(DATABASE_ENGINES)('dialog transcripts on %s', (engine) => {
  let test: TestServer;

  beforeAll(async () => {
    test = await startTestServer({ engine });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('has transcripts to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    // The replay is the assertion: it throws on the first reply that differs, is missing or is extra
    // (test/transcriptRunner.test.ts shows it does).
    await replayTranscript(loadTranscript(join(dir, file)), test.server.bot);
  });
});
