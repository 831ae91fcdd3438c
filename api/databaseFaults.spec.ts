import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../test/testDatabases.js';
import { isDatabaseFault, observeDatabaseFaults } from './databaseFaults.js';

const pgError = (code: string) => Object.assign(new Error('x'), { code });

describe('isDatabaseFault', () => {
  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown'],
    ['53300', 'too many connections'],
    ['58030', 'io error'],
    ['XX000', 'internal error'],
    ['28P01', 'login refused: wrong password'],
    ['3D000', 'the database does not exist'],
  ])('SQLSTATE %s (%s) is a fault', (code) => expect(isDatabaseFault(pgError(code))).toBe(true));

  it.each([
    ['23505', 'unique violation: a 409'],
    ['40001', 'serialization failure: retried'],
    ['22P02', 'invalid text representation'],
    ['42P01', 'undefined table: a bug, not an outage'],
  ])('SQLSTATE %s (%s) is not', (code) => expect(isDatabaseFault(pgError(code))).toBe(false));

  it('counts a refused or reset connection and pg\'s uncoded connection errors, not a domain error', () => {
    expect(isDatabaseFault(pgError('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseFault(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseFault(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseFault(new Error('assessment is not a draft'))).toBe(false);
    expect(isDatabaseFault('Connection terminated')).toBe(false);
  });

  it('counts a database closed to new connections, not the same generic SQLSTATE from a statement', () => {
    expect(isDatabaseFault(Object.assign(new Error('database "bops" is not currently accepting connections'), { code: '55000' }))).toBe(true);
    expect(isDatabaseFault(Object.assign(new Error('currval of sequence "s" is not yet defined in this session'), { code: '55000' }))).toBe(false);
  });
});

describe('observeDatabaseFaults on real PostgreSQL', () => {
  let opened: TestDatabase;
  beforeAll(async () => {
    opened = await openTestDatabase('postgres', { migrated: false });
  }, 60_000);
  afterAll(() => opened?.dispose());

  it('tells of a query whose connection the server ended, not of a constraint the query broke; both still reject', async () => {
    const faults: Error[] = [];
    const db = observeDatabaseFaults(opened.db, (err) => faults.push(err));
    await db.query('CREATE TABLE t (id int PRIMARY KEY)');
    await db.query('INSERT INTO t VALUES (1)');
    await expect(db.transaction((tx) => tx.query('INSERT INTO t VALUES (1)'))).rejects.toMatchObject({ code: '23505' });
    expect(faults).toEqual([]);

    // Settled into a value at once: it rejects while the poll below still runs.
    const sleeping = db.query("SELECT pg_sleep(30), 'bops-fault-probe'").then(() => 'finished', (err: unknown) => err);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await expect
        .poll(async () => (await admin.query("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query LIKE '%bops-fault-probe%' AND pid <> pg_backend_pid()")).rowCount, { timeout: 10_000 })
        .toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    expect(await sleeping).toMatchObject({ code: '57P01' });
    expect(faults.map((err) => (err as { code?: string }).code)).toEqual(['57P01']);
    // The pool dropped that connection; the next query opens a new one.
    await expect(db.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  }, 30_000);
});
