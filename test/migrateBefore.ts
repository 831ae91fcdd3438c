// For the tests of a migration that changes existing data: a database as every
// existing one stood before it — migrated with the shipped files up to, not
// including, the one under test — so a test can write the old data and then
// migrate the rest.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../api/database.js';
import { migrate } from '../api/migrator.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../api/migrations/', import.meta.url));

/** Applies the shipped migrations named before `firstNew` (e.g. '092'); resolves with the names applied. */
export async function migrateBefore(db: Database, firstNew: string): Promise<string[]> {
  const before = await mkdtemp(join(tmpdir(), `bops-migrations-before-${firstNew}-`));
  try {
    for (const name of (await readdir(MIGRATIONS_DIR)).filter((n) => n.endsWith('.sql') && n < firstNew)) await copyFile(join(MIGRATIONS_DIR, name), join(before, name));
    return await migrate(db, before);
  } finally {
    await rm(before, { recursive: true, force: true });
  }
}
