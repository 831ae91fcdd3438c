// For the tests that put two writers at one lock on real PostgreSQL: resolves once `count`
// connections of the database wait for a lock (a row lock, an advisory lock) in a statement
// containing `statement` (any statement when not given), so the test opens what holds them only
// when they are all there, whatever the timing; or, once `settled` says so, at once (a writer that
// never had to wait).
import type { Queryable } from '../api/database.js';

export interface LockWaiters {
  count: number;
  /** Text of the waiting statement, e.g. 'INSERT INTO case_assignments': other jobs' brief waits do not count. */
  statement?: string;
  settled?: () => boolean;
}

/** Polls pg_stat_activity every 10 ms, for at most 20 s; throws if the waiters never came. */
export async function untilWaitingForLocks(db: Queryable, { count, statement = '', settled = () => false }: LockWaiters): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (settled()) return;
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND strpos(query, $1) > 0`,
      [statement],
    );
    if (rows[0]!.n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${count} connection(s) never waited for a lock`);
}
