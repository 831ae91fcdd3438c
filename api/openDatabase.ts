// Opens the database the configuration names — PostgreSQL at DATABASE_URL,
// else the embedded PGlite in DATA_DIR — the one way the server and every CLI
// find it, so `npm run audit`, `npm run retention` and `npm run officers`
// always work on the data the server works on.
import { join } from 'node:path';
import type { ApiConfig } from './apiConfig.js';
import type { Database } from './database.js';
import { createPgliteDatabase } from './pgliteDatabase.js';
import { createPostgresDatabase } from './postgresDatabase.js';

/** The PGlite directory inside DATA_DIR (PGlite allows one process per directory: stop the server before a CLI). */
export const pgliteDirOf = (dataDir: string) => join(dataDir, 'pglite');

export function openDatabase(config: Pick<ApiConfig, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  return config.databaseUrl ? createPostgresDatabase(config.databaseUrl) : createPgliteDatabase(pgliteDirOf(config.dataDir));
}
