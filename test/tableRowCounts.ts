// "Nothing was stored" made checkable: the row count of every table the
// application writes (all but the migration history), to compare before and
// after a request that must leave the database as it was.
import type { Queryable } from '../api/database.js';

export async function tableRowCounts(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    // Names come from the catalogue; quoted all the same.
    counts[table_name] = Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${table_name.replace(/"/g, '""')}"`)).rows[0]!.n);
  }
  return counts;
}
