// Brings a database to the schema this code expects, on either engine. Each
// migration file is applied once, in order, and may never change afterwards:
// a database's history must match the files that claim to build it.
// Applying needs the schema owner; on PostgreSQL the server and the operators'
// commands run as a login role in bops_app, which may only read the history,
// so at start they check it and migrate only when the connected role may.
// After migrating, the owner restates everything bops_app may do
// (api/appRolePrivileges.ts), which repairs a restored database too.
// Part of a current schema, too, are the figures' rows of every published pack
// version (api/socialServicesMeasures.ts): written here after the migrations,
// by whoever may migrate, so publishing a method version needs no migration.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { APP_ROLE } from './appRolePrivileges.js';
import type { Database, Queryable } from './database.js';
import { MigrationError } from './migrationError.js';
import { restateAppRolePrivileges, type AppRolePrivilegesRestated } from './restateAppRolePrivileges.js';
import { addSocialServicesMeasures, packVersionName, pendingSocialServicesMeasures } from './socialServicesMeasures.js';

const DEFAULT_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Arbitrary constant shared by every instance of this app, so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 7_204_113_001;

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (!match) {
      throw new MigrationError('misnamed_file', `Migration file "${file}" must be named NNN_name.sql (lower case, digits, underscores)`);
    }
    const version = Number(match[1]);
    if (files.some((f) => f.version === version)) throw new MigrationError('duplicate_version', `Two migration files have version ${match[1]}`);
    // Line endings are normalised so a checkout with CRLF does not count as an edit.
    const sql = (await readFile(join(dir, file), 'utf8')).replace(/\r\n/g, '\n');
    const checksum = createHash('sha256').update(sql).digest('hex');
    files.push({ version, name: file.slice(0, -'.sql'.length), sql, checksum });
  }
  return files;
}

function changedAfterApplied(file: MigrationFile, appliedChecksum: string): MigrationError {
  return new MigrationError(
    'applied_file_changed',
    `Migration ${file.name} was changed after it was applied (checksum ${appliedChecksum} in the database, ` +
      `${file.checksum} on disk); add a new migration instead of editing an applied one`,
  );
}

async function ensureMigrationTable(tx: Queryable): Promise<void> {
  await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
}

/** Applies one file unless already applied; true when it ran now. Throws when an applied file changed. */
async function applyOnce(tx: Queryable, file: MigrationFile): Promise<boolean> {
  // Held until this transaction ends; a second process waits here and then
  // finds the migration already recorded. PGlite has one connection, where the
  // lock is merely redundant.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await ensureMigrationTable(tx);
  const { rows } = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [
    file.version,
  ]);
  const applied = rows[0];
  if (applied) {
    if (applied.checksum !== file.checksum) throw changedAfterApplied(file, applied.checksum);
    return false;
  }
  await tx.query(file.sql);
  await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
    file.version,
    file.name,
    file.checksum,
  ]);
  return true;
}

/**
 * Applies the NNN_name.sql files of `dir` (default: ./migrations beside this
 * module) that the database has not seen, each in its own transaction, and
 * returns the names applied now (empty when already up to date). Needs the
 * schema owner's rights: `npm run migrate`, or bringSchemaCurrent at start.
 */
export async function migrate(db: Database, dir: string = DEFAULT_DIR): Promise<string[]> {
  const applied: string[] = [];
  for (const file of await readMigrations(dir)) {
    if (await db.transaction((tx) => applyOnce(tx, file))) applied.push(file.name);
  }
  return applied;
}

interface ConnectedRole {
  role: string;
  /** Whether this role can apply migrations: CREATE in the schema and the rights of schema_migrations' owner. */
  mayMigrate: boolean;
  /** Whether schema_migrations exists where this role looks; false before the first migration. */
  historyExists: boolean;
  /** Whether this role may read schema_migrations (true when there is none to read). */
  historyReadable: boolean;
}

async function connectedRole(db: Queryable): Promise<ConnectedRole> {
  // has_* answer NULL for a missing object; pg_has_role is true for a superuser (PGlite's only role).
  const { rows } = await db.query<ConnectedRole>(
    `SELECT current_user::text AS "role",
            coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
              AND coalesce((SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = to_regclass('schema_migrations')), true)
              AS "mayMigrate",
            to_regclass('schema_migrations') IS NOT NULL AS "historyExists",
            coalesce(has_table_privilege(to_regclass('schema_migrations'), 'SELECT'), true) AS "historyReadable"`,
  );
  return rows[0]!;
}

async function pendingOf(db: Queryable, files: readonly MigrationFile[], connected: ConnectedRole): Promise<MigrationFile[]> {
  if (!connected.historyExists) return [...files];
  if (!connected.historyReadable) {
    throw new MigrationError(
      'history_unreadable',
      `Role "${connected.role}" may not read schema_migrations, so it cannot tell whether the schema is current: ` +
        `the schema owner restates the app role's (${APP_ROLE}) privileges with \`npm run migrate\``,
    );
  }
  const { rows } = await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
  const applied = new Map(rows.map((row) => [row.version, row.checksum]));
  const pending: MigrationFile[] = [];
  for (const file of files) {
    const checksum = applied.get(file.version);
    if (checksum === undefined) pending.push(file);
    else if (checksum !== file.checksum) throw changedAfterApplied(file, checksum);
  }
  return pending;
}

/**
 * The migrations of `dir` this database has not applied, by name, read
 * without writing anything (SELECT on schema_migrations is all it needs).
 * Throws MigrationError 'applied_file_changed' when an applied file changed.
 */
export async function pendingMigrations(db: Queryable, dir: string = DEFAULT_DIR): Promise<string[]> {
  return (await pendingOf(db, await readMigrations(dir), await connectedRole(db))).map((file) => file.name);
}

/** Applies what is pending when `connected` may; throws 'pending_needs_owner' when it may not. */
async function applyPending(db: Database, dir: string, connected: ConnectedRole): Promise<string[]> {
  const pending = await pendingOf(db, await readMigrations(dir), connected);
  if (pending.length === 0) return [];
  if (!connected.mayMigrate) {
    throw new MigrationError(
      'pending_needs_owner',
      `The database schema is not current: ${pending.map((file) => file.name).join(', ')} pending, and role "${connected.role}" ` +
        'may not apply migrations. Run `npm run migrate` as the schema owner (DATABASE_URL of the owning role), then start again.',
    );
  }
  return migrate(db, dir);
}

/** The published versions the methodology holds: all the migrator needs of it. */
export type PublishedPacks = Pick<MethodologySource, 'published'>;

/**
 * Writes the figures' rows of the published versions that have none when
 * `connected` may (reading first, so a current database is not written to);
 * throws 'pending_needs_owner' when it may not, and 'published_catalogue_differs'
 * when a version's rows are not its catalogue's. Returns the versions written now.
 */
async function bringCatalogueCurrent(db: Database, packs: PublishedPacks, connected: ConnectedRole): Promise<string[]> {
  const pending = await pendingSocialServicesMeasures(db, packs.published());
  if (pending.length === 0) return [];
  if (!connected.mayMigrate) {
    throw new MigrationError(
      'pending_needs_owner',
      `The figures' rows of published pack version ${pending.map(packVersionName).join(', ')} are not in the database, and role ` +
        `"${connected.role}" may not write them. Run \`npm run migrate\` as the schema owner (DATABASE_URL of the owning role), then start again.`,
    );
  }
  const written = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    return addSocialServicesMeasures(tx, packs.published());
  });
  return written.map(packVersionName);
}

/** Restates bops_app's privileges in a transaction of its own, under the migration lock. */
async function restatePrivileges(db: Database): Promise<AppRolePrivilegesRestated> {
  switch (db.kind) {
    case 'pglite':
      return { outcome: 'embedded', role: APP_ROLE };
    case 'postgres':
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        return restateAppRolePrivileges(tx);
      });
    default: {
      const unknown: never = db.kind;
      throw new Error(`unknown database engine ${String(unknown)}`);
    }
  }
}

export interface SchemaBroughtCurrent {
  /** The migrations applied now, in order. */
  applied: string[];
  /** The published pack versions whose figure rows were written now (bops-exempel@1.1.1). */
  catalogued: string[];
}

/**
 * What the server and the operators' commands do before touching data: when
 * every migration is applied and every published version of `packs` has its
 * figure rows they write nothing; when some are pending they apply or write
 * them if the connected role may (the schema owner, PGlite's one superuser)
 * and otherwise throw MigrationError 'pending_needs_owner', naming
 * `npm run migrate`. The rows belong to the shipped schema: with another
 * directory's migrations (a test's) `packs` is not read.
 */
export async function bringSchemaCurrent(db: Database, packs: PublishedPacks, dir: string = DEFAULT_DIR): Promise<SchemaBroughtCurrent> {
  const connected = await connectedRole(db);
  const applied = await applyPending(db, dir, connected);
  const catalogued = dir === DEFAULT_DIR ? await bringCatalogueCurrent(db, packs, connected) : [];
  // A start that migrated restates bops_app's privileges, since a new table's
  // decision may live in the map alone and the owner's default privileges
  // would meanwhile give the app role plain DML on it. A start on a current
  // schema does not: it writes nothing (several instances start at once, and
  // a server connected as the owner does not use bops_app); repairing a
  // restored database is `npm run migrate`'s. The map describes the schema the
  // shipped migrations build, so another directory's (a test's) is left alone.
  if (applied.length > 0 && dir === DEFAULT_DIR) await restatePrivileges(db);
  return { applied, catalogued };
}

export interface OwnerMigration extends SchemaBroughtCurrent {
  privileges: AppRolePrivilegesRestated;
}

/**
 * `npm run migrate`: brings the schema current as bringSchemaCurrent does
 * (the figure rows of `packs`' published versions included), then restates
 * bops_app's privileges, also when nothing was pending, so a restored
 * database is repaired by the same command. A role that may not
 * migrate gets 'not-owner' (and writes nothing) when the schema is current;
 * on PGlite the privileges are left alone ('embedded'). Throws MigrationError
 * as bringSchemaCurrent does, and 'privileges_need_owner' when an object of
 * the map belongs to another role.
 */
export async function migrateAndRestatePrivileges(db: Database, packs: PublishedPacks): Promise<OwnerMigration> {
  const connected = await connectedRole(db);
  const applied = await applyPending(db, DEFAULT_DIR, connected);
  const catalogued = await bringCatalogueCurrent(db, packs, connected);
  if (!connected.mayMigrate) return { applied, catalogued, privileges: { outcome: 'not-owner', role: APP_ROLE, connectedRole: connected.role } };
  return { applied, catalogued, privileges: await restatePrivileges(db) };
}
