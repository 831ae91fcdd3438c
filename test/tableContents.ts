// "Nothing was stored" made checkable: every table the application writes (all
// but the migration history) as its row count and a digest of its rows' full
// contents, order-independent — so an in-place UPDATE shows as plainly as an
// added or removed row when compared before and after a request that must
// leave the database as it was.
import type { Queryable } from '../api/database.js';

export interface TableContents {
  rows: number;
  /** md5 over the sorted md5s of each row's text form; identical contents, identical digest. */
  digest: string;
}

/** `except`: tables left out (e.g. the audit trail, which a caller compares its own way). */
export async function tableContents(db: Queryable, except: readonly string[] = []): Promise<Record<string, TableContents>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' AND NOT (table_name = ANY($1::text[])) ORDER BY table_name`,
    [except],
  );
  if (rows.length === 0) return {};
  // One statement for all tables: a fuzz takes this before and after each of thousands of requests.
  // Names come from the catalogue; quoted all the same.
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const literal = (name: string) => `'${name.replace(/'/g, "''")}'`;
  const { rows: counted } = await db.query<{ table_name: string; n: string; digest: string | null }>(
    rows
      .map(({ table_name }) => `SELECT ${literal(table_name)} AS table_name, count(*)::text AS n, md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS digest FROM (SELECT md5(t::text) AS h FROM ${quoted(table_name)} t) rows_of`)
      .join(' UNION ALL '),
  );
  const contents: Record<string, TableContents> = {};
  for (const { table_name } of rows) {
    const row = counted.find((c) => c.table_name === table_name)!;
    contents[table_name] = { rows: Number(row.n), digest: row.digest ?? '' };
  }
  return contents;
}

/** The contents without the audit trail (the log and its chain head), for a request that may append audit rows and nothing else. */
export function withoutAuditTrail(contents: Record<string, TableContents>): Record<string, TableContents> {
  const { audit_log: _log, audit_chain_head: _head, ...rest } = contents;
  return rest;
}
