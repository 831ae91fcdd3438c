// The API composed from its configuration: the database (opened, and migrated
// when the connected role may, else checked to be current), the repositories,
// the officers directory, the token verifier, the router under /api/v1, and
// the retention job on its interval. Whoever serves it (the bot's server
// today, a process of its own tomorrow) mounts the router and calls close()
// when stopping; nothing here knows of the bot.
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { ApiConfig } from './apiConfig.js';
import { apiRouter } from './apiRouter.js';
import { createApiTokenVerifier } from './apiTokenVerifier.js';
import type { Database } from './database.js';
import { loadOrCreateDevSigningKey } from './devSigningKey.js';
import { bringSchemaCurrent } from './migrator.js';
import { DevFallbackOfficerDirectory, SqlOfficerDirectory } from './officerDirectory.js';
import { openDatabase } from './openDatabase.js';
import { scheduleRetention } from './retentionJob.js';
import { SqlAssessmentRepository } from './sqlAssessmentRepository.js';
import { SqlCaseRepository } from './sqlCaseRepository.js';

export interface ApiOptions {
  log: Logger;
  methodology: MethodologySource;
  /**
   * Dev mode (no bot authentication): an officer the API does not know acts as the fictitious dev
   * officer (config.dev) and may be assigned to cases.
   */
  devMode: boolean;
  /** Use this database instead of the configured one; the caller keeps it and closes it. */
  database?: Database;
}

export interface RunningApi {
  /** Mount under API_PREFIX. */
  router: Router;
  database: Database;
  /** Stops the retention job and closes the database it opened (not one it was given). */
  close(): Promise<void>;
}

export async function createApi(config: ApiConfig, { log, methodology, devMode, database: given }: ApiOptions): Promise<RunningApi> {
  const database = given ?? (await openDatabase(config));
  const closers: (() => unknown)[] = given ? [] : [() => database.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    // The app role may not migrate: a pending migration refuses the start here, naming `npm run migrate`.
    const applied = await bringSchemaCurrent(database);
    log.info({ engine: database.kind, applied: applied.length }, 'database ready');
    const provisioned = new SqlOfficerDirectory(database);
    const router = apiRouter({
      repository: new SqlAssessmentRepository(database),
      cases: new SqlCaseRepository(database),
      methodology,
      // Entra officers take their region from the provisioned officers only; the dev fallback answers the routes.
      verifier: createApiTokenVerifier({ entra: config.entra, signingKey: loadOrCreateDevSigningKey(config.dataDir), officers: provisioned }),
      officers: devMode ? new DevFallbackOfficerDirectory(provisioned, config.dev) : provisioned,
      caseNumberPattern: config.caseNumberPattern,
      log,
    });
    if (config.retentionIntervalMinutes > 0) {
      closers.push(scheduleRetention(database, config.retention, log, config.retentionIntervalMinutes * 60_000));
    }
    return { router, database, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
