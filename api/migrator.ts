// Brings a database to the schema this code expects, at start-up, on either
// engine. Each migration file is applied once, in order, and may never change
// afterwards: a database's history must match the files that claim to build it.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.js';

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
      throw new Error(`Migration file "${file}" must be named NNN_name.sql (lower case, digits, underscores)`);
    }
    const version = Number(match[1]);
    if (files.some((f) => f.version === version)) throw new Error(`Two migration files have version ${match[1]}`);
    // Line endings are normalised so a checkout with CRLF does not count as an edit.
    const sql = (await readFile(join(dir, file), 'utf8')).replace(/\r\n/g, '\n');
    const checksum = createHash('sha256').update(sql).digest('hex');
    files.push({ version, name: file.slice(0, -'.sql'.length), sql, checksum });
  }
  return files;
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
    if (applied.checksum !== file.checksum) {
      throw new Error(
        `Migration ${file.name} was changed after it was applied (checksum ${applied.checksum} in the database, ` +
          `${file.checksum} on disk); add a new migration instead of editing an applied one`,
      );
    }
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
 * returns the names applied now (empty when already up to date).
 */
export async function migrate(db: Database, dir: string = DEFAULT_DIR): Promise<string[]> {
  const applied: string[] = [];
  for (const file of await readMigrations(dir)) {
    if (await db.transaction((tx) => applyOnce(tx, file))) applied.push(file.name);
  }
  return applied;
}
