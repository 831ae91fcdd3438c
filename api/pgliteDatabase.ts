// The zero-configuration engine: PostgreSQL compiled to WASM, in memory or in
// a local directory, so `npm start` works without a server. It returns the
// same JS types as postgresDatabase.ts for the same SQL.
import { mkdir } from 'node:fs/promises';
import { PGlite, types, type Results, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';

// Match pg: int8 as text (a JS number cannot hold every int8) and date as
// 'YYYY-MM-DD' text (see postgresDatabase.ts).
const parsers = {
  [types.INT8]: (value: string) => value,
  [types.DATE]: (value: string) => value,
};

function toResult<R>(result: Results | undefined): QueryResult<R> {
  return { rows: (result?.rows ?? []) as R[], rowCount: result?.rowCount ?? result?.affectedRows ?? 0 };
}

// QueryOptions.prepareAs is a hint, ignored here: PGlite's query() has no
// named statements.
function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      // Like pg: without parameters use the simple protocol, which accepts
      // several statements (migrations); the last statement's result answers.
      if (params === undefined || params.length === 0) {
        const results = await target.exec(sql);
        return toResult<R>(results[results.length - 1]);
      }
      return toResult<R>(await target.query(sql, [...params]));
    },
  };
}

/**
 * Opens PGlite in `dataDir` (created if missing) or in memory when undefined.
 * PGlite has one connection: queries and transactions are queued, so code
 * inside `transaction` must use its `tx` — calling the Database itself there
 * waits for the transaction that waits for it.
 */
export async function createPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir === undefined ? { parsers } : { dataDir, parsers });
  const queryable = wrap(lite);

  return {
    kind: 'pglite',
    query: queryable.query,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return lite.transaction((tx) => fn(wrap(tx)));
    },
    async ping(): Promise<void> {
      await lite.query('SELECT 1');
    },
    async close(): Promise<void> {
      await lite.close();
    },
  };
}
