// The migrator must apply each file exactly once, in order, and refuse a
// database whose history no longer matches the files. At start it migrates
// only when the connected role may; the app role (bops_app) gets through on a
// current schema with nothing but reads, and is refused when one is pending
// (or a published pack version's figure rows are).
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import type { Database } from './database.js';
import { MigrationError } from './migrationError.js';
import { bringSchemaCurrent, migrate, migrateAndRestatePrivileges, pendingMigrations } from './migrator.js';
import { createPostgresDatabase } from './postgresDatabase.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

/** The shipped migrations by name, so a new migration file does not break this spec. */
const shippedMigrations = async () =>
  (await readdir(new URL('./migrations/', import.meta.url))).filter((f) => f.endsWith('.sql')).sort().map((f) => f.slice(0, -'.sql'.length));

const SHIPPED_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** The packs the server loads: their published versions' figure rows are part of a current schema. */
const packs = new FilePackSource();

/** The shipped migrations and one more, as a newer version of the code would ship them. */
async function shippedAnd(dir: string, file: string, sql: string): Promise<void> {
  for (const name of await shippedMigrations()) await copyFile(join(SHIPPED_DIR, `${name}.sql`), join(dir, `${name}.sql`));
  await writeFile(join(dir, file), sql);
}

/**
 * Runs fn on the database as the application role bops_app (which the shipped
 * migrations create and grant): PGlite's one connection switches role for the
 * while; on PostgreSQL a second pool sets the role as each connection starts.
 */
async function asAppRole<T>(opened: TestDatabase, fn: (db: Database) => Promise<T>): Promise<T> {
  if (opened.db.kind === 'pglite') {
    await opened.db.query('SET ROLE bops_app');
    try {
      return await fn(opened.db);
    } finally {
      await opened.db.query('RESET ROLE');
    }
  }
  const url = new URL(opened.url!);
  url.searchParams.set('options', '-c role=bops_app');
  const app = await createPostgresDatabase(url.toString());
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

async function tableExists(opened: TestDatabase, table: string): Promise<boolean> {
  const { rows } = await opened.db.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table]);
  return rows[0]!.found;
}

describe.each(DATABASE_ENGINES)('migrate on %s', (engine) => {
  let opened: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    opened = await openTestDatabase(engine, { migrated: false });
  });
  afterAll(() => opened.dispose());
  beforeEach(async () => {
    // An empty schema per test is much cheaper than a new database (PGlite takes seconds to start).
    await opened.db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    dir = await mkdtemp(join(tmpdir(), 'bops-migrations-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('applies the shipped migrations once and nothing on a second run', async () => {
    const shipped = await shippedMigrations();
    expect(shipped[0]).toBe('001_initial');
    expect(await migrate(opened.db)).toEqual(shipped);
    expect(await migrate(opened.db)).toEqual([]);
    const { rows } = await opened.db.query('SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(
      shipped.map((name) => ({
        version: Number(name.slice(0, 3)),
        name,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        applied_at: expect.any(Date),
      })),
    );
    for (const table of ['officers', 'cases', 'assessments', 'assessment_answers', 'audit_log']) {
      expect(await tableExists(opened, table)).toBe(true);
    }
  });

  it('applies files in numeric order and ignores other files', async () => {
    await writeFile(join(dir, '002_second.sql'), "INSERT INTO steps VALUES ('second');");
    await writeFile(join(dir, '001_first.sql'), "CREATE TABLE steps (name text); INSERT INTO steps VALUES ('first');");
    await writeFile(join(dir, '010_tenth.sql'), "INSERT INTO steps VALUES ('tenth');");
    await writeFile(join(dir, 'README.md'), 'not a migration');
    expect(await migrate(opened.db, dir)).toEqual(['001_first', '002_second', '010_tenth']);
    const { rows } = await opened.db.query('SELECT name FROM steps');
    expect(rows.map((row) => row.name)).toEqual(['first', 'second', 'tenth']);
  });

  it('refuses to run when an applied migration was edited, and applies nothing after it', async () => {
    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE edited (n integer);');
    await migrate(opened.db, dir);
    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE edited (n bigint);');
    await writeFile(join(dir, '002_second.sql'), 'CREATE TABLE after_edit (n integer);');
    await expect(migrate(opened.db, dir)).rejects.toThrow(/001_first was changed after it was applied/);
    expect(await tableExists(opened, 'after_edit')).toBe(false);
  });

  it('does not count a change of line endings as an edit', async () => {
    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE crlf (n integer);\nSELECT 1;\n');
    await migrate(opened.db, dir);
    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE crlf (n integer);\r\nSELECT 1;\r\n');
    expect(await migrate(opened.db, dir)).toEqual([]);
  });

  it('leaves no trace of a failed migration, keeps the earlier ones, and retries it next time', async () => {
    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE kept (n integer);');
    await writeFile(join(dir, '002_broken.sql'), 'CREATE TABLE half_done (n integer); SELECT 1/0;');
    await expect(migrate(opened.db, dir)).rejects.toThrow(/division by zero/);
    expect(await tableExists(opened, 'kept')).toBe(true);
    expect(await tableExists(opened, 'half_done')).toBe(false);
    expect((await opened.db.query('SELECT name FROM schema_migrations')).rows).toEqual([{ name: '001_first' }]);

    await writeFile(join(dir, '002_broken.sql'), 'CREATE TABLE half_done (n integer);');
    expect(await migrate(opened.db, dir)).toEqual(['002_broken']);
  });

  it('rejects a .sql file that is not named NNN_name.sql', async () => {
    await writeFile(join(dir, '1_first.sql'), 'SELECT 1;');
    await expect(migrate(opened.db, dir)).rejects.toThrow(/must be named NNN_name\.sql/);
  });

  it('tells what is pending by reading the history only, and refuses an applied file that changed', async () => {
    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE first (n integer);');
    expect(await pendingMigrations(opened.db, dir)).toEqual(['001_first']);
    await migrate(opened.db, dir);
    await writeFile(join(dir, '002_second.sql'), 'CREATE TABLE second (n integer);');
    expect(await pendingMigrations(opened.db, dir)).toEqual(['002_second']);
    expect(await tableExists(opened, 'second')).toBe(false);

    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE first (n bigint);');
    const refused = await pendingMigrations(opened.db, dir).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(MigrationError);
    expect(refused).toMatchObject({ reason: 'applied_file_changed', message: expect.stringMatching(/001_first was changed after it was applied/) });
  });

  it('at start applies what is pending when the role may (the owner), and nothing more on the next start', async () => {
    await writeFile(join(dir, '001_first.sql'), 'CREATE TABLE first (n integer);');
    expect(await bringSchemaCurrent(opened.db, packs, dir)).toEqual({ applied: ['001_first'], catalogued: [] });
    expect(await bringSchemaCurrent(opened.db, packs, dir)).toEqual({ applied: [], catalogued: [] });
    expect(await tableExists(opened, 'first')).toBe(true);
  });

  it('at start lets the app role through a current schema, which it may only read', async () => {
    await migrate(opened.db);
    const started = await asAppRole(opened, async (app) => {
      // Proof that this is the app role: it may not create anything.
      await expect(app.query('CREATE TABLE intruder (n integer)')).rejects.toThrow(/permission denied/);
      return bringSchemaCurrent(app, packs);
    });
    expect(started).toEqual({ applied: [], catalogued: [] });
  });

  it('at start refuses the app role a pending migration, naming `npm run migrate`, and applies nothing', async () => {
    await migrate(opened.db);
    await shippedAnd(dir, '999_later.sql', 'CREATE TABLE later (n integer);');
    const refused = await asAppRole(opened, (app) => bringSchemaCurrent(app, packs, dir).catch((err: unknown) => err));
    expect(refused).toBeInstanceOf(MigrationError);
    expect(refused).toMatchObject({ reason: 'pending_needs_owner', message: expect.stringMatching(/999_later pending.*role "bops_app".*npm run migrate/) });
    expect(await tableExists(opened, 'later')).toBe(false);
    // The owner's run then brings it current, and the app role starts.
    expect((await bringSchemaCurrent(opened.db, packs, dir)).applied).toEqual(['999_later']);
    expect((await asAppRole(opened, (app) => bringSchemaCurrent(app, packs, dir))).applied).toEqual([]);
  });

  it("at start refuses the app role a published version's figure rows it may not write, naming `npm run migrate`; the owner's start writes them", async () => {
    await migrate(opened.db);
    const rowsOf111 = async () =>
      (await opened.db.query<{ measure_id: string }>(`SELECT measure_id FROM figure_social_services_measures WHERE pack_version = '1.1.1' ORDER BY 1`)).rows.map((r) => r.measure_id);
    // As a release that publishes 1.1.1 finds the database: no rows for it.
    await opened.db.query(`DELETE FROM figure_social_services_measures WHERE pack_version = '1.1.1'`);
    const refused = await asAppRole(opened, (app) => bringSchemaCurrent(app, packs).catch((err: unknown) => err));
    expect(refused).toBeInstanceOf(MigrationError);
    expect(refused).toMatchObject({ reason: 'pending_needs_owner', message: expect.stringMatching(/bops-exempel@1\.1\.1 are not in the database.*role "bops_app".*npm run migrate/) });
    expect(await rowsOf111()).toEqual([]);
    expect(await bringSchemaCurrent(opened.db, packs)).toEqual({ applied: [], catalogued: ['bops-exempel@1.1.1'] });
    expect(await rowsOf111()).toEqual(['skyddat_boende', 'utreseforbud']);
    expect(await asAppRole(opened, (app) => bringSchemaCurrent(app, packs))).toEqual({ applied: [], catalogued: [] });
  });

  it("restates bops_app's privileges with `npm run migrate` on PostgreSQL, leaves PGlite's alone, and not at a start on a current schema", async () => {
    const mayReadReferrals = async () =>
      (await opened.db.query<{ may: boolean }>(`SELECT has_table_privilege('bops_app', 'referrals', 'SELECT') AS may`)).rows[0]!.may;
    expect(await migrateAndRestatePrivileges(opened.db, packs)).toEqual({ applied: await shippedMigrations(), catalogued: [], privileges: { outcome: { postgres: 'restated', pglite: 'embedded' }[engine], role: 'bops_app' } });
    await opened.db.query('REVOKE SELECT ON referrals FROM bops_app');
    // A start finds the schema current and writes nothing, grants included.
    expect(await bringSchemaCurrent(opened.db, packs)).toEqual({ applied: [], catalogued: [] });
    expect(await mayReadReferrals()).toBe(false);
    // The owner's command repairs it on PostgreSQL; on PGlite, where the app never switches to bops_app, it writes nothing.
    expect((await migrateAndRestatePrivileges(opened.db, packs)).applied).toEqual([]);
    expect(await mayReadReferrals()).toBe(engine === 'postgres');
  });

  it('at start refuses a role that may not read the history, saying which grant is missing', async () => {
    await migrate(opened.db);
    await opened.db.query('REVOKE SELECT ON schema_migrations FROM bops_app');
    const refused = await asAppRole(opened, (app) => bringSchemaCurrent(app, packs).catch((err: unknown) => err));
    expect(refused).toMatchObject({ reason: 'history_unreadable', message: expect.stringMatching(/may not read schema_migrations.*npm run migrate/) });
  });
});

describe('migrate on postgres from two processes at once', () => {
  let opened: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    opened = await openTestDatabase('postgres', { migrated: false });
    dir = await mkdtemp(join(tmpdir(), 'bops-migrations-'));
  });
  afterEach(async () => {
    await opened.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets exactly one of them apply each migration', async () => {
    // The migration waits at a gate (an advisory lock this test holds) until both migrators are seen
    // waiting on a lock: one at the gate inside the migration, the other for the migration lock.
    // Only then does the test open the gate: they surely collided.
    const GATE = 7_340_001;
    await writeFile(join(dir, '001_gated.sql'), `SELECT pg_advisory_xact_lock(${GATE}); CREATE TABLE once (n integer);`);
    const gate = new pg.Client({ connectionString: opened.url! });
    await gate.connect();
    const other = await createPostgresDatabase(opened.url!);
    try {
      await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
      const both = Promise.all([migrate(opened.db, dir), migrate(other, dir)]);
      const waitingOnLocks = async () =>
        (await gate.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0]!.n;
      await expect.poll(waitingOnLocks, { timeout: 10_000, interval: 10 }).toBe(2);
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
      const [first, second] = await both;
      expect([...first, ...second]).toEqual(['001_gated']);
      expect((await opened.db.query('SELECT count(*)::int AS n FROM schema_migrations')).rows).toEqual([{ n: 1 }]);
    } finally {
      await gate.end();
      await other.close();
    }
  });
});
