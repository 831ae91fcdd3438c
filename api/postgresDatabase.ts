// The production engine: a pg.Pool behind the Database seam. Type parsing is
// aligned with pgliteDatabase.ts so repository code never sees which engine
// answered.
import pg from 'pg';
import type { Database, Queryable, QueryOptions, QueryResult } from './database.js';

const DATE_OID = 1082;

// pg turns a `date` into a Date at local midnight, which shifts the day under
// a non-UTC TZ; both engines hand dates over as 'YYYY-MM-DD' text instead.
// int8 stays text (pg's default) because JS numbers cannot hold every int8.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>> {
      const values = params as unknown[] | undefined;
      const result = (await (options?.prepareAs === undefined
        ? client.query(sql, values)
        : client.query({ name: options.prepareAs, text: sql, ...(values ? { values } : {}) }))) as pg.QueryResult | pg.QueryResult[];
      // Without parameters pg uses the simple protocol, which allows several
      // statements (migrations) and then answers with one result per statement.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
    },
  };
}

/** Opens a pool on `url`; nothing is connected until the first query. */
export async function createPostgresDatabase(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, application_name: 'bops-assistant', types: typeParsers });
  // An idle connection dropped by the server would otherwise be an unhandled
  // 'error' event that kills the process; pg already discards that client and
  // the next query opens a new one, so there is nothing left to do here.
  pool.on('error', () => {});
  const queryable = wrap(pool);

  return {
    kind: 'postgres',
    query: queryable.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        // A connection whose ROLLBACK failed is in an unknown state: destroy it
        // rather than hand it to the next caller.
        await client.query('ROLLBACK').then(
          () => client.release(),
          (rollbackError: unknown) => client.release(rollbackError as Error),
        );
        throw error;
      }
    },
    async ping(): Promise<void> {
      await pool.query('SELECT 1');
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
