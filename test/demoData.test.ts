// `npm run demo-data` (issue 16, item 4) against real PostgreSQL, and its
// writer on PGlite: it fills an empty database with the fictitious set, every
// case marked as demo data and numbered in the non-existent unit 0000; it
// refuses a database that holds a case that is not demo data — writing
// nothing — and one that holds demo data already. The set has reviews of
// structured assessments (blind ones, regrades with fictitious reasons, by
// other fictitious officers of the region), enough for GET /statistics/reviews
// to show figures.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CASE_NUMBER, demoDataSet } from '../api/demoDataSet.js';
import { demoDataRefusal, writeDemoData } from '../api/demoDataWriter.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { expectJson } from './expectJson.js';
import { openTestDatabase, type TestDatabase } from './testDatabases.js';
import { startTestServer, type TestOfficer } from './testServer.js';

const run = promisify(execFile);
const PACK = new FilePackSource().active('bops-exempel');

async function demoData(url: string, dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return demoDataWith({ DATABASE_URL: url, DATA_DIR: dataDir, BOPS_MODE: 'dev' }, ...args);
}

async function demoDataWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'api/demoDataCli.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const count = async (t: TestDatabase, sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;

describe('npm run demo-data on postgres', () => {
  let empty: TestDatabase;
  let real: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bops-demo-data-'));
    empty = await openTestDatabase('postgres');
    real = await openTestDatabase('postgres');
    await real.db.query(`INSERT INTO cases (case_number, region, status) VALUES ('5000-K123456-26', 'syd', 'bops')`);
  });
  afterAll(async () => {
    await empty?.dispose();
    await real?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fills an empty database with marked, fictitious cases over two years, with RRI outcomes', async () => {
    const result = await demoData(empty.url!, dataDir, '--cases', '400', '--seed', '7');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/400 fictitious cases/);
    expect(await count(empty, 'SELECT count(*)::int AS n FROM cases')).toBe(400);
    expect(await count(empty, 'SELECT count(*)::int AS n FROM cases c JOIN demo_data_cases d ON d.case_id = c.id')).toBe(400);
    const numbers = (await empty.db.query<{ case_number: string }>('SELECT case_number FROM cases')).rows.map((r) => r.case_number);
    expect(numbers.every((n) => DEMO_CASE_NUMBER.test(n))).toBe(true);
    expect(await count(empty, 'SELECT count(DISTINCT region)::int AS n FROM cases')).toBe(7);
    expect(await count(empty, `SELECT (max(created_at)::date - min(created_at)::date)::int AS n FROM cases`)).toBeGreaterThan(600);
    expect(await count(empty, 'SELECT count(*)::int AS n FROM rri_outcomes')).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/reviews [1-9]/);
  });

  it('reviews structured assessments, blind and not, some regraded with a fictitious reason, each by another officer of the region', async () => {
    const { rows } = await empty.db.query<{ reviews: number; blind: number; regrades: number; reasoned: number; fictitious: number; own: number; elsewhere: number; level: number; original: number; regions: number; rates: number }>(
      `SELECT count(*)::int AS reviews, count(*) FILTER (WHERE r.blind)::int AS blind, count(*) FILTER (WHERE r.verdict = 'regrade')::int AS regrades,
              count(*) FILTER (WHERE r.reason IS NOT NULL)::int AS reasoned,
              count(*) FILTER (WHERE r.reason LIKE 'Demodata (fiktiv):%')::int AS fictitious,
              count(*) FILTER (WHERE r.reviewer_id = a.officer_id)::int AS own,
              count(*) FILTER (WHERE r.reviewer_id NOT LIKE 'demo-officer-' || c.region || '-%')::int AS elsewhere,
              count(*) FILTER (WHERE a.level = 'initial')::int AS level,
              count(*) FILTER (WHERE r.original -> 'overall' IS DISTINCT FROM a.derived -> 'judgements' -> 'overall')::int AS original,
              count(DISTINCT r.region)::int AS regions,
              (SELECT count(DISTINCT rate)::int FROM (SELECT round(100 * avg((verdict = 'regrade')::int)) AS rate FROM assessment_reviews GROUP BY region) s) AS rates
         FROM assessment_reviews r JOIN assessments a ON a.id = r.assessment_id JOIN cases c ON c.id = r.case_id`,
    );
    const r = rows[0]!;
    expect(r.reviews).toBeGreaterThan(20);
    expect(r.blind).toBeGreaterThan(0);
    expect(r.blind).toBeLessThan(r.reviews);
    expect(r.regrades).toBeGreaterThan(0);
    // A regrade's reason is fictitious; one seen against the original has one (the table's own check).
    expect(r.reasoned).toBe(r.fictitious);
    expect(r.reasoned).toBeGreaterThan(0);
    expect({ own: r.own, elsewhere: r.elsewhere, level: r.level, original: r.original }).toEqual({ own: 0, elsewhere: 0, level: 0, original: 0 });
    // Reviews across the regions (400 cases leave one region few structured assessments), each with its own habits: not one regrade rate for all.
    expect(r.regions).toBeGreaterThan(4);
    expect(r.rates).toBeGreaterThan(1);
  });

  it('answers every item of the instrument of each assessment, the referral and the overall judgement as the assessment has them', async () => {
    const items = Object.fromEntries(PACK.pack.instruments.map((i) => [i.id, i.sections.flatMap((s) => s.items).length]));
    const { rows } = await empty.db.query<{ assessments: number; incomplete: number; answers: number }>(
      `SELECT count(*)::int AS assessments,
              count(*) FILTER (WHERE (SELECT count(*) FROM assessment_answers x WHERE x.assessment_id = a.id) <> ($1::jsonb ->> a.instrument_id)::int)::int AS incomplete,
              (SELECT count(*)::int FROM assessment_answers) AS answers
       FROM assessments a`,
      [JSON.stringify(items)],
    );
    expect(rows[0]!.assessments).toBeGreaterThan(300);
    expect(rows[0]!.incomplete).toBe(0);
    expect(rows[0]!.answers).toBeGreaterThan(rows[0]!.assessments * 17);
    expect(await count(empty, `SELECT count(*)::int AS n FROM assessments a JOIN assessment_answers x ON x.assessment_id = a.id AND x.item_id = 'samlad_risk'
      WHERE x.value #>> '{}' IS DISTINCT FROM a.derived -> 'judgements' ->> 'overall'`)).toBe(0);
    expect(await count(empty, `SELECT count(*)::int AS n FROM assessments a JOIN assessment_answers x ON x.assessment_id = a.id AND x.item_id = 'beslut'
      WHERE a.level = 'initial' AND x.value #>> '{}' = 'remittera'`)).toBeGreaterThan(0);
    expect(await count(empty, `SELECT count(*)::int AS n FROM assessments a WHERE a.level = 'structured'
      AND NOT EXISTS (SELECT 1 FROM assessments i JOIN assessment_answers x ON x.assessment_id = i.id AND x.item_id = 'beslut' AND x.value = '"remittera"'
                      WHERE i.case_id = a.case_id AND i.level = 'initial')`)).toBe(0);
  });

  it('refuses to run again over its own demo data', async () => {
    const result = await demoData(empty.url!, dataDir, '--cases', '400');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already holds demo data/);
    expect(await count(empty, 'SELECT count(*)::int AS n FROM cases')).toBe(400);
  });

  it('refuses a database holding a case that is not demo data, and writes nothing', async () => {
    const result = await demoData(real.url!, dataDir, '--cases', '400');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 case\(s\) that are not demo data/);
    expect(await count(real, 'SELECT count(*)::int AS n FROM cases')).toBe(1);
    expect(await count(real, 'SELECT count(*)::int AS n FROM demo_data_cases')).toBe(0);
  });

  it('refuses a production configuration, even over an empty database, and writes nothing', async () => {
    const fresh = await openTestDatabase('postgres');
    try {
      const env = { DATABASE_URL: fresh.url!, DATA_DIR: dataDir, BOPS_MODE: 'production', ENTRA_TENANT_ID: '00000000-0000-4000-8000-00000000c0de', API_AUDIENCE: 'api://bops-demo-test' };
      const result = await demoDataWith(env, '--cases', '400');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/production mode/);
      expect(await count(fresh, 'SELECT count(*)::int AS n FROM cases')).toBe(0);
      expect(await count(fresh, 'SELECT count(*)::int AS n FROM demo_data_cases')).toBe(0);
    } finally {
      await fresh.dispose();
    }
  });

  it('refuses bad arguments with its usage', async () => {
    const result = await demoData(empty.url!, dataDir, '--cases', 'many');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage/);
  });
});

describe('the demo data behind the API', () => {
  it('gives GET /statistics/reviews figures to show, not only suppressed cells', async () => {
    const t = await startTestServer({ engine: 'postgres' });
    try {
      const set = demoDataSet({ cases: 1500, seed: 2026, today: '2026-11-30' });
      await writeDemoData(t.server.database, set, PACK, 2026);
      // A blind regrade still waiting for its reason is among them, as in real use (the figures count it apart).
      expect(set.flatMap((c) => c.reviews).some((r) => r.blind && r.verdict === 'regrade' && r.reason === null)).toBe(true);
      const analyst: TestOfficer = { id: 'officer-demo-analyst', roles: ['analyst'], region: 'mitt' };
      const answer = await expectJson<{ suppressedBelow: number; cells: { reviews: number | null; regradeRate: number | null; kappa: number | null }[] }>(
        await t.as(analyst, 'GET', '/statistics/reviews'), 200);
      const shown = answer.cells.filter((c) => c.reviews !== null);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((c) => c.reviews! >= answer.suppressedBelow && c.regradeRate !== null)).toBe(true);
      expect(answer.cells.some((c) => c.kappa !== null)).toBe(true);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe('the demo data writer on pglite', () => {
  it('writes into an empty database and refuses one with a real case, even when the check was skipped', async () => {
    const t = await openTestDatabase('pglite');
    try {
      expect(await demoDataRefusal(t.db)).toBeNull();
      await t.db.query(`INSERT INTO cases (case_number, region) VALUES ('5000-K000001-26', 'nord')`);
      expect(await demoDataRefusal(t.db)).toMatch(/not demo data/);
      await expect(writeDemoData(t.db, demoDataSet({ cases: 50, seed: 1, today: '2026-11-30' }), PACK, 1)).rejects.toThrow(/demo data refused/);
      expect(await count(t, 'SELECT count(*)::int AS n FROM cases')).toBe(1);
    } finally {
      await t.dispose();
    }
  });
});
