// Which database errors are faults of the database itself — the connection
// lost, the server shutting down or out of resources — as opposed to the
// answers a repository expects and turns into domain results (a unique
// violation is a 409). Operators count the former (the bot's /metrics); the
// latter are not errors of anything. A deadlock (40P01) is neither: the lock
// order every audited writer keeps (api/auditLog.ts appendAudit) rules it out,
// and one that still happened is a bug, answered as any other (500).
import type { Database, Queryable, QueryOptions } from './database.js';

/** SQLSTATE classes of a fault: connection exception, login refused, insufficient resources, operator intervention, system error, internal error. */
const FAULT_CLASSES = new Set(['08', '28', '53', '57', '58', 'XX']);
// The server refusing the login itself: the database is gone (3D000) or closed to
// new connections (55000, as ALTER DATABASE … ALLOW_CONNECTIONS false does during
// maintenance — the code is generic, so only with the server's words for it).
const REFUSED_LOGIN = (code: string, message: string) => code === '3D000' || (code === '55000' && /not currently accepting connections/i.test(message));
const SQLSTATE = /^[0-9A-Z]{5}$/;
const ERRNO = /^E[A-Z]+$/;
// pg reports a dropped or never-made connection without a code; these are its words for it.
const CONNECTION_WORDS = /connection terminated|connection error|timeout exceeded when trying to connect|not queryable/i;

export function isDatabaseFault(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && SQLSTATE.test(code)) return FAULT_CLASSES.has(code.slice(0, 2)) || REFUSED_LOGIN(code, err.message);
  if (typeof code === 'string' && ERRNO.test(code)) return true;
  return code === undefined && CONNECTION_WORDS.test(err.message);
}

/** The same database, telling `onFault` of every fault a call ends in (and still rejecting with it). */
export function observeDatabaseFaults(database: Database, onFault: (err: Error) => void): Database {
  const observe = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((err: unknown) => {
      if (isDatabaseFault(err)) onFault(err as Error);
      throw err;
    });
  return {
    kind: database.kind,
    query: <R>(sql: string, params?: readonly unknown[], options?: QueryOptions) => observe(database.query<R>(sql, params, options)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => observe(database.transaction(fn)),
    ping: () => observe(database.ping()),
    close: () => database.close(),
  };
}
