// `npm run demo-data` (issue 16, item 4) against real PostgreSQL, and its
// writer on PGlite: it fills an empty database with the fictitious set, every
// case marked as demo data and numbered in the non-existent unit 0000; it
// refuses a database that holds a case that is not demo data — writing
// nothing — and one that holds demo data already.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CASE_NUMBER, demoDataSet } from '../api/demoDataSet.js';
import { demoDataRefusal, writeDemoData } from '../api/demoDataWriter.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { openTestDatabase, type TestDatabase } from './testDatabases.js';

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
