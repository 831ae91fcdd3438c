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

export async function tableContents(db: Queryable): Promise<Record<string, TableContents>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`,
  );
  const contents: Record<string, TableContents> = {};
  for (const { table_name } of rows) {
    // Names come from the catalogue; quoted all the same.
    const table = `"${table_name.replace(/"/g, '""')}"`;
    const { rows: [row] } = await db.query<{ n: string; digest: string | null }>(
      `SELECT count(*)::text AS n, md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS digest FROM (SELECT md5(t::text) AS h FROM ${table} t) rows_of`,
    );
    contents[table_name] = { rows: Number(row!.n), digest: row!.digest ?? '' };
  }
  return contents;
}

/** The contents without the audit trail (the log and its chain head), for a request that may append audit rows and nothing else. */
export function withoutAuditTrail(contents: Record<string, TableContents>): Record<string, TableContents> {
  const { audit_log: _log, audit_chain_head: _head, ...rest } = contents;
  return rest;
}
