// One place that knows how a test gets a database of its own, on every engine
// the app supports, so repository, API and end-to-end tests all run against
// real PostgreSQL and PGlite alike without sharing state.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../api/database.js';
import { migrate } from '../api/migrator.js';
import { createPgliteDatabase } from '../api/pgliteDatabase.js';
import { createPostgresDatabase } from '../api/postgresDatabase.js';

export const DATABASE_ENGINES = ['postgres', 'pglite'] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** A server where the test user may CREATE DATABASE; each test database is created beside it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  /** The connection URL of the fresh database (postgres only), e.g. for a server under test. */
  url: string | undefined;
  /** Closes the database and, on postgres, drops it. */
  dispose(): Promise<void>;
}

/** Runs fn with a connection as the cluster's administrator, outside any test database. */
export async function withAdmin(fn: (admin: pg.Client) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await fn(admin);
  } finally {
    await admin.end();
  }
}

async function openEmpty(engine: DatabaseEngine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await createPgliteDatabase(undefined);
    return { db, url: undefined, dispose: () => db.close() };
  }
  // Only [a-z0-9_], so the name needs no quoting.
  const name = `bops_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`).then(() => undefined));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const db = await createPostgresDatabase(url.toString());
  return {
    db,
    url: url.toString(),
    async dispose() {
      await db.close();
      // FORCE ends connections a failed test may have left open.
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined));
    },
  };
}

/**
 * Opens an empty database of its own on `engine`, migrated unless
 * `migrated: false`. Call once per test file (beforeAll) and dispose in afterAll.
 */
export async function openTestDatabase(
  engine: DatabaseEngine,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const opened = await openEmpty(engine);
  if (options.migrated === false) return opened;
  try {
    await migrate(opened.db);
  } catch (error) {
    await opened.dispose();
    throw error;
  }
  return opened;
}
