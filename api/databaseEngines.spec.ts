// Both engines behind the Database seam must behave alike, or repository code
// tested on one would break on the other.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createPgliteDatabase } from './pgliteDatabase.js';
import { DATABASE_ENGINES, openTestDatabase, type TestDatabase } from '../test/testDatabases.js';

/** A promise and its resolve: a gate one side opens and the other awaits, so the test orders events itself. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

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
    // PostgreSQL runs them on two connections at once: each waits, its row inserted, until the
    // other has inserted too, so both are open together. PGlite has one connection and queues the
    // second until the first ends (a wait for the other there would never end): its events run one
    // transaction after the other, though both were asked for while the first was open.
    const events: string[] = [];
    const inserted = { 500: gate(), 600: gate() };
    const insertAlongside = (n: 500 | 600, other: 500 | 600) =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO probe (n, label) VALUES ($1, $2)', [n, 'concurrent']);
        events.push(`${n} inserted`);
        inserted[n].open();
        if (engine === 'postgres') await inserted[other].opened;
        await tx.query('UPDATE probe SET n = n + 1 WHERE n = $1', [n]);
        events.push(`${n} updated`);
      });
    await Promise.all([insertAlongside(500, 600), insertAlongside(600, 500)]);
    const { rows } = await db.query('SELECT n FROM probe WHERE label = $1 ORDER BY n', ['concurrent']);
    expect(rows).toEqual([{ n: 501 }, { n: 601 }]);
    if (engine === 'postgres') expect(events.slice(0, 2).sort()).toEqual(['500 inserted', '600 inserted']);
    else expect(events).toEqual(['500 inserted', '500 updated', '600 inserted', '600 updated']);
  });

  it('never lets a query outside a transaction see its uncommitted rows', async () => {
    // The transaction stays open, its row inserted, until the outside query has answered (on
    // PostgreSQL, from another connection) or has been asked (on PGlite, whose one connection
    // answers it only once the transaction ended: waiting for its answer there would never end).
    const inserted = gate();
    const outsideAsked = gate();
    let outside!: Promise<{ rows: unknown[] }>;
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe (n, label) VALUES ($1, $2)', [700, 'uncommitted']);
      inserted.open();
      await outsideAsked.opened;
      if (engine === 'postgres') await outside;
      throw new Error('roll back');
    });
    await inserted.opened;
    outside = db.query('SELECT count(*)::int AS n FROM probe WHERE label = $1', ['uncommitted']);
    outsideAsked.open();
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
