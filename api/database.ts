// The one seam between repositories and a Postgres engine. Two engines sit
// behind it: real PostgreSQL (pg.Pool) and embedded PGlite (the zero-config
// default); every repository test runs against both.

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * For a hot statement of constant text: a name under which the engine may
   * keep it parsed and planned on each connection, so repeats skip that work.
   * One name, one text, for the life of the process.
   */
  prepareAs?: string;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Resolves when the engine answers a trivial query; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
