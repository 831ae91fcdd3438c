// A PostgreSQL database of its own owned by a login role of its own, and a
// second login role in bops_app: production's split (the owner migrates, the
// app role serves) for the tests of privileges, which cannot share the test
// databases' single role. The names carry a random suffix of [a-z0-9_] only,
// so SQL can name them without quoting.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_DATABASE_URL } from './testDatabases.js';

export interface OwnedTestDatabase {
  ownerRole: string;
  /** A member of bops_app, as the API's login role is. */
  appRole: string;
  database: string;
  /** The database's URL connecting as `role`: the trusted local server lets any role in from 127.0.0.1 without a password. */
  urlAs(role: string): string;
  /** Runs `fn` as the administrator of the test server, in `database` if named (else the default one). */
  asAdmin<T>(fn: (admin: pg.Client) => Promise<T>, database?: string): Promise<T>;
  /** Creates the roles and the database, as a DBA does once. */
  create(): Promise<void>;
  /** Drops the database and the roles. */
  drop(): Promise<void>;
}

/** `tag` tells one test's roles from another's in a listing, e.g. 'lp' → bops_lp_owner_…, bops_lp_api_…, bops_test_lp_…. */
export function ownedTestDatabase(tag: string): OwnedTestDatabase {
  const suffix = randomBytes(5).toString('hex');
  const ownerRole = `bops_${tag}_owner_${suffix}`;
  const appRole = `bops_${tag}_api_${suffix}`;
  const database = `bops_test_${tag}_${suffix}`;
  const asAdmin = async <T>(fn: (admin: pg.Client) => Promise<T>, inDatabase?: string): Promise<T> => {
    const url = new URL(TEST_DATABASE_URL);
    if (inDatabase) url.pathname = `/${inDatabase}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.end();
    }
  };
  return {
    ownerRole,
    appRole,
    database,
    urlAs(role) {
      const url = new URL(TEST_DATABASE_URL);
      url.username = role;
      url.password = '';
      url.pathname = `/${database}`;
      return url.toString();
    },
    asAdmin,
    create: () =>
      asAdmin(async (admin) => {
        // What a DBA does once per cluster; another test database's migration may be doing it right now.
        await admin.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bops_app') THEN CREATE ROLE bops_app NOLOGIN; END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
        await admin.query(`CREATE ROLE ${ownerRole} LOGIN`);
        await admin.query(`CREATE ROLE ${appRole} LOGIN IN ROLE bops_app`);
        // The owner owns the database, and so (PostgreSQL 15) its public schema: it may create there; nobody else may.
        await admin.query(`CREATE DATABASE ${database} OWNER ${ownerRole}`);
      }),
    drop: () =>
      asAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        // Everything they owned or were granted lived in that database; what is left is the roles themselves.
        await admin.query(`DROP ROLE IF EXISTS ${appRole}`);
        await admin.query(`DROP ROLE IF EXISTS ${ownerRole}`);
      }),
  };
}
