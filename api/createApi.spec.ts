// createApi composes the API from its own configuration: it migrates the
// database, serves the router, runs the retention job on the configured
// interval (and not at all with 0), and closes only what it opened.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Clock } from './clock.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';
import { loadApiConfig } from './apiConfig.js';
import { createApi } from './createApi.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';

const AUDIT = { actorId: 'officer-fict-0401', viaId: null, purpose: 'test setup' };
const PACK = { id: 'bops-exempel', version: '1.0.0', hash: 'f'.repeat(64) };
const silent = pino({ level: 'silent' });
const methodology = new FilePackSource();

let serial = 0;
const newCaseNumber = () => `3400-K${String(++serial).padStart(6, '0')}-26`;

describe.each(DATABASE_ENGINES)('createApi on %s', (engine) => {
  let opened: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    opened = await openTestDatabase(engine);
    dataDir = await mkdtemp(join(tmpdir(), 'bops-create-api-'));
  });
  afterAll(async () => {
    await opened.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A draft untouched for ten days: due for erasure once drafts are kept one day. */
  async function staleDraft(): Promise<string> {
    const created = await new SqlAssessmentRepository(opened.db).create(
      { caseNumber: newCaseNumber(), region: 'mitt', level: 'initial', instrumentId: 'initial', pack: PACK, officerId: AUDIT.actorId },
      AUDIT,
    );
    await opened.db.query(`UPDATE assessments SET updated_at = now() - interval '10 days' WHERE id = $1`, [created.id]);
    return created.id;
  }
  const exists = async (id: string) => (await opened.db.query('SELECT 1 FROM assessments WHERE id = $1', [id])).rowCount === 1;

  /**
   * What shows whether createApi scheduled the retention job, without waiting for a run: the job's
   * first run starts within createApi and reads the server's clock before anything else, and later
   * runs come from an interval (faked here, so it can be counted; nothing else in createApi sets one
   * without reminders or a proactive sender).
   */
  async function startedWatched(interval: string): Promise<{ api: Awaited<ReturnType<typeof createApi>>; clockReads: number; intervals: number }> {
    let clockReads = 0;
    const clock: Clock = { now: () => (clockReads++, new Date()) };
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const config = loadApiConfig({ DATA_DIR: dataDir, RETENTION_DRAFT_DAYS: '1', RETENTION_INTERVAL_MINUTES: interval });
    const api = await createApi(config, { log: silent, methodology, database: opened.db, clock });
    const intervals = vi.getTimerCount();
    vi.useRealTimers();
    return { api, clockReads, intervals };
  }
  afterEach(() => vi.useRealTimers());

  it('runs the retention job in the server on its interval: a due draft is erased without the CLI', async () => {
    const id = await staleDraft();
    const { api, clockReads, intervals } = await startedWatched('1');
    try {
      // Started at once and on an interval: what the test with the job off finds absent.
      expect(clockReads).toBeGreaterThan(0);
      expect(intervals).toBe(1);
      await expect.poll(() => exists(id), { timeout: 10_000 }).toBe(false);
      const { rows } = await opened.db.query<{ actor_id: string }>(`SELECT actor_id FROM audit_log WHERE action = 'retention.erase' AND entity_id = $1`, [id]);
      expect(rows).toEqual([{ actor_id: 'system:retention' }]);
    } finally {
      await api.close();
    }
    // The given database stays open for its owner.
    expect((await opened.db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it("runs the retention job on the server's clock: a draft touched today is due once that clock says three days have passed", async () => {
    const created = await new SqlAssessmentRepository(opened.db).create(
      { caseNumber: newCaseNumber(), region: 'mitt', level: 'initial', instrumentId: 'initial', pack: PACK, officerId: AUDIT.actorId },
      AUDIT,
    );
    const config = loadApiConfig({ DATA_DIR: dataDir, RETENTION_DRAFT_DAYS: '1', RETENTION_INTERVAL_MINUTES: '1' });
    const threeDaysOn = { now: () => new Date(Date.now() + 3 * 24 * 3600_000) };
    const api = await createApi(config, { log: silent, methodology, database: opened.db, clock: threeDaysOn });
    try {
      await expect.poll(() => exists(created.id), { timeout: 10_000 }).toBe(false);
    } finally {
      await api.close();
    }
  });

  it('runs no retention job with RETENTION_INTERVAL_MINUTES=0', async () => {
    const id = await staleDraft();
    const { api, clockReads, intervals } = await startedWatched('0');
    try {
      // No run started (the clock was never asked) and none will (no interval was set).
      expect(clockReads).toBe(0);
      expect(intervals).toBe(0);
      expect(await exists(id)).toBe(true);
    } finally {
      await api.close();
    }
  });
});

describe('createApi with the configured database', () => {
  it('opens and migrates the PGlite in DATA_DIR, serves the router, and closes the database it opened', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bops-create-api-'));
    try {
      const api = await createApi(loadApiConfig({ DATA_DIR: dataDir, RETENTION_INTERVAL_MINUTES: '0' }), { log: silent, methodology });
      expect(api.database.kind).toBe('pglite');
      expect((await api.database.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows[0]!.n).toBeGreaterThan(0);
      expect(typeof api.router).toBe('function');
      await api.close();
      await expect(api.database.query('SELECT 1')).rejects.toThrow();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
