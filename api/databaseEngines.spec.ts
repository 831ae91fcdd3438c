// Both engines behind the Database seam must behave alike, or repository code
// tested on one would break on the other.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createPgliteDatabase } from './pgliteDatabase.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DATABASE_ENGINES)('%s database', (engine) => {
  let opened: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    opened = await openTestDatabase(engine, { migrated: false });
    db = opened.db;
    await db.query('CREATE TABLE probe (n integer NOT NULL, label text)');
  });
  afterAll(() => opened.dispose());

  it('reports its engine and answers ping', async () => {
    expect(db.kind).toBe(engine);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it('returns the same JS types for the same SQL', async () => {
    const { rows } = await db.query(
      `SELECT '2025-03-01T12:00:00Z'::timestamptz AS ts, '2025-03-01'::date AS d, 9007199254740993::int8 AS big,
              7::int4 AS small, 1.50::numeric AS num, true AS flag, '{"a":[1,"x"]}'::jsonb AS obj,
              '"text"'::jsonb AS str, ARRAY['a','b']::text[] AS arr,
              '00000000-0000-4000-8000-000000000001'::uuid AS id, NULL::text AS nothing`,
    );
    expect(rows[0]).toStrictEqual({
      ts: new Date('2025-03-01T12:00:00Z'),
      d: '2025-03-01',
      big: '9007199254740993',
      small: 7,
      num: '1.50',
      flag: true,
      obj: { a: [1, 'x'] },
      str: 'text',
      arr: ['a', 'b'],
      id: '00000000-0000-4000-8000-000000000001',
      nothing: null,
    });
  });

  it('accepts Dates, string arrays and JSON text as parameters', async () => {
    const { rows } = await db.query('SELECT $1::timestamptz AS ts, $2::text[] AS arr, $3::jsonb AS doc', [
      new Date('2025-03-01T12:00:00Z'),
      ['x', 'y'],
      JSON.stringify(['p', 'q']),
    ]);
    expect(rows[0]).toStrictEqual({ ts: new Date('2025-03-01T12:00:00Z'), arr: ['x', 'y'], doc: ['p', 'q'] });
  });

  it('counts the rows a statement touched', async () => {
    expect((await db.query('INSERT INTO probe (n) VALUES ($1), ($2)', [100, 101])).rowCount).toBe(2);
    expect((await db.query('UPDATE probe SET label = $1 WHERE n >= $2', ['counted', 100])).rowCount).toBe(2);
    expect((await db.query('SELECT n FROM probe WHERE label = $1', ['counted'])).rowCount).toBe(2);
  });

  it('runs several statements when given no parameters, answering with the last', async () => {
    const result = await db.query("INSERT INTO probe (n) VALUES (200); SELECT 'last' AS which");
    expect(result.rows).toEqual([{ which: 'last' }]);
  });

  it('commits a transaction that resolves', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe (n, label) VALUES ($1, $2)', [300, 'committed']);
      return 'done';
    });
    expect(value).toBe('done');
    expect((await db.query('SELECT n FROM probe WHERE label = $1', ['committed'])).rows).toEqual([{ n: 300 }]);
  });

  it('rolls back a transaction that throws and rethrows its error', async () => {
    const failure = new Error('deliberate');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO probe (n, label) VALUES ($1, $2)', [400, 'rolled-back']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await db.query('SELECT n FROM probe WHERE label = $1', ['rolled-back'])).rows).toEqual([]);
  });

  it('commits two concurrent transactions', async () => {
    const insertSlowly = (n: number) =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO probe (n, label) VALUES ($1, $2)', [n, 'concurrent']);
        await sleep(20);
        await tx.query('UPDATE probe SET n = n + 1 WHERE n = $1', [n]);
      });
    await Promise.all([insertSlowly(500), insertSlowly(600)]);
    const { rows } = await db.query('SELECT n FROM probe WHERE label = $1 ORDER BY n', ['concurrent']);
    expect(rows).toEqual([{ n: 501 }, { n: 601 }]);
  });

  it('never lets a query outside a transaction see its uncommitted rows', async () => {
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe (n, label) VALUES ($1, $2)', [700, 'uncommitted']);
      inserted();
      await sleep(30);
      throw new Error('roll back');
    });
    await insertedSignal;
    const outside = db.query('SELECT count(*)::int AS n FROM probe WHERE label = $1', ['uncommitted']);
    await expect(transaction).rejects.toThrow('roll back');
    expect((await outside).rows).toEqual([{ n: 0 }]);
  });
});

describe('pglite database in a directory', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bops-pglite-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('creates the directory and keeps data across reopening', async () => {
    const dataDir = join(root, 'nested', 'data');
    const first = await createPgliteDatabase(dataDir);
    await first.query('CREATE TABLE kept (n integer)');
    await first.query('INSERT INTO kept VALUES ($1)', [42]);
    await first.close();

    const second = await createPgliteDatabase(dataDir);
    expect((await second.query('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
    await second.close();
  });
});
