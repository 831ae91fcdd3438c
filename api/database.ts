// The one seam between repositories and a Postgres engine. Two engines sit
// behind it: real PostgreSQL (pg.Pool) and embedded PGlite (the zero-config
// default); every repository test runs against both.

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Resolves when the engine answers a trivial query; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
